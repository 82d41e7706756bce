package org.fwsim.firmware.scep.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed {@code scep-url} (e.g. {@code http://10.5.149.111/app/cert/scep/}): the simulated host,
 * the port and the path requests go to. Only {@code http} is supported; the host stays as written
 * (the connector maps it, nothing here resolves names).
 *
 * @param host the host as written in the URL (a simulated address or a name)
 * @param port the TCP port, 80 when the URL has none
 * @param path the raw path, with any query the URL already had; starts with '/'
 */
public record ScepUrl(String host, int port, String path) {

  public ScepUrl {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("scep-url host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("scep-url port out of range 1-65535: " + port);
    }
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("scep-url path must start with '/': " + path);
    }
  }

  /** Builds one from its parts; {@code path} must start with '/'. */
  public static ScepUrl of(String host, int port, String path) {
    return new ScepUrl(host, port, path);
  }

  /**
   * Parses a {@code scep-url}.
   *
   * @throws IllegalArgumentException naming the problem: not a URL, not http, no host, bad port
   */
  public static ScepUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "scep-url is not a valid URL: " + url + " (" + e.getMessage() + ")", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw new IllegalArgumentException(
          "scep-url scheme must be http, got '" + scheme + "' in " + url);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("scep-url has no host: " + url);
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path = path + "?" + uri.getRawQuery();
    }
    return of(host, port, path);
  }

  /** The Host header value: the port is left out when it is 80. */
  String hostHeader() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == 80 ? h : h + ":" + port;
  }

  @Override
  public String toString() {
    return "http://" + hostHeader() + path;
  }
}
