package org.fwsim.testbench.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.tls.TlsSRPLoginParameters;
import org.junit.jupiter.api.Test;

class EstSrpLoginTest {

  /** Draws zero bytes first, then ones: a salt drawn once would start with 0x00. */
  private static final class ZerosFirst extends SecureRandom {
    private int draws;

    @Override
    public void nextBytes(byte[] bytes) {
      java.util.Arrays.fill(bytes, draws++ == 0 ? (byte) 0 : (byte) 1);
    }
  }

  @Test
  void theSaltNeverStartsWithAZeroByteWhichOpensslWouldDropFromTheHash() {
    ZerosFirst random = new ZerosFirst();
    TlsSRPLoginParameters login = new EstSrpLogin("secret", random).getLoginParameters(user());

    assertNotEquals(0, login.getSalt()[0]);
    assertEquals(16, login.getSalt().length);
    assertEquals(2, random.draws, "the zero-led salt was drawn again");
  }

  @Test
  void anotherUserGetsNoLogin() {
    assertNull(
        new EstSrpLogin("secret").getLoginParameters("admin".getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] user() {
    return EstResponder.USER.getBytes(StandardCharsets.UTF_8);
  }
}
