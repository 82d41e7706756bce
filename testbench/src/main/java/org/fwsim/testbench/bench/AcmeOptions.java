package org.fwsim.testbench.bench;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The storm's options for an external ACME server ({@code --protocol acme --ca URL}), such as
 * Debian's pebble: where the fleet answers the server's DNS questions for its domains, the port the
 * server's HTTP-01 validation connects to, and the CA certificates that verify the server and what
 * it issues.
 *
 * @param dnsListen the loopback UDP address of the fleet's DNS ({@code --dns-listen}; pebble's
 *     {@code -dnsserver}), null for none
 * @param httpPort the port the appliances answer HTTP-01 on ({@code --acme-http-port}; pebble's
 *     {@code httpPort})
 * @param trust a PEM file of CA certificates every appliance imports ({@code --ca-trust}): the root
 *     of the server's HTTPS certificate and the root it issues under; null for none
 */
public record AcmeOptions(InetSocketAddress dnsListen, int httpPort, Path trust) {

  /** pebble's default {@code httpPort}; FortiOS's 80 needs root on the host. */
  public static final int DEFAULT_HTTP_PORT = 5002;

  /** The embedded CA's ACME server: no DNS, no trust file, HTTP-01 on the default port. */
  public static final AcmeOptions EMBEDDED = new AcmeOptions(null, DEFAULT_HTTP_PORT, null);

  public AcmeOptions {
    if (httpPort < 1 || httpPort > 65535) {
      throw new IllegalArgumentException("--acme-http-port must be 1..65535, got " + httpPort);
    }
  }

  /** Whether any option differs from the embedded CA's. */
  boolean givenForExternal() {
    return dnsListen != null || trust != null || httpPort != DEFAULT_HTTP_PORT;
  }
}
