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
 *     {@code httpPort}), {@link #UNSET} when not given ({@link #httpPort(boolean)})
 * @param trust a PEM file of CA certificates every appliance imports ({@code --ca-trust}): the root
 *     of the server's HTTPS certificate and the root it issues under; null for none
 */
public record AcmeOptions(InetSocketAddress dnsListen, int httpPort, Path trust) {

  /**
   * pebble's default {@code httpPort}, where an external server validates unless told otherwise;
   * FortiOS's 80 needs root on the host.
   */
  public static final int DEFAULT_HTTP_PORT = 5002;

  /** {@code --acme-http-port} not given. */
  public static final int UNSET = 0;

  /** The appliances' HTTP-01 listeners bind ports the host hands out ({@link #httpPort}). */
  static final int ANY_PORT = 0;

  /** The embedded CA's ACME server: no DNS, no trust file, HTTP-01 on a port of the run's own. */
  public static final AcmeOptions EMBEDDED = new AcmeOptions(null, UNSET, null);

  public AcmeOptions {
    if (httpPort != UNSET && (httpPort < 1 || httpPort > 65535)) {
      throw new IllegalArgumentException("--acme-http-port must be 1..65535, got " + httpPort);
    }
  }

  /** Whether any option differs from the embedded CA's. */
  boolean givenForExternal() {
    return dnsListen != null || trust != null || httpPort != UNSET;
  }

  /**
   * The port the appliances answer HTTP-01 on: the one given; else pebble's {@link
   * #DEFAULT_HTTP_PORT} against an external server, which is configured with it; else, against the
   * embedded server (which validates wherever the fleet says), {@link #ANY_PORT}: each listener
   * binds a port the host hands out, and the server learns the bound one, so two storms run at once
   * never bind each other's listeners and no port is let go between finding and binding it.
   */
  int httpPort(boolean external) {
    if (httpPort != UNSET) {
      return httpPort;
    }
    return external ? DEFAULT_HTTP_PORT : ANY_PORT;
  }
}
