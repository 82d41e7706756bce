package org.fwsim.firmware.cmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code cmp-server} and {@code cmp-path} as FortiOS users write them. */
class CmpServerTest {

  @Test
  void addressPortAndAPathWithOrWithoutItsSlash() {
    assertEquals(
        new CmpServer("10.5.149.111", 8080, "/pkix/"),
        CmpServer.parse("10.5.149.111:8080", "pkix/"));
    assertEquals("/pkix/", CmpServer.parse("10.5.149.111", "/pkix/").path());
    assertEquals(80, CmpServer.parse("10.5.149.111", "").port());
    assertEquals("/", CmpServer.parse("10.5.149.111", null).path());
    assertEquals(
        "http://10.5.149.111:8080/pkix/", CmpServer.parse("10.5.149.111:8080", "pkix/").toString());
    assertEquals("10.5.149.111", CmpServer.parse("10.5.149.111:80", "").hostHeader());
  }

  @Test
  void aUrlOrABadPortIsRefusedWithTheReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CmpServer.parse("http://10.5.149.111/pkix", ""));
    assertTrue(e.getMessage().contains("address:port, not a URL"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CmpServer.parse("10.5.149.111:http", ""));
    assertThrows(IllegalArgumentException.class, () -> CmpServer.parse("10.5.149.111:70000", ""));
    assertThrows(IllegalArgumentException.class, () -> CmpServer.parse("", "pkix/"));
  }
}
