package org.fwsim.hal.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An entry of {@code config vpn certificate local}: the certificate chain (leaf first), its private
 * key, the read-only {@code state}, the {@code source} and when it last changed.
 *
 * <p>Immutable. The chain is empty only while the first CSR is pending or has failed; whenever a
 * leaf is present its public key belongs to the private key, checked on construction, so a reader
 * holding this object can never see a certificate with someone else's key.
 */
public final class LocalCertificate {

  private final String name;
  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;
  private final CertState state;
  private final CertSource source;
  private final Instant lastUpdated;

  /**
   * @param chain leaf first, then the intermediates the CA returned; empty while a CSR is pending
   * @throws IllegalArgumentException if the leaf's public key does not match {@code privateKey}, or
   *     the chain is empty in a state other than PENDING or FAILED
   */
  public LocalCertificate(
      String name,
      List<X509Certificate> chain,
      PrivateKey privateKey,
      CertState state,
      CertSource source,
      Instant lastUpdated) {
    this.name = CertStore.requireName(name, "local certificate");
    this.chain = copyChain(name, chain);
    this.privateKey =
        Objects.requireNonNull(
            privateKey, () -> "local certificate '" + name + "' has no private key");
    this.state =
        Objects.requireNonNull(state, () -> "local certificate '" + name + "' has no state");
    this.source =
        Objects.requireNonNull(source, () -> "local certificate '" + name + "' has no source");
    this.lastUpdated =
        Objects.requireNonNull(
            lastUpdated, () -> "local certificate '" + name + "' has no last-updated time");
    requireStateFits(name, this.chain, state);
    if (!this.chain.isEmpty()) {
      KeyMatch.require(
          this.chain.get(0).getPublicKey(), privateKey, "local certificate '" + name + "'");
    }
  }

  /**
   * A copy with another state: certificate and key are unchanged, so the key check is not repeated.
   */
  private LocalCertificate(LocalCertificate from, CertState state, Instant lastUpdated) {
    this.name = from.name;
    this.chain = from.chain;
    this.privateKey = from.privateKey;
    this.state = state;
    this.source = from.source;
    this.lastUpdated = lastUpdated;
  }

  /** A certificate in use (state OK), e.g. one imported by the user or the factory certificate. */
  public static LocalCertificate of(
      String name,
      List<X509Certificate> chain,
      PrivateKey privateKey,
      CertSource source,
      Instant lastUpdated) {
    return new LocalCertificate(name, chain, privateKey, CertState.OK, source, lastUpdated);
  }

  /** A first enrollment waiting for the CA: a key, no certificate yet. */
  public static LocalCertificate pending(
      String name, PrivateKey privateKey, String transactionId, Instant at) {
    return new LocalCertificate(
        name, List.of(), privateKey, CertState.pending(transactionId), CertSource.USER, at);
  }

  /** This entry with a newly issued chain and its key, state OK; name and source are kept. */
  public LocalCertificate withCertificate(
      List<X509Certificate> newChain, PrivateKey newKey, Instant at) {
    if (newChain == null || newChain.isEmpty()) {
      throw new IllegalArgumentException(
          "local certificate '" + name + "': a new certificate chain needs at least the leaf");
    }
    return new LocalCertificate(name, newChain, newKey, CertState.OK, source, at);
  }

  /**
   * This entry with another state (e.g. PENDING during a renewal, EXPIRED); certificate and key are
   * kept.
   */
  public LocalCertificate withState(CertState newState, Instant at) {
    Objects.requireNonNull(newState, () -> "local certificate '" + name + "': new state is null");
    Objects.requireNonNull(at, () -> "local certificate '" + name + "': last-updated time is null");
    requireStateFits(name, chain, newState);
    return new LocalCertificate(this, newState, at);
  }

  public String name() {
    return name;
  }

  /** Leaf first; unmodifiable; empty while the first CSR is pending. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The leaf certificate, or null while the first CSR is pending. */
  public X509Certificate certificate() {
    return chain.isEmpty() ? null : chain.get(0);
  }

  public boolean hasCertificate() {
    return !chain.isEmpty();
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public CertState state() {
    return state;
  }

  public CertSource source() {
    return source;
  }

  public Instant lastUpdated() {
    return lastUpdated;
  }

  @Override
  public String toString() {
    // Never the key: this string ends up in traces and logs.
    return "LocalCertificate[name="
        + name
        + ", subject="
        + (chain.isEmpty() ? "(none)" : chain.get(0).getSubjectX500Principal())
        + ", state="
        + state.status()
        + ", source="
        + source.keyword()
        + ", last-updated="
        + lastUpdated
        + "]";
  }

  /** Only a CSR that is pending or has failed may be without a certificate. */
  private static void requireStateFits(String name, List<X509Certificate> chain, CertState state) {
    if (chain.isEmpty()
        && state.status() != CertState.Status.PENDING
        && state.status() != CertState.Status.FAILED) {
      throw new IllegalArgumentException(
          "local certificate '"
              + name
              + "' has no certificate, so its state"
              + " must be PENDING or FAILED, not "
              + state.status());
    }
  }

  private static List<X509Certificate> copyChain(String name, List<X509Certificate> chain) {
    if (chain == null) {
      throw new NullPointerException(
          "local certificate '" + name + "' has a null chain (use an empty list while pending)");
    }
    for (int i = 0; i < chain.size(); i++) {
      if (chain.get(i) == null) {
        throw new NullPointerException(
            "local certificate '" + name + "' has a null certificate at chain position " + i);
      }
    }
    return List.copyOf(chain);
  }
}
