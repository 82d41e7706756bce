package org.fwsim.firmware.est;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.fwsim.firmware.egress.ServerAddress;
import org.fwsim.hal.net.Ip4;

/**
 * {@code est-server} (or {@code est-url} of a CA entry) parsed: {@code https://ADDRESS[:PORT]}
 * (fortios.md §1.2 gives {@code https://example.com:1234}), with an optional path that may only be
 * RFC 7030's own {@code /.well-known/est}. The address must be IPv4: the simulated network has no
 * DNS.
 *
 * @param text the URL as configured
 * @param address the server's simulated IPv4 address
 * @param port its port, 443 by default
 */
public record EstServerUrl(String text, int address, int port) {

  /**
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static EstServerUrl parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("est-server is not set");
    }
    URI u;
    try {
      u = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid EST server URL '" + text + "'");
    }
    if (u.getScheme() == null || !u.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
      throw new IllegalArgumentException(
          "EST server URL '" + text + "' must start with https:// (EST runs over TLS only)");
    }
    String host = u.getHost();
    if (host == null) {
      throw new IllegalArgumentException("EST server URL '" + text + "' has no host");
    }
    int address = ServerAddress.of(host);
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    if (!path.isEmpty() && !path.equals("/") && !path.startsWith("/.well-known/est")) {
      throw new IllegalArgumentException(
          "EST server URL '"
              + text
              + "': the path is /.well-known/est/ by RFC 7030; name a CA with est-ca-id");
    }
    return new EstServerUrl(text.strip(), address, u.getPort() < 0 ? 443 : u.getPort());
  }

  /** The address as the server's certificate must name it. */
  public String host() {
    return Ip4.toString(address);
  }

  @Override
  public String toString() {
    return text;
  }
}
