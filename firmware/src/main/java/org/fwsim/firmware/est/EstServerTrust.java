package org.fwsim.firmware.est;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * Decides whether the EST server's TLS chain is vouched for by the CA certificates the appliance
 * trusts for it ({@code est-server-cert}, else its CA bundle), at the appliance's clock rather than
 * the host's: a simulated year later the appliance still judges validity as it would then. The
 * server's name is checked apart, by the TLS engine (RFC 7030 §3.3.1). With no anchors at all it is
 * the bootstrap of {@code ca import est} (RFC 7030 §4.1.1): any server, its chain remembered for
 * the caller to show.
 */
final class EstServerTrust implements X509TrustManager {

  private final List<X509Certificate> anchors;
  private final InstantSource clock;
  private volatile List<X509Certificate> presented = List.of();

  EstServerTrust(List<X509Certificate> anchors, InstantSource clock) {
    this.anchors = List.copyOf(anchors);
    this.clock = clock;
  }

  /** Accepts any server; for {@code ca import est} without {@code est-server-cert}. */
  static EstServerTrust bootstrap(InstantSource clock) {
    return new EstServerTrust(List.of(), clock);
  }

  boolean bootstrapping() {
    return anchors.isEmpty();
  }

  /** The chain the server presented in the last handshake, leaf first. */
  List<X509Certificate> presented() {
    return presented;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    presented = List.of(chain);
    if (anchors.isEmpty()) {
      return;
    }
    Set<TrustAnchor> trust = new HashSet<>();
    for (X509Certificate a : anchors) {
      trust.add(new TrustAnchor(a, null));
    }
    List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
    path.removeIf(c -> anchors.contains(c)); // an anchor is not part of the path to it
    try {
      EstChain.validate(path, trust, clock.instant());
    } catch (GeneralSecurityException e) {
      throw new CertificateException(
          "EST server certificate "
              + chain[0].getSubjectX500Principal().getName()
              + " is not verified by "
              + names(anchors)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the appliance's EST client is no server");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return anchors.toArray(new X509Certificate[0]);
  }

  private static String names(List<X509Certificate> certs) {
    List<String> out = new ArrayList<>();
    for (X509Certificate c : certs) {
      out.add(c.getSubjectX500Principal().getName());
    }
    return String.join(" / ", out);
  }
}
