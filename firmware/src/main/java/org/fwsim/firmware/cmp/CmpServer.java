package org.fwsim.firmware.cmp;

import java.util.Objects;

/**
 * Where a CMP server listens: {@code set cmp-server "address:port"} and {@code set cmp-path}
 * (fortios.md §1.2), as RFC 6712 carries it: {@code http://address:port/path}. The address stays as
 * written; the underlay maps it.
 *
 * @param host the server's address as configured
 * @param port its TCP port
 * @param path the request target, starting with '/'
 */
public record CmpServer(String host, int port, String path) {

  /** HTTP's port when {@code cmp-server} names none. */
  public static final int DEFAULT_PORT = 80;

  public CmpServer {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("cmp-server has no address");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("cmp-server port out of range 1-65535: " + port);
    }
  }

  /**
   * Parses {@code cmp-server} ({@code address[:port]}) and {@code cmp-path} ({@code pkix/} or
   * {@code /pkix/}; empty means {@code /}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static CmpServer parse(String server, String path) {
    if (server == null || server.isBlank()) {
      throw new IllegalArgumentException("cmp-server is not set");
    }
    String s = server.trim();
    if (s.contains("/")) {
      throw new IllegalArgumentException(
          "cmp-server is address:port, not a URL: " + s + " (the path goes in cmp-path)");
    }
    int colon = s.lastIndexOf(':');
    String host = colon < 0 ? s : s.substring(0, colon);
    int port = DEFAULT_PORT;
    if (colon >= 0) {
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("cmp-server port is not a number: " + s);
      }
    }
    String p = path == null ? "" : path.trim();
    return new CmpServer(host, port, p.startsWith("/") ? p : "/" + p);
  }

  /**
   * Parses an RFC 6712 URL, {@code http://address[:port]/path}, as {@link #toString} prints it (the
   * storm's {@code --ca}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static CmpServer fromUrl(String url) {
    String prefix = "http://";
    if (url == null || !url.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw new IllegalArgumentException("a CMP server URL starts with http://, got: " + url);
    }
    String rest = url.substring(prefix.length());
    int slash = rest.indexOf('/');
    return parse(
        slash < 0 ? rest : rest.substring(0, slash), slash < 0 ? "" : rest.substring(slash));
  }

  /** {@code address:port} as {@code set cmp-server} takes it. */
  public String hostPort() {
    return host + ":" + port;
  }

  /** The Host header: the port only when not HTTP's. */
  public String hostHeader() {
    return port == DEFAULT_PORT ? host : hostPort();
  }

  @Override
  public String toString() {
    return "http://" + hostPort() + path;
  }
}
