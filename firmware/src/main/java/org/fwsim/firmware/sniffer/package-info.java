/**
 * The packet sniffer: {@code diagnose sniffer packet} on the console and {@code sim sniffer} pcap
 * captures of the packets the HAL underlay synthesizes from its TCP streams. Filters, formats and
 * packet bytes are plain code without IO; {@link org.fwsim.firmware.sniffer.PacketSniffer} owns the
 * per-appliance state on the mailbox.
 */
package org.fwsim.firmware.sniffer;
