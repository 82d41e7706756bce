package org.fwsim.testbench.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.Signature;
import java.util.List;
import org.fwsim.hal.pki.KeySource;
import org.fwsim.hal.pki.KeyType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A batch file's bytes: keys come back whole and usable, or the batch is refused with a reason. */
class KeyBatchTest {

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"RSA_2048", "EC_P256"})
  void keysComeBackAsTheSameWorkingPairs(KeyType type) throws Exception {
    List<KeyPair> keys = List.of(KeySource.jca().generate(type), KeySource.jca().generate(type));
    List<KeyPair> back = KeyBatch.decode(type, KeyBatch.encode(type, keys));
    assertEquals(2, back.size());
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(keys.get(i).getPublic().getEncoded(), back.get(i).getPublic().getEncoded());
      assertArrayEquals(
          keys.get(i).getPrivate().getEncoded(), back.get(i).getPrivate().getEncoded());
      String alg = type.isEc() ? "SHA256withECDSA" : "SHA256withRSA";
      Signature s = Signature.getInstance(alg);
      s.initSign(back.get(i).getPrivate());
      s.update((byte) 1);
      byte[] sig = s.sign();
      s.initVerify(keys.get(i).getPublic());
      s.update((byte) 1);
      assertTrue(s.verify(sig), "the private key read back signs for the public key");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"EC_P256"})
  void anAlteredShortOrForeignBatchIsRefused(KeyType type) {
    byte[] good = KeyBatch.encode(type, List.of(KeySource.jca().generate(type)));
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 1;
    assertTrue(refused(type, flipped).contains("truncated or altered"));
    assertTrue(refused(type, java.util.Arrays.copyOf(good, good.length - 1)).contains("altered"));
    assertTrue(refused(type, new byte[3]).contains("no fwsim-keys header"));
    assertTrue(refused(KeyType.RSA_2048, good).contains("holds ec256 keys, not rsa2048"));
  }

  private static String refused(KeyType type, byte[] file) {
    return assertThrows(KeyBatch.BadBatchException.class, () -> KeyBatch.decode(type, file))
        .getMessage();
  }
}
