package org.fwsim.hal.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeySourceTest {

  private static final byte[] MESSAGE =
      "PKCSReq FGVM02TM24000001".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void everyTypeMakesAPairThatSignsAndVerifies(KeyType type) throws Exception {
    KeyPair pair = KeySource.jca().generate(type);

    // The JDK's default providers sign here, as the SCEP code will: keys must work with them.
    String algorithm = type.isEc() ? "SHA256withECDSA" : "SHA256withRSA";
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(pair.getPrivate());
    signer.update(MESSAGE);
    byte[] signature = signer.sign();

    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(pair.getPublic());
    verifier.update(MESSAGE);
    assertTrue(verifier.verify(signature));
    assertEquals(type, KeyType.of(pair.getPublic()), "size and curve are what was asked");
    assertTrue(KeyMatch.matches(pair.getPublic(), pair.getPrivate()));
  }

  @Test
  void everyKeyIsFresh() {
    KeyPair a = KeySource.jca().generate(KeyType.EC_P256);
    KeyPair b = KeySource.jca().generate(KeyType.EC_P256);
    assertNotEquals(
        Arrays.toString(a.getPublic().getEncoded()), Arrays.toString(b.getPublic().getEncoded()));
  }

  @Test
  void keyTypesParseFromTheGenerateCommandWords() {
    assertEquals(KeyType.RSA_2048, KeyType.parse("rsa", "2048"));
    assertEquals(KeyType.RSA_4096, KeyType.parse("RSA", "4096"));
    assertEquals(KeyType.EC_P256, KeyType.parse("ec", "secp256r1"));
    assertEquals(KeyType.EC_P384, KeyType.parse("ec", "secp384r1"));
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> KeyType.parse("rsa", "1024"));
    assertTrue(size.getMessage().contains("'1024'"), size.getMessage());
    assertEquals(KeyType.EC_P521, KeyType.parse("ec", "secp521r1"));
    IllegalArgumentException curve =
        assertThrows(IllegalArgumentException.class, () -> KeyType.parse("ec", "prime256v1"));
    assertTrue(curve.getMessage().contains("'prime256v1'"), curve.getMessage());
    assertThrows(IllegalArgumentException.class, () -> KeyType.parse("dsa", "2048"));
  }

  @Test
  void keysOfOtherCurvesAndSizesAreNamedAsUnsupported() throws Exception {
    java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
    // The JDK dropped secp256k1; BouncyCastle still makes it: a 256-bit curve that is not P-256.
    java.security.KeyPairGenerator k1 =
        java.security.KeyPairGenerator.getInstance("EC", JcaKeySource.BOUNCY_CASTLE);
    k1.initialize(new java.security.spec.ECGenParameterSpec("secp256k1"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> KeyType.of(k1.generateKeyPair().getPublic()));
    assertTrue(e.getMessage().contains("256"), e.getMessage());
    ec.initialize(new java.security.spec.ECGenParameterSpec("secp521r1"));
    assertEquals(KeyType.EC_P521, KeyType.of(ec.generateKeyPair().getPublic()));
  }
}
