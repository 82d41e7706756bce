package org.fwsim.hal.net;

/**
 * Where the underlay reports the packets of one appliance while a sniffer runs on it (see {@link
 * Underlay#tap}). Called on event loop threads: implementations hand the packet over and return.
 */
@FunctionalInterface
public interface PacketTap {

  /** One packet passed; {@code packet.time()} is already stamped. */
  void packet(SniffedPacket packet);
}
