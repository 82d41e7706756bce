package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.testbench.report.model.BoundResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CMP crypto bound: each key update signs and verifies the KUR, the kup, the certConf and the
 * pkiConf (three signatures and three verifications per side), for RSA and EC appliance keys; it is
 * measured like the SCEP bound and is what a cmpv2 storm compares itself with.
 */
class CmpBoundTest {

  @ParameterizedTest
  @EnumSource(CryptoBound.ClientKey.class)
  void everyRenewalSignsAndVerifiesOnBothSides(CryptoBound.ClientKey key) throws Exception {
    CmpRenewalOps ops = new CmpRenewalOps(BoundKeys.generate(key), new SecureRandom());
    ops.windowOpened();
    ops.renewOnce();
    ops.renewOnce();
    double share = ops.applianceShare();
    assertTrue(share > 0 && share < 1, "appliance share " + share);
  }

  @Test
  void eachSideSignsThreeTimesAndVerifiesThreeTimes() {
    assertEquals(3, CmpRenewalOps.count(true, true)); // POP, KUR, certConf
    assertEquals(3, CmpRenewalOps.count(true, false)); // kup, certificate, pkiConf
    assertEquals(3, CmpRenewalOps.count(false, true)); // certificate, kup, pkiConf
    assertEquals(3, CmpRenewalOps.count(false, false)); // KUR, POP, certConf
  }

  @Test
  void aCmpStormIsComparedWithItsOwnBound() {
    assertEquals(CryptoBound.Method.CMPV2, CryptoBound.Method.of(EnrollProtocol.CMPV2));
    BoundResult r = EstBoundTest.ticked(CryptoBound.Method.CMPV2, CryptoBound.ClientKey.RSA_2048);
    assertEquals(10, r.renewals(), r.toString());
    assertTrue(r.toString().startsWith("cmpv2 rsa2048"), r.toString());
  }
}
