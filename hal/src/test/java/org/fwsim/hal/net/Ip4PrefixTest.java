package org.fwsim.hal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ip4PrefixTest {

  @Test
  void parsesAndFormatsAddresses() throws Exception {
    assertEquals(0x0a000101, Ip4.parse("10.0.1.1"));
    assertEquals(0xffffffff, Ip4.parse("255.255.255.255"));
    assertEquals("192.168.1.99", Ip4.toString(Ip4.parse("192.168.1.99")));
    assertEquals("255.255.255.255", Ip4.toString(-1));
    assertEquals(Ip4.of(127, 1, 0, 1), Ip4.fromInetAddress(InetAddress.getByName("127.1.0.1")));
    assertEquals("/127.1.0.1", Ip4.toInetAddress(Ip4.of(127, 1, 0, 1)).toString());
    assertTrue(Ip4.isLoopback(Ip4.parse("127.200.3.4")));
    assertFalse(Ip4.isLoopback(Ip4.parse("128.0.0.1")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|it is empty",
        "10.0.0|expected four octets",
        "10.0.0.0.1|more than four octets",
        "10.0.0.256|larger than 255",
        "10..0.1|octet 2 is empty",
        "10.0.0.|octet 4 is empty",
        "10.0.0.x|unexpected character 'x'",
        "-1.0.0.0|unexpected character '-'",
        "1000.0.0.0|larger than 255"
      })
  void rejectsBadAddressesWithAReason(String text, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ip4.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void parsesBothPrefixForms() {
    assertEquals(new Ip4Prefix(Ip4.of(10, 0, 0, 0), 8), Ip4Prefix.parse("10.0.0.0/8"));
    assertEquals(new Ip4Prefix(Ip4.of(10, 0, 0, 0), 8), Ip4Prefix.parse("10.0.0.0 255.0.0.0"));
    assertEquals(
        new Ip4Prefix(Ip4.of(100, 1, 1, 0), 24), Ip4Prefix.parse("  100.1.1.0   255.255.255.0 "));
    assertEquals(Ip4Prefix.DEFAULT, Ip4Prefix.parse("0.0.0.0 0.0.0.0"));
    assertEquals(Ip4Prefix.host(Ip4.of(1, 1, 1, 1)), Ip4Prefix.parse("1.1.1.1/32"));
  }

  @Test
  void clearsHostBits() {
    Ip4Prefix p = Ip4Prefix.parse("10.1.2.3/16");
    assertEquals("10.1.0.0/16", p.toString());
    assertEquals(p, new Ip4Prefix(Ip4.of(10, 1, 99, 99), 16));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0",
        "10.0.0.0/33",
        "10.0.0.0/",
        "10.0.0.0/-1",
        "10.0.0.0/8 255.0.0.0",
        "10.0.0.0 255.0.255.0",
        "10.0.0.0 255.0.0",
        "10.0.0.300/8",
        "10.0.0.0/x",
        " ",
        "10.0.0.0/008"
      })
  void rejectsBadPrefixesNamingTheText(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ip4Prefix.parse(text));
    assertTrue(
        e.getMessage().startsWith("invalid IPv4 prefix '" + text + "'")
            || e.getMessage().startsWith("IPv4 prefix is missing"),
        e.getMessage());
  }

  @Test
  void nonContiguousMaskIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ip4Prefix.parse("10.0.0.0 255.0.255.0"));
    assertTrue(e.getMessage().contains("netmask 255.0.255.0 is not contiguous"), e.getMessage());
  }

  @Test
  void containsAndMaskForms() {
    Ip4Prefix p = Ip4Prefix.parse("192.168.0.0/23");
    assertTrue(p.contains(Ip4.parse("192.168.1.255")));
    assertFalse(p.contains(Ip4.parse("192.168.2.0")));
    assertTrue(p.contains(Ip4Prefix.parse("192.168.1.0/24")));
    assertFalse(p.contains(Ip4Prefix.parse("192.168.0.0/22")));
    assertTrue(Ip4Prefix.DEFAULT.contains(Ip4.parse("203.0.113.9")));
    assertEquals(32, Ip4.prefixLength(-1));
    assertEquals(0, Ip4.prefixLength(0));
  }

  @Test
  void ordersAsTheRoutingTable() {
    assertTrue(Ip4Prefix.parse("1.1.1.0/24").compareTo(Ip4Prefix.parse("1.1.1.1/32")) < 0);
    assertTrue(Ip4Prefix.parse("100.1.1.0/24").compareTo(Ip4Prefix.parse("192.168.0.0/24")) < 0);
    // unsigned: 200.x sorts after 10.x although its int is negative
    assertTrue(Ip4Prefix.parse("200.0.0.0/8").compareTo(Ip4Prefix.parse("10.0.0.0/8")) > 0);
    assertTrue(Ip4Prefix.parse("10.0.0.0/8").compareTo(Ip4Prefix.parse("10.0.0.0/16")) < 0);
  }
}
