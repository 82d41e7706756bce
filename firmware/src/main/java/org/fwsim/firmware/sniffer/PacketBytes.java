package org.fwsim.firmware.sniffer;

import java.nio.ByteBuffer;
import org.fwsim.hal.net.SniffedPacket;

/**
 * The bytes of a sniffed packet as they would be on the wire: an IPv4 header (no options, DF set,
 * TTL 64), then a TCP header (no options, window 65535) or an ICMP echo header, then the payload,
 * with valid checksums; optionally behind an Ethernet II header with made-up addresses (the
 * underlay has no link layer). Used by the verbose hex dumps and the pcap files. No IO.
 */
public final class PacketBytes {

  /** The made-up MAC addresses: the appliance's interface, then the next hop. */
  private static final byte[] OWN_MAC = {0x00, 0x09, 0x0f, 0x00, 0x00, 0x01};

  private static final byte[] PEER_MAC = {0x00, 0x09, 0x0f, 0x00, 0x00, 0x02};

  static final int ETHERNET_HEADER = 14;

  private PacketBytes() {}

  /** The IPv4 packet. */
  public static byte[] ip(SniffedPacket p) {
    boolean tcp = p.protocol() == SniffedPacket.TCP;
    int l4 = tcp ? 20 : 8;
    int length = 20 + l4 + p.payload().length;
    ByteBuffer b = ByteBuffer.allocate(length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) length);
    b.putShort((short) (p.seq() ^ p.ack())).putShort((short) 0x4000); // id, DF
    b.put((byte) 64).put((byte) p.protocol()).putShort((short) 0);
    b.putInt(p.srcAddress()).putInt(p.dstAddress());
    b.putShort(10, checksum(b.array(), 0, 20, 0));
    if (tcp) {
      b.putShort((short) p.srcPort()).putShort((short) p.dstPort());
      b.putInt((int) p.seq()).putInt((int) p.ack());
      b.put((byte) 0x50).put((byte) p.flags()).putShort((short) 0xffff);
      b.putShort((short) 0).putShort((short) 0);
    } else {
      b.put((byte) p.flags()).put((byte) 0).putShort((short) 0).putInt(0x00010001);
    }
    b.put(p.payload());
    byte[] bytes = b.array();
    int l4Length = length - 20;
    int pseudo = tcp ? pseudoHeaderSum(p, l4Length) : 0;
    short sum = checksum(bytes, 20, l4Length, pseudo);
    ByteBuffer.wrap(bytes).putShort(tcp ? 36 : 22, sum);
    return bytes;
  }

  /** The Ethernet frame carrying {@link #ip}. */
  public static byte[] ethernet(SniffedPacket p) {
    byte[] ip = ip(p);
    ByteBuffer b = ByteBuffer.allocate(ETHERNET_HEADER + ip.length);
    b.put(p.outbound() ? PEER_MAC : OWN_MAC).put(p.outbound() ? OWN_MAC : PEER_MAC);
    b.putShort((short) 0x0800).put(ip);
    return b.array();
  }

  private static int pseudoHeaderSum(SniffedPacket p, int l4Length) {
    return (p.srcAddress() >>> 16)
        + (p.srcAddress() & 0xffff)
        + (p.dstAddress() >>> 16)
        + (p.dstAddress() & 0xffff)
        + p.protocol()
        + l4Length;
  }

  /**
   * The Internet checksum (RFC 1071) of {@code length} bytes from {@code from}, plus {@code sum}.
   */
  private static short checksum(byte[] bytes, int from, int length, int sum) {
    long s = sum & 0xffffffffL;
    for (int i = 0; i < length; i += 2) {
      int hi = bytes[from + i] & 0xff;
      int lo = i + 1 < length ? bytes[from + i + 1] & 0xff : 0;
      s += (hi << 8) | lo;
    }
    while (s >>> 16 != 0) {
      s = (s & 0xffff) + (s >>> 16);
    }
    return (short) ~s;
  }
}
