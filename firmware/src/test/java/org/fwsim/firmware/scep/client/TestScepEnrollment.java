package org.fwsim.firmware.scep.client;

import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.KeyType;

/**
 * A {@link ScepEnrollment} for tests, starting from a first enrollment of an RSA-2048 key in the
 * VDOM's range with no {@code source-ip}: each step names only what it changes.
 */
public final class TestScepEnrollment {
  private final ScepEnrollment first;
  private KeyType keyType = KeyType.RSA_2048;
  private boolean privateKeyRetain;
  private boolean global;
  private int sourceIp = Ip4.ANY;

  private TestScepEnrollment(ScepEnrollment first) {
    this.first = first;
  }

  /**
   * The local certificate {@code certificate} enrolled at {@code scepUrl}.
   *
   * @throws IllegalArgumentException for an unusable {@code scepUrl}
   */
  public static TestScepEnrollment of(
      String certificate, String scepUrl, String challenge, X500Name subject) {
    return new TestScepEnrollment(
        new ScepEnrollment(
            certificate,
            ScepUrl.parse(scepUrl),
            challenge,
            null,
            subject,
            KeyType.RSA_2048,
            false,
            false,
            Ip4.ANY));
  }

  /** The key of a first enrollment. */
  public TestScepEnrollment keyType(KeyType type) {
    keyType = type;
    return this;
  }

  /** {@code private-key-retain enable}: a renewal keeps the current key. */
  public TestScepEnrollment privateKeyRetain() {
    privateKeyRetain = true;
    return this;
  }

  /** {@code range global}: the certificate lives in the global store. */
  public TestScepEnrollment global() {
    global = true;
    return this;
  }

  /** {@code source-ip}. */
  public TestScepEnrollment sourceIp(int ip) {
    sourceIp = ip;
    return this;
  }

  /** The enrollment, with the record's checks run again. */
  public ScepEnrollment build() {
    return new ScepEnrollment(
        first.certificate(),
        first.scepUrl(),
        first.challenge(),
        first.caIdentifier(),
        first.subject(),
        keyType,
        privateKeyRetain,
        global,
        sourceIp);
  }
}
