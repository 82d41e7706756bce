package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ACME crypto bound: each renewal completes a fresh TLS 1.3 handshake without a client
 * certificate and moves a request and an answer through it, then signs and verifies the renewal's
 * JWS, CSR and certificate, with the RSA keys ACME enrolls; the appliance's side is timed apart.
 */
class AcmeBoundTest {

  @ParameterizedTest
  @EnumSource(
      value = CryptoBound.ClientKey.class,
      names = {"RSA_2048", "RSA_4096"})
  void everyRenewalHandshakesAndSignsItsRequests(CryptoBound.ClientKey key) throws Exception {
    AcmeRenewalOps ops = new AcmeRenewalOps(BoundKeys.generate(key), new SecureRandom());
    long first = ops.renewOnce();
    ops.windowOpened();
    long second = ops.renewOnce();
    // 3,100 bytes through TLS each time, give or take the first bytes of the signatures
    assertTrue(first > 3_100 - 1_024 && second > 3_100 - 1_024, first + " " + second);
    // The appliance's side (its handshake turns, JWS, CSR, certificate check) is timed apart from
    // the server's, which signs the certificate: neither side is all of it.
    double share = ops.applianceShare();
    assertTrue(share > 0 && share < 1, "appliance share " + share);
  }
}
