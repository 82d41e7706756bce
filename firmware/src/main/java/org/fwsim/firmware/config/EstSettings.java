package org.fwsim.firmware.config;

import java.util.Optional;

/**
 * The EST fields of a {@code config vpn certificate local} entry (FortiOS 7.4.1, fortios.md §1.2),
 * as in force; strings are "" and secrets empty when unset.
 *
 * @param server {@code est-server}, the server's URL, e.g. {@code https://10.5.149.111:443}
 * @param caId {@code est-ca-id}, the CA label of RFC 7030 §3.2.2
 * @param httpUsername {@code est-http-username}
 * @param httpPassword {@code est-http-password}
 * @param clientCert {@code est-client-cert}: a local certificate presented as TLS client
 * @param serverCert {@code est-server-cert}: the CA certificate that must verify the server
 * @param srpUsername {@code est-srp-username}
 * @param srpPassword {@code est-srp-password}
 */
public record EstSettings(
    String server,
    String caId,
    String httpUsername,
    Optional<Secret> httpPassword,
    String clientCert,
    String serverCert,
    String srpUsername,
    Optional<Secret> srpPassword) {}
