package org.fwsim.firmware.cli;

import java.util.List;

/**
 * The {@code config vpn certificate setting|local|ca|crl} tables, as data. Sections cited inline
 * are those of {@code shared/reference/fortios.md}; see {@link FortiSchema}.
 */
final class VpnCertificateSchema {

  /**
   * The key types of {@code config vpn certificate setting}'s {@code certname-<type>} defaults,
   * each an attribute naming a local certificate.
   */
  static final List<String> CERTNAME_ALGORITHMS =
      List.of(
          "dsa1024",
          "dsa2048",
          "ecdsa256",
          "ecdsa384",
          "ecdsa521",
          "ed25519",
          "ed448",
          "rsa1024",
          "rsa2048",
          "rsa4096");

  private VpnCertificateSchema() {}

  /** §2 [CLI749-S]. */
  static NodeSchema vpnCertificateSetting() {
    NodeSchema crl =
        NodeSchema.singleton("crl-verification", "CRL verification options.")
            .choice(
                "expiry",
                "ignore",
                "CRL verification option when CRL is expired.",
                "ignore",
                "revoke")
            .choice(
                "leaf-crl-absence",
                "ignore",
                "CRL verification option when leaf CRL is absent.",
                "ignore",
                "revoke")
            .choice(
                "chain-crl-absence",
                "ignore",
                "CRL verification option when CRL of any certificate in chain is absent.",
                "ignore",
                "revoke")
            .build();
    NodeSchema.Builder b =
        NodeSchema.singleton("vpn certificate setting", "VPN certificate setting.")
            .integer(
                "cert-expire-warning",
                0,
                100,
                14,
                "Number of days before a certificate expires to send a warning.");
    for (String alg : CERTNAME_ALGORITHMS) {
      b.string(
          "certname-" + alg,
          35,
          "Fortinet_SSL_" + alg.toUpperCase(java.util.Locale.ROOT),
          alg.toUpperCase(java.util.Locale.ROOT)
              + " certificate for re-signing server certificates for SSL inspection.");
    }
    return b.toggle(
            "check-ca-cert",
            true,
            "Enable/disable verification of the user certificate and pass authentication if any CA in the chain is trusted.")
        .toggle(
            "check-ca-chain", false, "Enable/disable verification of the entire certificate chain.")
        .toggle(
            "cmp-key-usage-checking",
            true,
            "Enable/disable server certificate key usage checking in CMP mode.")
        .toggle(
            "cmp-save-extra-certs", false, "Enable/disable saving extra certificates in CMP mode.")
        .toggle(
            "cn-allow-multi",
            true,
            "When searching for a matching certificate, allow multiple CN fields in certificate subject name.")
        .choice(
            "cn-match",
            "substring",
            "When searching for a matching certificate, control how to do CN value matching with certificate subject name.",
            "substring",
            "value")
        .child(crl)
        .string("interface", 15, "", "Specify outgoing interface to reach server.")
        .choice(
            "interface-select-method",
            "auto",
            "Specify how to select outgoing interface to reach server.",
            "auto",
            "sdwan",
            "specify")
        .string("ocsp-default-server", 35, "", "Default OCSP server.")
        .choice(
            "ocsp-option",
            "server",
            "Specify whether the OCSP URL is from certificate or configured OCSP server.",
            "certificate",
            "server")
        .choice(
            "ocsp-status",
            "disable",
            "Enable/disable receiving certificates using the OCSP.",
            "enable",
            "mandatory",
            "disable")
        .string(
            "proxy",
            127,
            "",
            "Proxy server FQDN or IP for OCSP/CA queries during certificate verification.")
        .password("proxy-password", "Proxy password.")
        .integer("proxy-port", 1, 65535, 8080, "Proxy server port.")
        .string("proxy-username", 63, "", "Proxy server user name.")
        .string("source-ip", 63, "", "Source IP address for dynamic AIA and OCSP queries.")
        .choice(
            "ssl-min-proto-version",
            "default",
            "Minimum supported protocol version for SSL/TLS connections.",
            "default",
            "SSLv3",
            "TLSv1",
            "TLSv1-1",
            "TLSv1-2",
            "TLSv1-3")
        .toggle("strict-ocsp-check", false, "Enable/disable strict mode OCSP checking.")
        .choice(
            "subject-match",
            "substring",
            "When searching for a matching certificate, control how to do RDN value matching with certificate subject name.",
            "substring",
            "value")
        .choice(
            "subject-set",
            "subset",
            "When searching for a matching certificate, control how to do RDN set matching with certificate subject name.",
            "subset",
            "superset")
        .integer("vrf-select", 0, 511, 0, "VRF ID used for connection to server.")
        // KB-420924 / LOCALOUT: "interface must be set only/always with specify".
        .validator(
            o ->
                o.text("interface-select-method").equals("specify") && o.text("interface").isEmpty()
                    ? "interface"
                    : null)
        .build();
  }

  /** §1.2, defaults from [CLI80-PDF]. {@code state} is read-only. */
  static NodeSchema vpnCertificateLocal() {
    return NodeSchema.named("vpn certificate local", "Local keys and certificates.", 35)
        .password("password", "Password as a PEM file.")
        .string("comments", 511, "", "Comment.")
        .pem("private-key", "PEM format key encrypted with a password.")
        .pem("certificate", "PEM format certificate.")
        .pem("csr", "Certificate Signing Request.")
        .readOnly("state", "Certificate Signing Request State.")
        .string("scep-url", 255, "", "SCEP server URL.")
        .choice(
            "range",
            "global",
            "Either a global or VDOM IP address range for the certificate.",
            "global",
            "vdom")
        .choice("source", "user", "Certificate source type.", "factory", "user", "bundle")
        .integer(
            "auto-regenerate-days",
            0,
            4294967295L,
            0,
            "Number of days to wait before expiry of an updated local certificate is requested (0 = disabled).")
        .integer(
            "auto-regenerate-days-warning",
            0,
            4294967295L,
            0,
            "Number of days to wait before an expiry warning message is generated (0 = disabled).")
        .password("scep-password", "SCEP server challenge password for auto-regeneration.")
        .string("ca-identifier", 255, "", "CA identifier of the CA server for signing via SCEP.")
        .choice(
            "name-encoding",
            "printable",
            "Name encoding method for auto-regeneration.",
            "printable",
            "utf8")
        .ip("source-ip", "Source IP address for communications to the SCEP server.")
        .string(
            "ike-localid",
            63,
            "",
            "Local ID the FortiGate uses for authentication as a VPN client.")
        .choice("ike-localid-type", "asn1dn", "IKE local ID type.", "asn1dn", "fqdn")
        .choice(
            "enroll-protocol",
            "none",
            "Certificate enrollment protocol.",
            "none",
            "scep",
            "cmpv2",
            "acme2",
            "est")
        .toggle(
            "private-key-retain",
            false,
            "Enable/disable retention of private key during SCEP renewal.")
        .string("cmp-server", 63, "", "Address and port for CMP server (format = address:port).")
        .string("cmp-path", 255, "", "Path location inside CMP server.")
        .string("cmp-server-cert", 79, "", "CMP server certificate.")
        .choice(
            "cmp-regeneration-method",
            "keyupate",
            "CMP auto-regeneration method.",
            "keyupate",
            "renewal")
        .string(
            "acme-ca-url",
            255,
            "https://acme-v02.api.letsencrypt.org/directory",
            "The URL for the ACME CA server.")
        .string("acme-domain", 255, "", "A valid domain that resolves to this FortiGate unit.")
        .string(
            "acme-email",
            255,
            "",
            "Contact email address that is required by some CAs like LetsEncrypt.")
        .string("acme-eab-key-id", 255, "", "External Account Binding Key ID.")
        .password("acme-eab-key-hmac", "External Account Binding HMAC Key.")
        .integer(
            "acme-rsa-key-size",
            2048,
            4096,
            2048,
            "Length of the RSA private key of the generated cert.")
        .integer(
            "acme-renew-window",
            1,
            100,
            30,
            "Beginning of the renewal window (in days before certificate expiration).")
        .string("est-server", 255, "", "Address and port for EST server.")
        .string("est-ca-id", 255, "", "CA identifier of the CA server for signing via EST.")
        .string("est-http-username", 63, "", "HTTP Authentication username for signing via EST.")
        .password("est-http-password", "HTTP Authentication password for signing via EST.")
        .string(
            "est-client-cert",
            79,
            "",
            "Certificate used to authenticate this FortiGate to EST server.")
        .string(
            "est-server-cert",
            79,
            "",
            "EST server's certificate must be verifiable by this certificate to be authenticated.")
        .string("est-srp-username", 63, "", "EST SRP authentication username.")
        .password("est-srp-password", "EST SRP authentication password.")
        .choice(
            "est-regeneration-method",
            "create-new-key",
            "EST behavioral options during re-enrollment.",
            "create-new-key",
            "use-existing-key")
        .build();
  }

  /** §3 [CLI80-PDF]. */
  static NodeSchema vpnCertificateCa() {
    return NodeSchema.named("vpn certificate ca", "CA certificate.", 79)
        .pem("ca", "CA certificate as a PEM file.")
        .choice(
            "range",
            "global",
            "Either global or VDOM IP address range for the CA certificate.",
            "global",
            "vdom")
        .choice(
            "source",
            "user",
            "CA certificate source type.",
            "factory",
            "user",
            "bundle",
            "fortiguard")
        .toggle(
            "ssl-inspection-trusted",
            true,
            "Enable/disable this CA as a trusted CA for SSL inspection.")
        .string("scep-url", 255, "", "URL of the SCEP server.")
        .string("est-url", 255, "", "URL of the EST server.")
        .integer(
            "auto-update-days",
            0,
            4294967295L,
            0,
            "Number of days to wait before requesting an updated CA certificate (0 = disabled).")
        .integer(
            "auto-update-days-warning",
            0,
            4294967295L,
            0,
            "Number of days before an expiry-warning message is generated (0 = disabled).")
        .ip("source-ip", "Source IP address for communications to the SCEP server.")
        .string("ca-identifier", 255, "", "CA identifier of the SCEP server.")
        .choice("obsolete", "disable", "Enable/disable this CA as obsoleted.", "disable", "enable")
        .choice(
            "fabric-ca",
            "disable",
            "Enable/disable synchronization of CA across Security Fabric.",
            "disable",
            "enable")
        .build();
  }

  /** §3 [CLI80-PDF]. */
  static NodeSchema vpnCertificateCrl() {
    return NodeSchema.named("vpn certificate crl", "Certificate Revocation List as a PEM file.", 35)
        .pem("crl", "Certificate Revocation List as a PEM file.")
        .choice(
            "range",
            "global",
            "Either global or VDOM IP address range for the certificate.",
            "global",
            "vdom")
        .choice("source", "user", "Certificate source type.", "factory", "user", "bundle")
        .string("update-vdom", 31, "root", "VDOM for CRL update.")
        .string("ldap-server", 35, "", "LDAP server name for CRL auto-update.")
        .string("ldap-username", 63, "", "LDAP server user name.")
        .password("ldap-password", "LDAP server user password.")
        .string("http-url", 255, "", "HTTP server URL for CRL auto-update.")
        .string("scep-url", 255, "", "SCEP server URL for CRL auto-update.")
        .string(
            "scep-cert",
            35,
            "Fortinet_CA_SSL",
            "Local certificate for SCEP communication for CRL auto-update.")
        .integer(
            "update-interval",
            0,
            4294967295L,
            0,
            "Time in seconds before the FortiGate checks for an updated CRL (0 = update only when it expires).")
        .ip("source-ip", "Source IP address for communications to a HTTP or SCEP CA server.")
        .build();
  }
}
