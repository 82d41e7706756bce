package org.fwsim.firmware.scep.message;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.hal.testing.TestCertificates;

/**
 * The appliance's reading of what a CA sends back: a GetCACert body and a CertRep. Any bytes give a
 * value or a {@link ScepException}, never another exception. Without {@code JAZZER_FUZZ=1} each
 * target replays its seeds under {@code ScepReplyFuzzTestInputs/}.
 */
class ScepReplyFuzzTest {

  private static final MessageRig RIG = new MessageRig("CN=fuzz CA");
  private static final KeyPair DEVICE = TestCertificates.rsaKeyPair();
  private static final OutboundRequest SENT = pkcsReq();

  private static OutboundRequest pkcsReq() {
    try {
      return RIG.selfSignedPkcsReq(DEVICE, new X500Name("CN=fuzz-dev"), "s3cret", CaCaps.parse(""));
    } catch (ScepException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest
  void getCaCert(byte[] body) {
    for (String type : new String[] {CaCertificates.CA_CERT, CaCertificates.CA_RA_CERT, ""}) {
      try {
        assertNotNull(CaCertificates.parseLenient(type, body).ca());
      } catch (ScepException expected) {
        assertNotNull(expected.getMessage());
      }
    }
  }

  @FuzzTest
  void certRep(byte[] body) {
    try {
      assertNotNull(RIG.open(body, SENT, DEVICE.getPrivate()).status());
    } catch (ScepException expected) {
      assertNotNull(expected.getMessage());
    }
  }
}
