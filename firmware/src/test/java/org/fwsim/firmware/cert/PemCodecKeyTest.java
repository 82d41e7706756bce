package org.fwsim.firmware.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemCodecKeyTest {

  private static KeyPair rsa;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    rsa = g.generateKeyPair();
  }

  @Test
  void encryptedKeyDecryptsBackUnderItsPasswordOnly() {
    String pem = PemCodec.encryptedKey(rsa.getPrivate(), "s3cret".toCharArray());
    assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), pem);
    assertTrue(!pem.contains("BEGIN PRIVATE KEY"), "the key must never be written in clear");

    PrivateKey back = PemCodec.decryptKey(pem, "s3cret".toCharArray(), "test key");
    assertArrayEquals(rsa.getPrivate().getEncoded(), back.getEncoded());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PemCodec.decryptKey(pem, "wrong".toCharArray(), "test key"));
    assertTrue(e.getMessage().contains("test key"), e.getMessage());
  }

  @Test
  void eachEncryptionUsesFreshSaltAndIv() {
    assertNotEquals(
        PemCodec.encryptedKey(rsa.getPrivate(), "pw".toCharArray()),
        PemCodec.encryptedKey(rsa.getPrivate(), "pw".toCharArray()));
  }

  @Test
  void opensslReadsTheEncryptedKey(@TempDir Path dir) throws Exception {
    Peer.OPENSSL.require();
    Path file = dir.resolve("key.pem");
    Files.writeString(file, PemCodec.encryptedKey(rsa.getPrivate(), "pw".toCharArray()));
    PeerRun openssl =
        PeerRun.of(
            dir,
            Duration.ofSeconds(30),
            List.of(
                "openssl",
                "rsa",
                "-in",
                file.toString(),
                "-passin",
                "pass:pw",
                "-noout",
                "-modulus"));
    String output = openssl.output();
    assertEquals(0, openssl.exit(), output);
    String modulus =
        ((java.security.interfaces.RSAPublicKey) rsa.getPublic()).getModulus().toString(16);
    assertEquals("Modulus=" + modulus.toUpperCase(java.util.Locale.ROOT), output.trim());
  }
}
