package org.fwsim.firmware.scep.client;

import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.KeyType;

/**
 * What to enroll or renew: the {@code config vpn certificate local} entry's SCEP settings, as the
 * CLI ({@code execute vpn certificate local generate ...}) or forticron (auto-regenerate) read
 * them.
 *
 * @param certificate the local certificate's name ({@code edit <name>})
 * @param scepUrl {@code scep-url}, parsed where the configuration or the command was read
 * @param challenge {@code scep-password} (the CSR's challengePassword), null for none
 * @param caIdentifier {@code ca-identifier} ({@code message=} of GetCACaps/GetCACert), null for
 *     none
 * @param subject the subject of a first enrollment; a renewal keeps the current certificate's
 * @param keyType the key of a first enrollment; a renewal makes a key like the current one
 * @param privateKeyRetain {@code private-key-retain enable}: a renewal keeps the current key
 * @param global {@code range global} (the global store) rather than {@code range vdom}
 * @param sourceIp {@code source-ip}, {@link Ip4#ANY} to use the egress interface's address
 */
public record ScepEnrollment(
    String certificate,
    ScepUrl scepUrl,
    String challenge,
    String caIdentifier,
    X500Name subject,
    KeyType keyType,
    boolean privateKeyRetain,
    boolean global,
    int sourceIp) {

  public ScepEnrollment {
    if (certificate == null || certificate.isBlank()) {
      throw new IllegalArgumentException("SCEP enrollment needs a certificate name");
    }
    if (scepUrl == null) {
      throw new IllegalArgumentException("certificate " + certificate + " has no scep-url");
    }
    Objects.requireNonNull(keyType, "keyType");
  }
}
