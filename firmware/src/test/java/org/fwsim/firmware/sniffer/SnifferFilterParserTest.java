package org.fwsim.firmware.sniffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.fwsim.firmware.sniffer.SnifferFilter.Dir;
import org.fwsim.firmware.sniffer.SnifferFilterParser.FilterException;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;
import org.fwsim.hal.net.SniffedPacket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The sniffer's filter syntax: the tree it builds, what it passes, and what it refuses. */
class SnifferFilterParserTest {

  /** port1's SYN to the CA. */
  private static final SniffedPacket SYN = tcp("192.168.1.99", 40000, "10.5.149.111", 80);

  private static final SniffedPacket PING =
      new SniffedPacket(
          Instant.EPOCH,
          "port1",
          true,
          SniffedPacket.ICMP,
          Ip4.parse("192.168.1.99"),
          0,
          Ip4.parse("8.8.8.8"),
          0,
          SniffedPacket.ECHO_REQUEST,
          0,
          0,
          new byte[0]);

  @Test
  void buildsATypedTree() throws FilterException {
    assertEquals(
        new SnifferFilter.And(
            new SnifferFilter.Net(Dir.EITHER, Ip4Prefix.parse("10.5.149.111/32")),
            new SnifferFilter.Port(Dir.DST, 80, SniffedPacket.TCP)),
        SnifferFilterParser.parse("host 10.5.149.111 and tcp dst port 80"));
    assertInstanceOf(SnifferFilter.All.class, SnifferFilterParser.parse("none"));
    assertInstanceOf(SnifferFilter.All.class, SnifferFilterParser.parse("  "));
  }

  @Test
  void andBindsTighterThanOr() throws FilterException {
    assertEquals(
        new SnifferFilter.Or(
            new SnifferFilter.Proto(SniffedPacket.ICMP),
            new SnifferFilter.And(
                new SnifferFilter.Proto(SniffedPacket.TCP),
                new SnifferFilter.Port(Dir.EITHER, 80, -1))),
        SnifferFilterParser.parse("icmp or tcp and port 80"));
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "host 10.5.149.111;true;false",
        "src host 192.168.1.99;true;true",
        "dst host 192.168.1.99;false;false",
        "net 10.5.0.0/16;true;false",
        "dst net 8.8.8.0/24;false;true",
        "port 80;true;false",
        "src port 80;false;false",
        "tcp port 80;true;false",
        "udp port 80;false;false",
        "tcp;true;false",
        "udp;false;false",
        "icmp;false;true",
        "ip;true;true",
        "not port 80;false;true",
        "! tcp;false;true",
        "tcp && port 80;true;false",
        "icmp || port 80;true;true",
        "host 192.168.1.99 and ( 10.5.149.111 or 8.8.8.8 );true;true",
        "host 192.168.1.99 and ( 10.5.149.111 or 9.9.9.9 );true;false",
        "port 443 or (port 80 and not icmp);true;false",
        "port ( 443 or 80 );true;false",
        "(((tcp)));true;false",
        "TCP AND PORT 80;true;false"
      })
  void passesWhatTcpdumpWould(String filter, boolean syn, boolean ping) throws FilterException {
    SnifferFilter f = SnifferFilterParser.parse(filter);
    assertEquals(syn, f.matches(SYN), "the SYN to the CA");
    assertEquals(ping, f.matches(PING), "the ping");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "port",
        "host",
        "port and host",
        "tcp and",
        "( tcp",
        "tcp )",
        "and tcp",
        "80",
        "foo",
        "icmp port 7",
        "tcp host 1.2.3.4",
        "not"
      })
  void refusesWithASyntaxError(String filter) {
    FilterException e =
        assertThrows(FilterException.class, () -> SnifferFilterParser.parse(filter));
    assertTrue(
        e.getMessage().contains("syntax error") || e.getMessage().contains("illegal"),
        e.getMessage());
  }

  @Test
  void refusesBadValuesNamingThem() {
    assertEquals("unknown host 'ca.example'", message("host ca.example"));
    assertEquals("unknown host '10.5.149.300'", message("host 10.5.149.300"));
    assertEquals("illegal port number 70000 > 65535", message("port 70000"));
    assertEquals("unknown port 'http'", message("port http"));
    assertEquals("non-network bits set in \"10.5.149.111/16\"", message("net 10.5.149.111/16"));
    assertEquals("illegal character: '$'", message("port $80"));
  }

  @Test
  void aPortNeverMatchesIcmp() throws FilterException {
    assertFalse(SnifferFilterParser.parse("port 0").matches(PING));
  }

  private static String message(String filter) {
    return assertThrows(FilterException.class, () -> SnifferFilterParser.parse(filter))
        .getMessage();
  }

  private static SniffedPacket tcp(String src, int sport, String dst, int dport) {
    return new SniffedPacket(
        Instant.EPOCH,
        "port1",
        true,
        SniffedPacket.TCP,
        Ip4.parse(src),
        sport,
        Ip4.parse(dst),
        dport,
        SniffedPacket.SYN,
        1,
        0,
        new byte[0]);
  }
}
