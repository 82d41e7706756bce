package org.fwsim.testbench.ca;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The certificates this CA issued, by serial, with the serial counter. Lookups are lock-free;
 * allocating a serial and recording an issue take one short lock so that the depot's serial file
 * and index stay in step with memory.
 */
public final class CertificateIndex {

  /** Serials below this belong to the CA's own certificates. */
  static final BigInteger FIRST_SERIAL = BigInteger.valueOf(0x1000);

  private final CaDepot depot;
  private final ConcurrentHashMap<BigInteger, IssuedCertificate> bySerial =
      new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private BigInteger nextSerial;
  private final AtomicLong heapBytes = new AtomicLong();

  /** An index kept in {@code depot}, or only in memory when {@code depot} is null. */
  CertificateIndex(CaDepot depot) {
    this.depot = depot;
    BigInteger next = FIRST_SERIAL;
    if (depot != null) {
      for (IssuedCertificate row : depot.loadIndex()) {
        bySerial.put(row.serial(), row);
        heapBytes.addAndGet(row.heapBytes());
        next = next.max(row.serial().add(BigInteger.ONE));
      }
      next = next.max(depot.loadNextSerial(FIRST_SERIAL));
    }
    this.nextSerial = next;
  }

  /** Hands out a serial never used before, also across restarts of a CA with a depot. */
  BigInteger allocateSerial() {
    lock.lock();
    try {
      BigInteger s = nextSerial;
      nextSerial = s.add(BigInteger.ONE);
      if (depot != null) {
        depot.storeNextSerial(nextSerial);
      }
      return s;
    } finally {
      lock.unlock();
    }
  }

  void recordIssued(IssuedCertificate row) {
    lock.lock();
    try {
      if (bySerial.putIfAbsent(row.serial(), row) != null) {
        throw new IllegalStateException("serial " + CaDepot.hex(row.serial()) + " issued twice");
      }
      heapBytes.addAndGet(row.heapBytes());
      if (depot != null) {
        depot.appendIssued(row);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks a certificate revoked so it appears on the next CRL; false when the serial is unknown.
   */
  public boolean revoke(BigInteger serial, Instant at) {
    lock.lock();
    try {
      IssuedCertificate row = bySerial.get(serial);
      if (row == null || row.status() == IssuedCertificate.Status.REVOKED) {
        return false;
      }
      bySerial.put(serial, row.revoked(at));
      if (depot != null) {
        depot.appendRevoked(serial, at);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  public Optional<IssuedCertificate> find(BigInteger serial) {
    return Optional.ofNullable(bySerial.get(serial));
  }

  /** The issued certificate with exactly this encoding, if this CA issued it. */
  Optional<IssuedCertificate> findIssued(X509Certificate cert) {
    IssuedCertificate row = bySerial.get(cert.getSerialNumber());
    return row != null && row.isEncodingOf(cert) ? Optional.of(row) : Optional.empty();
  }

  /** A snapshot of every row, by serial. */
  public List<IssuedCertificate> all() {
    List<IssuedCertificate> rows = new ArrayList<>(bySerial.values());
    rows.sort(Comparator.comparing(IssuedCertificate::serial));
    return rows;
  }

  Collection<IssuedCertificate> revoked() {
    return bySerial.values().stream()
        .filter(r -> r.status() == IssuedCertificate.Status.REVOKED)
        .toList();
  }

  /**
   * The heap the rows hold, counted from their parts ({@link IssuedCertificate#heapBytes}): the
   * CA's part of a storm round's heap, which grows by one row per certificate issued.
   */
  public long heapBytes() {
    return heapBytes.get();
  }

  public int size() {
    return bySerial.size();
  }
}
