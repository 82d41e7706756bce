package org.fwsim.testbench.bench;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.fleet.DevicePlan;

/**
 * The end-of-run check of every certificate: present, chaining to the CA in the store, valid now,
 * issued by the embedded CA (when it is the one), and new (not the certificate enrollment left).
 */
final class StormVerifier {

  /**
   * @param reusedSerials renewed certificates that carry the serial of the certificate they
   *     replaced (a new key, but the CA handed out the same serial again)
   */
  record Check(long valid, long renewed, long reusedSerials, List<String> problems) {}

  private StormVerifier() {}

  /** Checks every stored certificate of the fleet against what enrollment left. */
  static Check verify(StormFleet fleet, EnrolledCertificates enrolled, ScepCa ca) {
    long valid = 0;
    long renewed = 0;
    long reusedSerials = 0;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < fleet.devices(); i++) {
      DevicePlan d = fleet.device(i);
      var store = fleet.firmware(i).appliance().globalCerts().snapshot();
      Instant now = fleet.firmware(i).appliance().clock().instant();
      for (int k = 0; k < d.vdoms().size(); k++) {
        String name = StormFleet.certificateName(d.vdoms().get(k));
        String where = d.devname() + " " + d.vdoms().get(k) + " " + name;
        LocalCertificate c = store.findLocal(name).orElse(null);
        if (c == null || !c.hasCertificate()) {
          problems.add(where + ": no certificate");
          continue;
        }
        try {
          store.verifyChain(c.chain(), now);
          X509Certificate x = c.certificate();
          x.checkValidity(Date.from(now));
          if (ca != null) {
            x.verify(ca.material().issuerCert().getPublicKey());
            if (ca.certificates().find(x.getSerialNumber()).isEmpty()) {
              throw new IllegalStateException("serial unknown to the CA");
            }
          }
          valid++;
          int ordinal = fleet.ordinal(i, k);
          BigInteger before = enrolled.serial(ordinal);
          // Renewal takes a new key (no private-key-retain), so a new public key is a new
          // certificate even when a CA repeats a serial (micromdm's racy file depot does).
          boolean newKey =
              before != null && enrolled.keyHash(ordinal) != EnrolledCertificates.keyHash(x);
          if (before != null && (newKey || !before.equals(x.getSerialNumber()))) {
            renewed++;
            if (before.equals(x.getSerialNumber())) {
              reusedSerials++;
            }
          } else {
            problems.add(where + ": not renewed (serial " + x.getSerialNumber().toString(16) + ")");
          }
        } catch (Exception e) {
          problems.add(where + ": invalid: " + e.getMessage());
        }
      }
    }
    return new Check(valid, renewed, reusedSerials, problems);
  }
}
