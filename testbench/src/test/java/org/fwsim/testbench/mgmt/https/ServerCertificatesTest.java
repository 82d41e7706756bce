package org.fwsim.testbench.mgmt.https;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The factory self-signed certificate as PEM text and the TLS context made from it. */
class ServerCertificatesTest {

  @Test
  void theSelfSignedPemMakesAContextOncePerText() throws Exception {
    String pem = ServerCertificates.selfSigned("FGVM01TM26000001", Instant.now());
    assertTrue(pem.contains("-----BEGIN CERTIFICATE-----"), pem);
    ServerCertificates certs = new ServerCertificates();
    var context = certs.contextFor("FGVM01TM26000001", null, pem);
    assertNotNull(context);
    assertSame(context, certs.contextFor("FGVM01TM26000001", null, pem), "cached");
  }
}
