package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.InstantSource;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.BERSequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.junit.jupiter.api.Test;

/** The nesting check frames BER and DER as BouncyCastle writes them and finds only real depth. */
class Asn1DepthTest {

  @Test
  void aRealCertificateIsShallowAndAnyNestingOverTheLimitIsDeep() throws Exception {
    KeyPair key = ScepTestClient.rsa();
    PkiRequests codec = new PkiRequests(InstantSource.system(), new SecureRandom());
    byte[] cert = codec.selfSignedSigner(key, new X500Name("CN=depth")).getEncoded();
    assertFalse(Asn1Depth.exceeds(cert, Asn1Depth.MAX_DEPTH));
    assertTrue(Asn1Depth.exceeds(cert, 3), "a certificate nests deeper than 3");

    for (boolean ber : new boolean[] {false, true}) {
      assertFalse(Asn1Depth.exceeds(nested(10, ber), 10), "10 levels fit in 10");
      assertTrue(Asn1Depth.exceeds(nested(11, ber), 10), "11 levels do not");
    }
  }

  @Test
  void siblingsDoNotAddUpAndMalformedInputIsLeftToTheParser() throws Exception {
    ASN1EncodableVector wide = new ASN1EncodableVector();
    for (int i = 0; i < 200; i++) {
      wide.add(new DERSequence(new ASN1Integer(i)));
    }
    assertFalse(Asn1Depth.exceeds(new DERSequence(wide).getEncoded(), 2));
    assertFalse(Asn1Depth.exceeds(new byte[] {0x30, (byte) 0x84, 0x7f}, 2), "truncated length");
    assertFalse(Asn1Depth.exceeds(new byte[] {0x02, (byte) 0x80}, 2), "indefinite primitive");
    assertFalse(Asn1Depth.exceeds(new byte[0], 2));
  }

  /** {@code levels} SEQUENCEs and explicit tags inside each other around one INTEGER. */
  private static byte[] nested(int levels, boolean ber) throws Exception {
    org.bouncycastle.asn1.ASN1Encodable inner = new ASN1Integer(7);
    for (int i = 0; i < levels; i++) {
      inner =
          i % 2 == 0
              ? (ber ? new BERSequence(inner) : new DERSequence(inner))
              : new DERTaggedObject(true, 0, inner);
    }
    return inner.toASN1Primitive().getEncoded(ber ? ASN1Encoding.BER : ASN1Encoding.DER);
  }
}
