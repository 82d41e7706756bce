package org.fwsim.firmware.cron;

import org.fwsim.hal.clock.IndexedHeap;

/**
 * Forticron's state for one certificate: what it has already done (warned, marked expired), the
 * renewal in flight if any, the retry count, and its next deadline in forticron's heap.
 *
 * <p>Touched only on the appliance's mailbox. Times are appliance-clock epoch millis; kept as
 * primitives so 100,000 of them stay small (see the measured figure in ForticronFleetTest).
 */
final class ScheduledCert extends IndexedHeap.Entry {

  static final long NEVER = Long.MAX_VALUE;

  final Key key;

  /** Position in the config list; breaks ties between equal deadlines so runs repeat. */
  int order;

  CronCertificate cert;

  /** Next deadline (appliance millis), NEVER if nothing is left to do. */
  long due = NEVER;

  boolean warningLogged;
  long warningTime;
  boolean globalWarned;
  boolean expired;

  /** Consecutive failed attempts (and renewals that came back still inside the window). */
  int failures;

  /** No renewal before this time (appliance millis); 0 when no backoff runs. */
  long retryAt;

  /** The renewal in flight, null if none; at most one per certificate. */
  CertRenewer.Renewal renewal;

  /** Numbers renewals, so an outcome for an abandoned one is recognised and ignored. */
  int transaction;

  boolean pendingLogged;

  /** When an in-flight renewal is given up if no answer came (appliance millis). */
  long watchdogAt;

  ScheduledCert(Key key, CronCertificate cert, int order) {
    this.key = key;
    this.cert = cert;
    this.order = order;
  }

  /** Earliest deadline first; equal deadlines in config order, so runs repeat. */
  static int byDue(ScheduledCert a, ScheduledCert b) {
    return a.due != b.due ? Long.compare(a.due, b.due) : Integer.compare(a.order, b.order);
  }

  boolean inFlight() {
    return renewal != null;
  }

  /** A new certificate (renewed or imported): what was logged about the old one is forgotten. */
  void newCertificate(CronCertificate replacement) {
    cert = replacement;
    warningLogged = false;
    warningTime = 0;
    globalWarned = false;
    expired = false;
  }

  /** Identity of a certificate across config updates: table, scope and name. */
  record Key(CertificateIdentity.Type type, int vfid, boolean global, String name) {
    static Key of(CronCertificate c) {
      CertificateIdentity id = c.identity();
      return new Key(id.type(), id.vfid(), id.isGlobal(), id.name());
    }
  }
}
