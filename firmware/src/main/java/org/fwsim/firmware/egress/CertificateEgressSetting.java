package org.fwsim.firmware.egress;

import java.util.Objects;

/**
 * The egress part of a VDOM's {@code config vpn certificate setting}: how the SCEP path chooses its
 * outgoing interface. The per-certificate {@code source-ip} is passed to each selection instead,
 * because it belongs to the certificate (or to {@code execute vpn certificate ca import auto}).
 *
 * @param method {@code interface-select-method}
 * @param interfaceName {@code interface}, used with {@link InterfaceSelectMethod#SPECIFY}; empty
 *     when unset
 */
public record CertificateEgressSetting(InterfaceSelectMethod method, String interfaceName) {

  /** The FortiOS default: {@code interface-select-method auto}, no interface. */
  public static final CertificateEgressSetting AUTO =
      new CertificateEgressSetting(InterfaceSelectMethod.AUTO, "");

  /**
   * Null interface becomes empty; a missing interface with {@code specify} is reported at
   * selection.
   */
  public CertificateEgressSetting {
    Objects.requireNonNull(method, "interface-select-method");
    interfaceName = interfaceName == null ? "" : interfaceName;
  }

  /** {@code interface-select-method specify} with {@code set interface <name>}. */
  public static CertificateEgressSetting specify(String interfaceName) {
    return new CertificateEgressSetting(InterfaceSelectMethod.SPECIFY, interfaceName);
  }

  /** {@code interface-select-method sdwan}. */
  public static CertificateEgressSetting sdwan() {
    return new CertificateEgressSetting(InterfaceSelectMethod.SDWAN, "");
  }
}
