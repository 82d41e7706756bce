package org.fwsim.testbench.mgmt.https;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.security.PrivateKey;
import java.time.Instant;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.fwsim.firmware.admin.SealedKeys;
import org.junit.jupiter.api.Test;

/**
 * The factory self-signed certificate as the configuration keeps it (its key sealed, as a local
 * certificate's) and the TLS context made from it; one kept in clear text before still serves.
 */
class ServerCertificatesTest {
  private static final String SERIAL = "FGVM01TM26000001";

  @Test
  void theSelfSignedKeyIsSealedAndMakesAContextOncePerText() throws Exception {
    ServerCertificates.SelfSigned kept = ServerCertificates.selfSigned(SERIAL, Instant.now());
    assertTrue(kept.pem().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), kept.pem());
    assertTrue(kept.pem().contains("-----BEGIN CERTIFICATE-----"), kept.pem());
    assertFalse(kept.pem().contains("BEGIN PRIVATE KEY"), "never in clear text");
    ServerCertificates certs = new ServerCertificates();
    var context = certs.contextFor(SERIAL, null, kept);
    assertNotNull(context);
    assertSame(context, certs.contextFor(SERIAL, null, kept), "cached");
  }

  @Test
  void aKeyKeptInClearTextStillServesAndIsSealedWithTheSameKey() throws Exception {
    ServerCertificates.SelfSigned kept = ServerCertificates.selfSigned(SERIAL, Instant.now());
    PrivateKey key = SealedKeys.open(kept.pem(), kept.concealedPassword(), "test");
    StringWriter clear = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(clear)) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    }
    String certificate = kept.pem().substring(kept.pem().indexOf("-----BEGIN CERTIFICATE-----"));
    var legacy = new ServerCertificates.SelfSigned(clear + certificate, "");
    assertNotNull(new ServerCertificates().contextFor(SERIAL, null, legacy), "still loads");

    ServerCertificates.SelfSigned sealed = ServerCertificates.sealed(SERIAL, legacy);
    assertTrue(SealedKeys.isSealed(sealed.pem()), sealed.pem());
    assertTrue(sealed.pem().endsWith(certificate.strip()), "the same certificate");
    assertEquals(key, SealedKeys.open(sealed.pem(), sealed.concealedPassword(), "test"));
    assertSame(sealed, ServerCertificates.sealed(SERIAL, sealed), "sealed once");
  }
}
