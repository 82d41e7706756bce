package org.fwsim.hal.pki;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.PrivateKey;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The certificates of one scope (a VDOM, or the global scope): local certificates with their keys,
 * CA certificates and CRLs, as FortiOS keeps under {@code config vpn certificate local|ca|crl}.
 *
 * <p>Threading: one writer by contract, the owning appliance's thread (its firmware state is only
 * ever touched by one thread at a time). Readers on any thread (console, metrics, reports, the SCEP
 * reply check) call {@link #snapshot()} and get an immutable {@link Snapshot} through a volatile
 * reference. Every write builds a new snapshot and publishes it with a compare-and-set loop, so
 * even two writers racing by mistake lose no update, and {@link #replaceLocal} swaps a certificate
 * and its key in a single publish. No locks.
 *
 * <p>Footprint: a store with nothing in it shares one empty snapshot; a store is then a clock
 * reference and a snapshot reference. Thousands of appliances times two VDOMs each hold one.
 */
public final class CertStore {

  private static final VarHandle SNAPSHOT;

  static {
    try {
      SNAPSHOT = MethodHandles.lookup().findVarHandle(CertStore.class, "snapshot", Snapshot.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final InstantSource clock;
  // Written only through SNAPSHOT.compareAndSet; a plain volatile read is the reader's whole cost.
  private volatile Snapshot snapshot = Snapshot.EMPTY;

  /**
   * @param clock the appliance's clock, which stamps {@code last-updated} on replacements
   */
  public CertStore(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The current contents, immutable; later writes never change a snapshot already taken. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /** Adds or replaces a local certificate entry under its name. */
  public void putLocal(LocalCertificate certificate) {
    Objects.requireNonNull(certificate, "local certificate");
    update(s -> s.withLocal(Snapshot.with(s.local, certificate.name(), certificate)));
  }

  /**
   * Installs a newly issued certificate chain and its private key on an existing local certificate,
   * in one publish: a reader sees either the old pair or the new one, never a mix. The state
   * becomes OK and {@code last-updated} is the clock's time; name and source are kept.
   *
   * @param chain leaf first, then intermediates
   * @return the new entry
   * @throws IllegalArgumentException if there is no local certificate of that name, the chain is
   *     empty, or the leaf does not belong to the key (the store is left unchanged)
   */
  public LocalCertificate replaceLocal(String name, List<X509Certificate> chain, PrivateKey key) {
    Instant now = clock.instant();
    Snapshot next =
        update(
            s -> {
              LocalCertificate current = s.local.get(name);
              if (current == null) {
                throw new IllegalArgumentException(
                    "no local certificate named '" + name + "' to replace");
              }
              return s.withLocal(
                  Snapshot.with(s.local, name, current.withCertificate(chain, key, now)));
            });
    return next.local.get(name);
  }

  /**
   * @return whether an entry of that name was there
   */
  public boolean removeLocal(String name) {
    return remove(name, s -> s.withLocal(Snapshot.without(s.local, name)));
  }

  /** Adds or replaces a CA certificate entry under its name. */
  public void putCa(CaCertificate ca) {
    Objects.requireNonNull(ca, "CA certificate");
    update(s -> s.withCa(Snapshot.with(s.ca, ca.name(), ca)));
  }

  /**
   * @return whether an entry of that name was there
   */
  public boolean removeCa(String name) {
    return remove(name, s -> s.withCa(Snapshot.without(s.ca, name)));
  }

  /** Adds or replaces a CRL entry under its name. */
  public void putCrl(CrlEntry crl) {
    Objects.requireNonNull(crl, "CRL");
    update(s -> s.withCrl(Snapshot.with(s.crl, crl.name(), crl)));
  }

  /**
   * @return whether an entry of that name was there
   */
  public boolean removeCrl(String name) {
    return remove(name, s -> s.withCrl(Snapshot.without(s.crl, name)));
  }

  /** Checks a chain against the current snapshot; see {@link Snapshot#verifyChain}. */
  public PKIXCertPathBuilderResult verifyChain(List<X509Certificate> chain, Instant validationTime)
      throws UntrustedChainException {
    return snapshot().verifyChain(chain, validationTime);
  }

  private boolean remove(String name, UnaryOperator<Snapshot> change) {
    Objects.requireNonNull(name, "name");
    Snapshot[] before = new Snapshot[1];
    Snapshot after =
        update(
            s -> {
              before[0] = s;
              return change.apply(s);
            });
    return after != before[0];
  }

  private Snapshot update(UnaryOperator<Snapshot> change) {
    while (true) {
      Snapshot current = snapshot;
      Snapshot next = change.apply(current);
      if (next == current || SNAPSHOT.compareAndSet(this, current, next)) {
        return next;
      }
    }
  }

  static String requireName(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " name must not be empty");
    }
    return name;
  }

  /**
   * One immutable view of a store. Maps are keyed by entry name, unmodifiable, and iterate in the
   * order entries were first added (the order {@code show} lists them).
   */
  public static final class Snapshot {

    static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Map.of());

    private final Map<String, LocalCertificate> local;
    private final Map<String, CaCertificate> ca;
    private final Map<String, CrlEntry> crl;

    private Snapshot(
        Map<String, LocalCertificate> local,
        Map<String, CaCertificate> ca,
        Map<String, CrlEntry> crl) {
      this.local = local;
      this.ca = ca;
      this.crl = crl;
    }

    public Map<String, LocalCertificate> localCertificates() {
      return local;
    }

    public Map<String, CaCertificate> caCertificates() {
      return ca;
    }

    public Map<String, CrlEntry> crls() {
      return crl;
    }

    public Optional<LocalCertificate> findLocal(String name) {
      return Optional.ofNullable(local.get(name));
    }

    public Optional<CaCertificate> findCa(String name) {
      return Optional.ofNullable(ca.get(name));
    }

    public Optional<CrlEntry> findCrl(String name) {
      return Optional.ofNullable(crl.get(name));
    }

    public boolean isEmpty() {
      return local.isEmpty() && ca.isEmpty() && crl.isEmpty();
    }

    /** The trusted root CA certificates of this snapshot, where every accepted chain must end. */
    public Set<TrustAnchor> trustAnchors() {
      return ChainVerifier.anchors(ca.values());
    }

    /**
     * Checks that {@code chain} (leaf first, then intermediates in any order, e.g. from a SCEP
     * reply) builds up to a trusted root CA certificate of this snapshot, every certificate valid
     * at {@code validationTime} (the appliance's clock, never the wall clock). Trusted
     * intermediates of the store may fill gaps, but a trusted intermediate alone is not enough: its
     * root must be present too, as FortiOS requires since 7.0.4. Revocation is not checked.
     *
     * @return the path found (leaf to the certificate below the root) and the root it ends at
     * @throws UntrustedChainException naming why no path was found
     * @throws IllegalArgumentException if the chain is empty
     */
    public PKIXCertPathBuilderResult verifyChain(
        List<X509Certificate> chain, Instant validationTime) throws UntrustedChainException {
      return ChainVerifier.verify(ca.values(), chain, validationTime);
    }

    Snapshot withLocal(Map<String, LocalCertificate> newLocal) {
      return newLocal == local ? this : of(newLocal, ca, crl);
    }

    Snapshot withCa(Map<String, CaCertificate> newCa) {
      return newCa == ca ? this : of(local, newCa, crl);
    }

    Snapshot withCrl(Map<String, CrlEntry> newCrl) {
      return newCrl == crl ? this : of(local, ca, newCrl);
    }

    private static Snapshot of(
        Map<String, LocalCertificate> local,
        Map<String, CaCertificate> ca,
        Map<String, CrlEntry> crl) {
      return local.isEmpty() && ca.isEmpty() && crl.isEmpty()
          ? EMPTY
          : new Snapshot(local, ca, crl);
    }

    /** A copy with the entry added or replaced in place; a single entry uses the compact Map.of. */
    static <V> Map<String, V> with(Map<String, V> map, String name, V value) {
      if (map.isEmpty() || (map.size() == 1 && map.containsKey(name))) {
        return Map.of(name, value);
      }
      Map<String, V> copy = new LinkedHashMap<>(map);
      copy.put(name, value);
      return Collections.unmodifiableMap(copy);
    }

    /** A copy without the entry, or the same map when there was none. */
    static <V> Map<String, V> without(Map<String, V> map, String name) {
      if (!map.containsKey(name)) {
        return map;
      }
      if (map.size() == 1) {
        return Map.of();
      }
      Map<String, V> copy = new LinkedHashMap<>(map);
      copy.remove(name);
      return copy.size() == 1 ? Map.copyOf(copy) : Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
      return "CertStore.Snapshot[local="
          + local.keySet()
          + ", ca="
          + ca.keySet()
          + ", crl="
          + crl.keySet()
          + "]";
    }
  }
}
