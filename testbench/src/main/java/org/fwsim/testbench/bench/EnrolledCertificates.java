package org.fwsim.testbench.bench;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.testbench.fleet.DevicePlan;

/**
 * The certificates enrollment left in the fleet's stores, read once before the storm: their serials
 * and public keys (to tell a renewal from the CA reusing a serial at the end) and the latest
 * expiry. Indexed by certificate number; a certificate that did not enroll has no serial.
 */
final class EnrolledCertificates {

  private final BigInteger[] serial;
  private final int[] keyHash;
  private final Instant latestNotAfter;

  private EnrolledCertificates(BigInteger[] serial, int[] keyHash, Instant latestNotAfter) {
    this.serial = serial;
    this.keyHash = keyHash;
    this.latestNotAfter = latestNotAfter;
  }

  /** Reads every appliance's store; call while the fleet is quiet (between the phases). */
  static EnrolledCertificates read(StormFleet fleet) {
    BigInteger[] serial = new BigInteger[fleet.certificates];
    int[] keyHash = new int[fleet.certificates];
    Instant latest = Instant.EPOCH;
    for (int i = 0; i < fleet.devices(); i++) {
      DevicePlan d = fleet.device(i);
      var store = fleet.firmware(i).appliance().globalCerts().snapshot();
      for (int k = 0; k < d.vdoms().size(); k++) {
        LocalCertificate c =
            store.findLocal(StormFleet.certificateName(d.vdoms().get(k))).orElse(null);
        if (c != null && c.hasCertificate()) {
          X509Certificate x = c.certificate();
          int ordinal = fleet.ordinal(i, k);
          serial[ordinal] = x.getSerialNumber();
          keyHash[ordinal] = keyHash(x);
          Instant notAfter = x.getNotAfter().toInstant();
          if (notAfter.isAfter(latest)) {
            latest = notAfter;
          }
        }
      }
    }
    return new EnrolledCertificates(serial, keyHash, latest);
  }

  static int keyHash(X509Certificate x) {
    return Arrays.hashCode(x.getPublicKey().getEncoded());
  }

  /** Whether certificate {@code ordinal} enrolled. */
  boolean enrolled(int ordinal) {
    return serial[ordinal] != null;
  }

  /** The enrolled serial, or null. */
  BigInteger serial(int ordinal) {
    return serial[ordinal];
  }

  /** The hash of the enrolled certificate's public key. */
  int keyHash(int ordinal) {
    return keyHash[ordinal];
  }

  long count() {
    return Arrays.stream(serial).filter(Objects::nonNull).count();
  }

  /** The latest notAfter of the enrolled certificates ({@link Instant#EPOCH} without any). */
  Instant latestNotAfter() {
    return latestNotAfter;
  }

  int size() {
    return serial.length;
  }
}
