package org.fwsim.firmware.cert;

import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.pki.KeyType;

/**
 * What {@code execute vpn certificate local generate ...} asks for (fortios.md §4.1): a new entry
 * enrolled online over one protocol.
 *
 * @param vdom the VDOM whose {@code config vpn certificate local} gets the entry
 * @param name the entry's name
 * @param keyType the key to make
 * @param subject the CSR subject built from subject, country, state, city, org, unit, email
 * @param protocol the entry's {@code enroll-protocol}
 * @param settings the protocol's fields of the entry ({@code scep-url}, {@code est-server}, {@code
 *     source-ip}...), as {@code set} would take them; checked by the schema when the entry is made
 * @param secrets what the first enrollment needs but the entry does not keep (CMP's user and
 *     password for the IR's MAC); empty for most protocols
 */
public record GenerateRequest(
    String vdom,
    String name,
    KeyType keyType,
    X500Name subject,
    EnrollProtocol protocol,
    Map<String, String> settings,
    Map<String, String> secrets) {

  public GenerateRequest {
    Objects.requireNonNull(vdom, "vdom");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(protocol, "protocol");
    settings = Map.copyOf(settings);
    secrets = Map.copyOf(secrets);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a local certificate needs a name");
    }
    if (name.length() > 35) {
      throw new IllegalArgumentException(
          "local certificate name " + name + " is longer than 35 characters");
    }
    if (protocol == EnrollProtocol.NONE) {
      throw new IllegalArgumentException("local certificate " + name + " needs a protocol");
    }
  }

  /** Never prints the secrets. */
  @Override
  public String toString() {
    return "GenerateRequest["
        + vdom
        + " "
        + name
        + " "
        + protocol.cli()
        + " "
        + settings.keySet()
        + "]";
  }
}
