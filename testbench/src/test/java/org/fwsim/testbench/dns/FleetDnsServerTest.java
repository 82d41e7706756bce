package org.fwsim.testbench.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * The fleet's DNS: A answers for the zone's names (any case, with or without the root's dot), an
 * empty NOERROR for their AAAA, NXDOMAIN for other names; on bytes through Netty's codec, and once
 * over a real loopback UDP socket.
 */
class FleetDnsServerTest {

  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 53);

  @Test
  void answersTheZonesNamesAndNxdomainForOthers() throws Exception {
    FleetZone zone = zone();
    EmbeddedChannel server =
        new EmbeddedChannel(
            new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new DnsAnswerer(zone));

    server.writeInbound(query("FGT-00001-Root.fwsim.test.", DnsRecordType.A));
    DatagramDnsResponse a = answer(server);
    assertEquals(DnsResponseCode.NOERROR, a.code());
    assertTrue(a.isAuthoritativeAnswer());
    assertEquals(7, a.id());
    assertEquals(CLIENT, a.recipient());
    assertEquals(1, a.count(DnsSection.ANSWER));
    DnsRawRecord r = a.recordAt(DnsSection.ANSWER);
    assertEquals(DnsRecordType.A, r.type());
    assertArrayEquals(new byte[] {127, 1, 2, 3}, ByteBufUtil.getBytes(r.content()));
    a.release();

    server.writeInbound(query("fgt-00001-root.fwsim.test", DnsRecordType.AAAA));
    DatagramDnsResponse aaaa = answer(server);
    assertEquals(DnsResponseCode.NOERROR, aaaa.code());
    assertEquals(0, aaaa.count(DnsSection.ANSWER));
    aaaa.release();

    server.writeInbound(query("fwsim.example.", DnsRecordType.A));
    DatagramDnsResponse other = answer(server);
    assertEquals(DnsResponseCode.NXDOMAIN, other.code());
    assertEquals(0, other.count(DnsSection.ANSWER));
    other.release();

    assertEquals(new FleetZone.Questions(2, 1), zone.questions());
    server.finishAndReleaseAll();
  }

  @Test
  void answersOverLoopbackUdp() throws Exception {
    FleetZone zone = zone();
    try (FleetDnsServer dns = FleetDnsServer.start(new InetSocketAddress("127.0.0.1", 0), zone);
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      socket.setSoTimeout(10_000);
      DatagramPacket q = query("fgt-00001-root.fwsim.test.", DnsRecordType.A);
      byte[] bytes = ByteBufUtil.getBytes(q.content());
      q.release();
      socket.send(new java.net.DatagramPacket(bytes, bytes.length, dns.address()));
      java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[512], 512);
      socket.receive(in);
      EmbeddedChannel decoder = new EmbeddedChannel(new DatagramDnsResponseDecoder());
      decoder.writeInbound(
          new DatagramPacket(
              Unpooled.copiedBuffer(in.getData(), 0, in.getLength()), CLIENT, dns.address()));
      DatagramDnsResponse a = decoder.readInbound();
      assertEquals(DnsResponseCode.NOERROR, a.code());
      DnsRawRecord r = a.recordAt(DnsSection.ANSWER);
      assertArrayEquals(new byte[] {127, 1, 2, 3}, ByteBufUtil.getBytes(r.content()));
      a.release();
      decoder.finishAndReleaseAll();
    }
  }

  @Test
  void listensOnLoopbackOnly() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FleetDnsServer.start(new InetSocketAddress("192.0.2.1", 5353), new FleetZone()));
    assertTrue(e.getMessage().contains("loopback only"), e.getMessage());
  }

  private static FleetZone zone() throws Exception {
    FleetZone zone = new FleetZone();
    zone.put("fgt-00001-root.fwsim.test", (Inet4Address) InetAddress.getByName("127.1.2.3"));
    return zone;
  }

  /** The bytes a resolver at {@link #CLIENT} sends to {@link #SERVER}: query 7 for one name. */
  private static DatagramPacket query(String name, DnsRecordType type) {
    EmbeddedChannel client = new EmbeddedChannel(new DatagramDnsQueryEncoder());
    client.writeOutbound(
        new DatagramDnsQuery(CLIENT, SERVER, 7)
            .setRecursionDesired(true)
            .setRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, type)));
    DatagramPacket p = client.readOutbound();
    client.finish();
    return new DatagramPacket(p.content(), SERVER, CLIENT); // the encoder leaves the sender out
  }

  /** The server's answer to the query written last, decoded as the resolver would. */
  private static DatagramDnsResponse answer(EmbeddedChannel server) {
    DatagramPacket out = server.readOutbound();
    EmbeddedChannel decoder = new EmbeddedChannel(new DatagramDnsResponseDecoder());
    decoder.writeInbound(out);
    DatagramDnsResponse r = decoder.readInbound();
    decoder.finish();
    return r;
  }
}
