package org.fwsim.firmware.sniffer;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.fwsim.hal.net.SniffedPacket;

/**
 * Writes sniffed packets in the classic libpcap file format (a 24-byte file header, then a 16-byte
 * record header before each frame; microsecond times, little-endian, link type Ethernet) that
 * Wireshark, tshark and tcpdump read. The frames come from {@link PacketBytes#ethernet}, so the
 * simulated addresses are what the dissectors show. One owner writes; {@link #close} may come from
 * another thread (the JVM's exit), so a record is never cut in half and a closed writer drops what
 * still comes.
 */
public final class PcapWriter implements Closeable {

  static final int MAGIC = 0xa1b2c3d4;
  static final int LINKTYPE_ETHERNET = 1;
  static final int SNAPLEN = 65535;

  private final OutputStream out;
  private boolean closed;

  /** Writes the file header to {@code out} (buffered), which this writer owns from now on. */
  public PcapWriter(OutputStream out) throws IOException {
    this.out = out;
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(MAGIC).putShort((short) 2).putShort((short) 4); // version 2.4
    h.putInt(0).putInt(0); // times in UTC, no accuracy claim
    h.putInt(SNAPLEN).putInt(LINKTYPE_ETHERNET);
    out.write(h.array()); // flushed with the first packet: a file that cannot take it fails there
  }

  /** Appends one packet and flushes, so a reader sees the capture as it grows. */
  public synchronized void write(SniffedPacket p) throws IOException {
    if (closed) {
      return;
    }
    byte[] frame = PacketBytes.ethernet(p);
    ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    r.putInt((int) p.time().getEpochSecond()).putInt(p.time().getNano() / 1000);
    r.putInt(frame.length).putInt(frame.length);
    out.write(r.array());
    out.write(frame);
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }
}
