package org.fwsim.firmware.cert;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.fwsim.firmware.config.VdomConfig;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.egress.EgressException;
import org.fwsim.firmware.egress.ServerAddress;
import org.fwsim.firmware.scep.client.ScepContext;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.ScepException;
import org.fwsim.firmware.scep.transport.ScepHttpRequest;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.CaCertificate;
import org.fwsim.hal.pki.CertSource;
import org.fwsim.hal.pki.CertStore;

/**
 * CA certificates fetched with GetCACert: {@code execute vpn certificate ca import auto}, and the
 * fetch that forticron's CA auto-update uses. Mailbox only.
 */
record CaImport(CertificatePorts ports, ScepClients clients, StoreSync sync) {
  /**
   * {@code execute vpn certificate ca import auto}: GetCACert from {@code url}, the fingerprint
   * checked when given (SHA-256 or SHA-1 of the CA certificate, hex, colons allowed), then the CA
   * certificate imported as the next free {@code CA_Cert_N} into the global store and {@code config
   * vpn certificate ca}. An identical certificate already present is not imported twice. The future
   * completes on the mailbox with the line to print; never exceptionally.
   *
   * @throws IllegalArgumentException for an unusable URL, source IP or fingerprint (nothing sent)
   */
  CompletableFuture<String> importCa(
      String vdom, String url, String caIdentifier, String sourceIp, String fingerprint) {
    byte[] wanted = fingerprint == null ? null : parseFingerprint(fingerprint);
    ScepUrl parsed = ScepUrl.parse(url);
    int source = sourceIp == null ? Ip4.ANY : Ip4.parse(sourceIp);
    return fetchCaCert(vdom, parsed, caIdentifier, source)
        .handle(
            (cas, error) -> {
              if (error != null) {
                return "CA certificate import failed: " + cause(error).getMessage();
              }
              try {
                X509Certificate ca = cas.ca();
                if (wanted != null && !matches(ca, wanted)) {
                  return "CA certificate import failed: the fingerprint does not match the CA"
                      + " certificate from "
                      + url
                      + " (its SHA-256 is "
                      + cas.fingerprintSha256()
                      + ")";
                }
                return importCaCertificate(vdom, ca);
              } catch (RuntimeException e) {
                return "CA certificate import failed: " + e.getMessage();
              }
            });
  }

  /**
   * GetCACert from {@code url} through the VDOM's SCEP client path (egress, source IP, step
   * timeout), as {@code execute vpn certificate ca import auto} and forticron's CA auto-update do.
   * Completes on the mailbox; exceptionally when the CA cannot be reached or answers badly.
   *
   * @param sourceIp the source address, {@link Ip4#ANY} for the egress interface's
   * @throws IllegalArgumentException for a URL that does not name the CA by address (nothing sent)
   * @throws IllegalStateException when no route leads to the CA
   */
  CompletableFuture<CaCertificates> fetchCaCert(
      String vdom, ScepUrl parsed, String caIdentifier, int sourceIp) {
    ScepContext ctx = clients.client(vdom).context();
    int destination = ServerAddress.of(parsed.host());
    Egress egress;
    try {
      egress = ctx.egress().select(vdom, destination, sourceIp);
    } catch (EgressException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    ScepHttpRequest request =
        ScepHttpRequest.getCaCert(parsed, caIdentifier)
            .withEgress(egress)
            .withTimeout(ctx.policy().stepTimeout());
    return ctx.transport()
        .send(request, ctx.debug(), ctx.mailbox())
        .thenApply(
            response -> {
              response.stopConnect();
              try {
                return CaCertificates.parseLenient(response.contentType(), response.body());
              } catch (ScepException e) {
                throw new CompletionException(e);
              }
            });
  }

  /**
   * Imports {@code ca} as the next free CA_Cert_N (global), unless the same certificate is there.
   */
  String importCaCertificate(String vdom, X509Certificate ca) {
    CertStore store = ports.appliance().globalCerts();
    for (CaCertificate known : store.snapshot().caCertificates().values()) {
      if (known.certificate().equals(ca)) {
        sync.mirrorCaCertificates(vdom, store, "global");
        return "CA certificate " + known.name() + " is already imported";
      }
    }
    int n = 1;
    VdomConfig vc = ports.tree().view().vdom(vdom).orElseThrow();
    while (store.snapshot().findCa("CA_Cert_" + n).isPresent() || hasCaEntry(vc, "CA_Cert_" + n)) {
      n++;
    }
    String name = "CA_Cert_" + n;
    store.putCa(new CaCertificate(name, ca, CertSource.USER, true));
    sync.importCaEntry(vdom, name, ca, "global");
    return "Imported "
        + name
        + ": "
        + CertificateDetails.name(ca.getSubjectX500Principal().getEncoded());
  }

  private static boolean hasCaEntry(VdomConfig vc, String name) {
    return vc.caCertificates().stream().anyMatch(c -> c.name().equals(name));
  }

  /** The cause an asynchronous stage failed with, unwrapped. */
  static Throwable cause(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  static byte[] parseFingerprint(String text) {
    String hex = text.replace(":", "").strip();
    byte[] b;
    try {
      b = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fingerprint '" + text + "' is not hexadecimal");
    }
    if (b.length != 32 && b.length != 20) {
      throw new IllegalArgumentException(
          "fingerprint '" + text + "' is neither SHA-256 (32 bytes) nor SHA-1 (20 bytes)");
    }
    return b;
  }

  private static boolean matches(X509Certificate cert, byte[] wanted) {
    try {
      String alg = wanted.length == 32 ? "SHA-256" : "SHA-1";
      return MessageDigest.isEqual(
          MessageDigest.getInstance(alg).digest(cert.getEncoded()), wanted);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot fingerprint the CA certificate: " + e.getMessage(), e);
    }
  }
}
