/**
 * The fleet's own DNS: a small responder on a loopback UDP port that answers A queries for the
 * fleet's ACME domains with the loopback image of each appliance's interface address, so that an
 * external ACME server (pebble, started with {@code -dnsserver}) validates HTTP-01 at the right
 * appliance. {@link org.fwsim.testbench.dns.FleetZone} holds the names (no IO), {@link
 * org.fwsim.testbench.dns.DnsAnswerer} turns a query into an answer, {@link
 * org.fwsim.testbench.dns.FleetDnsServer} is the Netty edge.
 */
package org.fwsim.testbench.dns;
