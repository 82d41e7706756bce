package org.fwsim.firmware.config;

/**
 * The CMPv2 fields of a {@code config vpn certificate local} entry (fortios.md §1.2), as in force;
 * strings are "" when unset.
 *
 * @param server {@code cmp-server}, {@code address:port}
 * @param path {@code cmp-path}, the path inside the server, e.g. {@code pkix/}
 * @param serverCert {@code cmp-server-cert}: the CA certificate the server's answers must chain to
 * @param regenerationMethod {@code cmp-regeneration-method}: {@code keyupate} (FortiOS's spelling;
 *     a KUR) or {@code renewal} (a CR)
 */
public record CmpSettings(
    String server, String path, String serverCert, String regenerationMethod) {

  /**
   * The server as RFC 6712 reaches it, {@code http://<cmp-server>/<cmp-path>}, for forticron's
   * renewal settings and diagnose; "" when {@code cmp-server} is unset.
   */
  public String url() {
    if (server.isBlank()) {
      return "";
    }
    String p = path.trim();
    return "http://" + server.trim() + (p.startsWith("/") ? p : "/" + p);
  }

  /** forticron renews with a key update request (KUR) rather than a certification request. */
  public boolean keyUpdate() {
    return !"renewal".equals(regenerationMethod);
  }
}
