package org.fwsim.testbench.bench;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The crypto bound of a renewal storm: the crypto one renewal cannot avoid, in a tight loop on all
 * cores, measured in the same run as the storm so that {@code efficiency = storm rate / bound}
 * compares like with like on a shared machine.
 *
 * <p>{@link Method#RAW_OPS} is the bound itself: the six private-key operations of one renewal
 * (appliance: sign the CSR with the new key, sign the pkiMessage with the current key, decrypt the
 * reply's content key; CA: decrypt the request's content key, sign the certificate, sign the
 * CertRep) on plain JCA engines. {@link Method#FULL_CODEC} is a reference below it: the whole
 * BouncyCastle message processing of a renewal on both sides with no IO, i.e. what an in-process
 * renewal costs without HTTP and firmware around it.
 *
 * <p>With {@link ClientKey#EC_P256} the appliance's new key is EC P-256, so its CSR is signed with
 * ECDSA; everything else stays RSA-2048: the CA key, and the key that signs the pkiMessage and
 * receives the reply, because a SCEP envelope is a KeyTransRecipientInfo and needs RSA. One RSA
 * signature becomes one (cheaper) ECDSA signature; the other five operations are unchanged. A
 * firmware that makes a fresh self-signed RSA signer per EC renewal would add a seventh operation,
 * which this bound deliberately does not count.
 *
 * <p>Keys are made ahead and reused across iterations: the storm takes its keys from a pool made
 * before the measured window, so key generation is not part of either figure.
 */
public final class CryptoBound {

  /** What is measured per renewal. */
  public enum Method {
    /** The six private-key operations on JCA engines: the bound. */
    RAW_OPS("raw"),
    /** Client and CA SCEP message processing with BouncyCastle, no IO: a reference. */
    FULL_CODEC("codec");

    private final String label;

    Method(String label) {
      this.label = label;
    }

    /** The short name used in reports and on the command line. */
    public String label() {
      return label;
    }
  }

  /** The appliance's key type; the CA and the envelope keys stay RSA-2048 either way. */
  public enum ClientKey {
    RSA_2048("rsa2048"),
    EC_P256("ec256");

    private final String label;

    ClientKey(String label) {
      this.label = label;
    }

    /** The spelling of {@code --key}. */
    public String label() {
      return label;
    }

    /** The key named like {@code --key rsa2048|ec256}, or an error naming the unknown value. */
    public static ClientKey parse(String text) {
      for (ClientKey k : values()) {
        if (k.label.equalsIgnoreCase(text)) {
          return k;
        }
      }
      throw new IllegalArgumentException("no crypto bound for key '" + text
          + "' (rsa2048 or ec256)");
    }
  }

  /** How long and on how many threads to measure. */
  public record Settings(int threads, Duration warmup, Duration duration) {

    public Settings {
      if (threads < 1) {
        throw new IllegalArgumentException("crypto bound threads must be at least 1, got " + threads);
      }
      if (warmup == null || warmup.isNegative()) {
        throw new IllegalArgumentException("crypto bound warm-up must be zero or more, got " + warmup);
      }
      if (duration == null || duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException("crypto bound duration must be positive, got " + duration);
      }
    }

    /**
     * One thread per core, two seconds of warm-up (the JIT needs about that for BouncyCastle's
     * CMS code; the raw operations are warm within a few hundred milliseconds), four measured.
     */
    public static Settings defaults() {
      return new Settings(Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(2),
          Duration.ofSeconds(4));
    }
  }

  /** One measurement: how many renewals the threads completed in the window, and the rate. */
  public record Result(Method method, ClientKey clientKey, int threads, long renewals,
      double seconds, double perSecond) {

    /** {@code stormPerSecond / perSecond}: how close the storm came to this bound. */
    public double efficiency(double stormPerSecond) {
      return perSecond <= 0 ? 0 : stormPerSecond / perSecond;
    }

    /** One line for logs: {@code raw rsa2048 2 threads: 1,234 renewals in 4.00 s = 308.5/s}. */
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s %s %d thread%s: %,d renewals in %.2f s = %.1f/s",
          method.label(), clientKey.label(), threads, threads == 1 ? "" : "s", renewals, seconds,
          perSecond);
    }
  }

  private final ClientKey clientKey;
  private final BoundKeys keys;
  private final CodecRenewal.Setup codecSetup;

  private CryptoBound(ClientKey clientKey, BoundKeys keys, Instant now) {
    this.clientKey = clientKey;
    this.keys = keys;
    this.codecSetup = CodecRenewal.Setup.create(keys, now);
  }

  /**
   * Makes the keys and CA material ahead (a few RSA-2048 key generations, under a second), so the
   * measurements themselves time only renewals.
   */
  public static CryptoBound prepare(ClientKey clientKey) {
    return new CryptoBound(clientKey, BoundKeys.generate(clientKey), Instant.now());
  }

  public ClientKey clientKey() {
    return clientKey;
  }

  /** Measures one method: warm-up, then the window, on {@code settings.threads()} threads. */
  public Result measure(Method method, Settings settings) {
    Supplier<RenewalWork> workers = switch (method) {
      case RAW_OPS -> () -> new RawRenewalOps(keys, new SecureRandom());
      case FULL_CODEC -> () -> new CodecRenewal(codecSetup);
    };
    BoundRunner.Totals t = BoundRunner.run(workers, settings.threads(), settings.warmup(),
        settings.duration());
    return new Result(method, clientKey, settings.threads(), t.renewals(), t.seconds(),
        t.perSecond());
  }

  /** Runs one renewal through the full codec and returns the certificate the appliance accepted. */
  java.security.cert.X509Certificate renewOnceWithCodec() throws Exception {
    return new CodecRenewal(codecSetup).renew();
  }

  BoundKeys keys() {
    return keys;
  }
}
