package org.fwsim.hal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TCP packets a stream's events turn into, on an {@link EmbeddedChannel}. */
class TcpStreamTapTest {

  private static final int FGT = Ip4.parse("192.168.1.99");
  private static final int CA = Ip4.parse("10.5.149.111");
  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

  private final List<SniffedPacket> packets = new ArrayList<>();
  private final Underlay.Tap tap = new Underlay.Tap(InstantSource.fixed(T), packets::add);

  @Test
  void handshakeSegmentsAndOurClose() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            TcpStreamTap.connected(tap, new TcpStream.Ends("port1", FGT, 40000, CA, 80)));
    assertEquals(3, packets.size());
    SniffedPacket syn = packets.get(0);
    SniffedPacket synAck = packets.get(1);
    SniffedPacket ack = packets.get(2);
    assertEquals(SniffedPacket.SYN, syn.flags());
    assertTrue(syn.outbound());
    assertEquals(SniffedPacket.SYN | SniffedPacket.ACK, synAck.flags());
    assertEquals(syn.seq() + 1, synAck.ack());
    assertEquals(SniffedPacket.ACK, ack.flags());
    assertEquals(synAck.seq() + 1, ack.ack());
    assertEquals(T, syn.time());

    byte[] request = new byte[3000]; // two full segments and 80 bytes
    request[0] = 'G';
    ch.writeOutbound(Unpooled.wrappedBuffer(request));
    ch.writeInbound(Unpooled.wrappedBuffer("HTTP/1.1 200 OK\r\n".getBytes()));
    List<SniffedPacket> data = packets.subList(3, packets.size());
    assertEquals(4, data.size());
    long seq = ack.seq();
    for (int i = 0; i < 3; i++) {
      SniffedPacket p = data.get(i);
      assertTrue(p.outbound());
      assertEquals(seq, p.seq());
      assertEquals(i < 2 ? TcpStreamTap.MSS : 80, p.payload().length);
      assertEquals(i == 2, p.has(SniffedPacket.PSH), "psh on the last segment only");
      seq += p.payload().length;
    }
    assertEquals('G', data.get(0).payload()[0]);
    SniffedPacket answer = data.get(3);
    assertEquals(CA, answer.srcAddress());
    assertEquals(80, answer.srcPort());
    assertEquals(FGT, answer.dstAddress());
    assertEquals(40000, answer.dstPort());
    assertEquals(seq, answer.ack(), "acknowledges the whole request");
    assertArrayEquals("HTTP/1.1 200 OK\r\n".getBytes(), answer.payload());

    packets.clear();
    ch.close();
    assertEquals(3, packets.size());
    assertEquals(SniffedPacket.FIN | SniffedPacket.ACK, packets.get(0).flags());
    assertTrue(packets.get(0).outbound());
    assertEquals(seq, packets.get(0).seq());
    assertEquals(seq + 1, packets.get(1).ack());
    assertEquals(SniffedPacket.ACK, packets.get(2).flags());
    ch.finishAndReleaseAll();
    assertEquals(3, packets.size(), "channelInactive after our FIN adds nothing");
  }

  @Test
  void thePeerClosingFirstSendsItsFinFirst() {
    EmbeddedChannel ch = afterHandshake(new TcpStream.Ends("port2", FGT, 40001, CA, 80));
    ch.pipeline().fireChannelInactive();
    assertEquals(3, packets.size());
    assertTrue(!packets.get(0).outbound() && packets.get(0).has(SniffedPacket.FIN));
    assertTrue(packets.get(1).outbound() && packets.get(1).has(SniffedPacket.FIN));
    assertEquals("port2", packets.get(2).interfaceName());
    ch.finishAndReleaseAll();
  }

  @Test
  void thePeersCloseIsReportedBeforeTheCloseFuturesLaterListenersRun() {
    EmbeddedChannel ch = afterHandshake(new TcpStream.Ends("port2", FGT, 40003, CA, 80));
    // The underlay releases its IO token in a close-future listener added after the tap: by then
    // the teardown must be in the capture, though Netty fires channelInactive only later.
    List<Integer> seenAtRelease = new ArrayList<>();
    ch.closeFuture().addListener(f -> seenAtRelease.add(packets.size()));
    ch.unsafe().close(ch.voidPromise()); // as Netty's read loop closes when the peer has
    assertEquals(List.of(3), seenAtRelease);
    assertTrue(!packets.get(0).outbound() && packets.get(0).has(SniffedPacket.FIN));
    ch.finishAndReleaseAll();
    assertEquals(3, packets.size(), "channelInactive after it adds nothing");
  }

  /** A connected stream whose handshake is already captured and cleared from {@link #packets}. */
  private EmbeddedChannel afterHandshake(TcpStream.Ends ends) {
    EmbeddedChannel ch = new EmbeddedChannel(TcpStreamTap.connected(tap, ends));
    packets.clear();
    return ch;
  }

  @Test
  void aRefusedAttemptIsASynAndARst() {
    TcpStreamTap.refused(tap, new TcpStream.Ends("port1", FGT, 40002, CA, 81));
    assertEquals(2, packets.size());
    assertEquals(SniffedPacket.RST | SniffedPacket.ACK, packets.get(1).flags());
    assertEquals(packets.get(0).seq() + 1, packets.get(1).ack());
  }

  @Test
  void anAcceptedConnectionStartsWithThePeersSyn() {
    int admin = Ip4.parse("10.0.0.5");
    Underlay.Tap[] now = {tap};
    TcpStream stream =
        TcpStream.accepted(() -> now[0], new TcpStream.Ends("port1", FGT, 22, admin, 50000));
    assertEquals(3, packets.size());
    SniffedPacket syn = packets.get(0);
    assertTrue(!syn.outbound() && syn.flags() == SniffedPacket.SYN);
    assertEquals(admin, syn.srcAddress());
    assertEquals(22, syn.dstPort());
    assertTrue(packets.get(1).outbound());
    assertEquals(syn.seq() + 1, packets.get(1).ack());
    assertTrue(!packets.get(2).outbound() && packets.get(2).flags() == SniffedPacket.ACK);

    stream.received(java.nio.ByteBuffer.wrap("SSH-2.0-x\r\n".getBytes()));
    SniffedPacket banner = packets.get(3);
    assertEquals(packets.get(2).seq(), banner.seq(), "the client's data follows its ACK");
    assertEquals(admin, banner.srcAddress());
    now[0] = null; // the sniffer stops: the sequence goes on unseen
    stream.sent(java.nio.ByteBuffer.wrap(new byte[100]));
    assertEquals(4, packets.size());
    now[0] = tap; // and starts again mid-session
    stream.sent(java.nio.ByteBuffer.wrap(new byte[1]));
    assertEquals(packets.get(1).seq() + 1 + 100, packets.get(4).seq(), "the 100 unseen bytes");
    stream.closedByPeer();
    stream.closedLocally();
    assertEquals(8, packets.size(), "one FIN exchange, the peer's");
  }
}
