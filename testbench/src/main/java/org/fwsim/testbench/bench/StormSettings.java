package org.fwsim.testbench.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.fwsim.firmware.cmp.CmpServer;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.est.EstServerUrl;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.testbench.fleet.FleetPlan;
import org.fwsim.testbench.fleet.Shard;
import org.fwsim.testbench.report.PrometheusEndpoint;

/**
 * The options of one storm run ({@code fwsim storm}).
 *
 * @param key {@code rsa2048}, {@code rsa4096} or {@code ec256}
 * @param caUrl an external RFC 8894 server on loopback, or null for the embedded CA
 * @param challenge the challenge password; null for a generated one with the embedded CA
 * @param jitter renewal points spread over this much virtual time (zero: all at once)
 * @param out where results.json and report.html go, or null
 * @param prometheus the port of the Prometheus endpoint, or null
 * @param template the user's fleet template, or null for the default one
 * @param workers appliance worker threads (0: one per core)
 * @param boundTime how long the crypto bound is measured
 * @param timeout how long each phase may take before the run gives up
 * @param maxInFlight enrollments and renewals outstanding at once across the fleet, whatever their
 *     protocol; 0 for no bound
 * @param scepFlow the SCEP exchange the appliances run ({@code --scep-flow})
 * @param keyStore where keys are kept between runs ({@link KeyStoreOptions#NONE}: nowhere)
 * @param protocol the enrollment protocol of the fleet ({@code --protocol scep|est|cmpv2|acme});
 *     null: SCEP
 * @param acme with {@code --protocol acme}: the fleet's DNS, HTTP-01 port and trust for an external
 *     server; null: {@link AcmeOptions#EMBEDDED}
 */
public record StormSettings(
    int devices,
    int vdoms,
    String key,
    String caUrl,
    String challenge,
    double pendingRatio,
    FaultPlan faults,
    Duration jitter,
    Shard shard,
    Path out,
    Integer prometheus,
    Path template,
    int workers,
    Duration boundTime,
    Duration timeout,
    int maxInFlight,
    ScepFlow scepFlow,
    KeyStoreOptions keyStore,
    EnrollProtocol protocol,
    AcmeOptions acme) {

  /** Devices of a default run: about five minutes on 2 cores with RSA-2048, most of it keygen. */
  public static final int DEFAULT_DEVICES = 1_000;

  public StormSettings {
    acme = acme == null ? AcmeOptions.EMBEDDED : acme;
    scepFlow = scepFlow == null ? ScepFlow.FORTIOS : scepFlow;
    keyStore = keyStore == null ? KeyStoreOptions.NONE : keyStore;
    protocol = protocol == null ? EnrollProtocol.SCEP : protocol;
    keyType(key); // refuse an unknown key before anything starts
    checkProtocol(protocol, key, caUrl, challenge); // and a CA or key the protocol cannot use
    AcmeFleet.check(protocol, key, caUrl, acme);
    if (!(pendingRatio >= 0 && pendingRatio <= 1)) {
      throw new IllegalArgumentException(
          "--pending-ratio must be within [0, 1], got " + pendingRatio);
    }
    if (pendingRatio > 0 && (protocol == EnrollProtocol.EST || protocol == EnrollProtocol.ACME2)) {
      throw new IllegalArgumentException(
          "--pending-ratio holds SCEP (PENDING) and CMPv2 (waiting) requests: the embedded CA's"
              + " EST and ACME servers answer none pending");
    }
    if (maxInFlight < 0) {
      throw new IllegalArgumentException(
          "--max-in-flight must be 0 (no bound) or more, got " + maxInFlight);
    }
    if (workers < 0) {
      throw new IllegalArgumentException(
          "--workers must be 0 (one per core) or more, got " + workers);
    }
    if (jitter == null || jitter.isNegative()) {
      throw new IllegalArgumentException("--jitter must be zero or more");
    }
    faults = faults == null ? FaultPlan.NONE : faults;
    shard = shard == null ? Shard.ALL : shard;
    new FleetPlan(devices, vdoms, shard); // --devices and --vdoms within what addresses allow
    if (prometheus != null) {
      PrometheusEndpoint.requirePort(prometheus);
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("--timeout must be longer than zero, e.g. 30m");
    }
    if (boundTime == null || boundTime.isZero() || boundTime.isNegative()) {
      throw new IllegalArgumentException(
          "--bound-seconds must be more than zero, got "
              + (boundTime == null ? "none" : boundTime.toMillis() / 1000.0));
    }
  }

  /**
   * Refuses a protocol the storm does not run, and an external CA's URL ({@code caUrl}, null for
   * the embedded CA), a key or a challenge that the protocol's client could not use.
   */
  static void checkProtocol(EnrollProtocol protocol, String key, String caUrl, String challenge) {
    switch (protocol) {
      case SCEP -> {
        if (caUrl != null) {
          ScepUrl.parse(caUrl);
        }
      }
      case EST -> {
        if (caUrl != null) {
          EstServerUrl.parse(caUrl); // https://ADDRESS[:PORT]
        }
      }
      case CMPV2 -> {
        if (keyType(key).isEc()) {
          throw new IllegalArgumentException(
              "--protocol cmpv2 takes an RSA --key: generate cmp names only a key size");
        }
        if (caUrl != null) {
          CmpServer.fromUrl(caUrl); // http://ADDRESS[:PORT]/PATH
          if (challenge == null || challenge.isEmpty()) {
            throw new IllegalArgumentException(
                "--protocol cmpv2 with --ca needs --challenge: the IR's shared secret");
          }
        }
      }
      case ACME2 -> {} // AcmeFleet.check, with the ACME options
      default ->
          throw new IllegalArgumentException(
              "--protocol must be scep, est, cmpv2 or acme, got " + protocol.cli());
    }
  }

  /** These settings against the external ACME server {@code directory} with {@code options}. */
  public StormSettings againstAcme(String directory, AcmeOptions options) {
    return new StormSettings(
        devices,
        vdoms,
        key,
        directory,
        challenge,
        pendingRatio,
        faults,
        jitter,
        shard,
        out,
        prometheus,
        template,
        workers,
        boundTime,
        timeout,
        maxInFlight,
        scepFlow,
        keyStore,
        protocol,
        options);
  }

  /** The appliance key type of {@code --key}. */
  public static KeyType keyType(String key) {
    return switch (key == null ? "" : key.toLowerCase(Locale.ROOT)) {
      case "rsa2048" -> KeyType.RSA_2048;
      case "rsa4096" -> KeyType.RSA_4096;
      case "ec256" -> KeyType.EC_P256;
      default ->
          throw new IllegalArgumentException(
              "--key must be rsa2048, rsa4096 or ec256, got '" + key + "'");
    };
  }

  public KeyType keyType() {
    return keyType(key);
  }

  /** The client key the crypto bound is measured with: the storm's own. */
  public CryptoBound.ClientKey boundKey() {
    return CryptoBound.ClientKey.parse(key);
  }

  /** The {@code generate} arguments naming the key: {@code rsa 2048} or {@code ec secp256r1}. */
  String generateKeyWords() {
    KeyType t = keyType();
    return t.isEc() ? "ec " + t.curve() : "rsa " + t.bits();
  }

  int workerThreads() {
    return workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
  }
}
