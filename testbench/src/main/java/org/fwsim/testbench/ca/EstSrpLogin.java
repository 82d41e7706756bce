package org.fwsim.testbench.ca;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.crypto.agreement.srp.SRP6StandardGroups;
import org.bouncycastle.crypto.agreement.srp.SRP6VerifierGenerator;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.params.SRP6GroupParameters;
import org.bouncycastle.tls.TlsSRPIdentityManager;
import org.bouncycastle.tls.TlsSRPLoginParameters;
import org.bouncycastle.tls.crypto.TlsSRPConfig;

/**
 * The TLS-SRP (RFC 5054) login of the CA's EST server: one user, {@link EstResponder#USER}, whose
 * password is the CA's static challenge, as HTTP basic {@code est:<challenge>} is. The verifier is
 * computed once, with a random salt, in RFC 5054's 2048-bit group; the challenge itself is not
 * kept. One-time challenges cannot be SRP passwords: a verifier is fixed before any connection.
 */
final class EstSrpLogin implements TlsSRPIdentityManager {

  private static final SRP6GroupParameters GROUP = SRP6StandardGroups.rfc5054_2048;

  private final byte[] user = EstResponder.USER.getBytes(StandardCharsets.UTF_8);
  private final byte[] salt = new byte[16];
  private final BigInteger verifier;

  /**
   * @throws IllegalArgumentException when the CA has no static challenge to derive a verifier from
   */
  EstSrpLogin(String challenge) {
    this(challenge, new SecureRandom());
  }

  EstSrpLogin(String challenge, SecureRandom random) {
    if (challenge == null || challenge.isEmpty()) {
      throw new IllegalArgumentException(
          "TLS-SRP needs the CA's challenge password as the SRP password: set --challenge");
    }
    // OpenSSL (curl's TLS-SRP) reads the salt as a number and hashes it back without leading
    // zero bytes, so with a salt starting 0x00 it derives another x than BouncyCastle does from
    // the bytes, and about one handshake in 256 failed with bad_record_mac. No salt starts so.
    do {
      random.nextBytes(salt);
    } while (salt[0] == 0);
    SRP6VerifierGenerator g = new SRP6VerifierGenerator();
    // RFC 5054 §2.4: x = SHA1(s | SHA1(I | ":" | P)).
    g.init(GROUP, new SHA1Digest());
    verifier = g.generateVerifier(salt, user, challenge.getBytes(StandardCharsets.UTF_8));
  }

  /** The login of {@code identity}; null for any other user (the handshake then fails). */
  @Override
  public TlsSRPLoginParameters getLoginParameters(byte[] identity) {
    if (!MessageDigest.isEqual(user, identity)) {
      return null;
    }
    TlsSRPConfig config = new TlsSRPConfig();
    config.setExplicitNG(new BigInteger[] {GROUP.getN(), GROUP.getG()});
    return new TlsSRPLoginParameters(user.clone(), config, verifier, salt.clone());
  }
}
