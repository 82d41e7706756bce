package org.fwsim.firmware.cert;

import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.KeyType;

/**
 * What {@code execute vpn certificate local generate rsa|ec ...} asks for (fortios.md §4.1).
 *
 * @param vdom the VDOM whose {@code config vpn certificate local} gets the entry
 * @param name the entry's name
 * @param keyType the key to make
 * @param subject the CSR subject built from subject, country, state, city, org, unit, email
 * @param scepUrl the CA's SCEP URL, parsed where the command was read
 * @param challenge the challenge password, null for none
 * @param caIdentifier the CA identifier ({@code message=}), null for none
 * @param sourceIp the source address, {@link Ip4#ANY} for the egress interface's
 */
public record GenerateRequest(
    String vdom,
    String name,
    KeyType keyType,
    X500Name subject,
    ScepUrl scepUrl,
    String challenge,
    String caIdentifier,
    int sourceIp) {

  public GenerateRequest {
    Objects.requireNonNull(vdom, "vdom");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(subject, "subject");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a local certificate needs a name");
    }
    if (name.length() > 35) {
      throw new IllegalArgumentException(
          "local certificate name " + name + " is longer than 35 characters");
    }
    if (scepUrl == null) {
      throw new IllegalArgumentException("local certificate " + name + " needs a SCEP URL");
    }
  }
}
