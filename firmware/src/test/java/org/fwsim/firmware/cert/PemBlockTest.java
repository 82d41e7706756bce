package org.fwsim.firmware.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.testing.TestCertificates.Issued;
import org.junit.jupiter.api.Test;

/** The PEM the write-back stores is the text BouncyCastle's writer made before. */
class PemBlockTest {

  @Test
  void aChainIsWrittenAsBouncyCastleWritesIt() throws Exception {
    Issued ca = TestCertificates.rootCa("Pem CA");
    Issued leaf = TestCertificates.leaf("pem", ca);
    StringWriter bc = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(bc)) {
      w.writeObject(leaf.certificate());
      w.writeObject(ca.certificate());
    }
    String written = PemCodec.certificates(List.of(leaf.certificate(), ca.certificate()));
    assertEquals(bc.toString(), written);
    assertEquals(
        List.of(leaf.certificate(), ca.certificate()), PemCodec.parseCertificates(written, "t"));
  }

  @Test
  void aBlockOfAnyLengthBreaksItsLinesAsBouncyCastleDoes() throws Exception {
    for (int n : new int[] {1, 47, 48, 49, 96, 1217}) {
      byte[] der = new byte[n];
      for (int i = 0; i < n; i++) {
        der[i] = (byte) (i * 31);
      }
      StringWriter bc = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(bc)) {
        w.writeObject(new PemObject("ENCRYPTED PRIVATE KEY", der));
      }
      assertEquals(
          bc.toString(),
          PemBlock.append(new StringBuilder(), "ENCRYPTED PRIVATE KEY", der).toString(),
          n + " bytes");
    }
  }
}
