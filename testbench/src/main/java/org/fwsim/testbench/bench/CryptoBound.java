package org.fwsim.testbench.bench;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.hal.lang.Enums;
import org.fwsim.testbench.cli.ParsingConverter;
import org.fwsim.testbench.report.model.BoundResult;

/**
 * The crypto bound of a renewal storm: the crypto one renewal cannot avoid, in a tight loop on all
 * cores, measured in the same run as the storm so that {@code efficiency = storm rate / bound}
 * compares like with like on a shared machine.
 *
 * <p>{@link Method#RAW_OPS} is the bound itself: the public- and secret-key work of one renewal on
 * plain JCA engines (the engines the SCEP codec uses). The appliance signs the CSR with its new
 * key, encrypts the request's content key to the CA and signs the pkiMessage with its current key;
 * the CA verifies the pkiMessage's signature, decrypts the content key (KeyTrans to its RSA
 * certificate), verifies the CSR's signature (proof of possession), signs the certificate and signs
 * the CertRep; then the reply's envelope, whose cost depends on how the CA keys it ({@link
 * ReplyEnvelope}): with an RSA appliance key the CA encrypts the content key to it and the
 * appliance decrypts it (KeyTrans); with an EC key the CA cannot use KeyTrans, so both sides do
 * secret work: PBKDF2 of the challengePassword on each side (PasswordRecipientInfo, when the
 * renewal's CSR carries {@code scep-password}, as a storm's does) or an ephemeral EC key and ECDH
 * on the CA and ECDH on the appliance (KeyAgreeRecipientInfo). Last, the appliance verifies the
 * CertRep's signature and the issued certificate's. {@link Method#FULL_CODEC} is a reference below
 * it: the whole BouncyCastle message processing of a renewal on both sides with no IO, i.e. what an
 * in-process renewal costs without HTTP and firmware around it.
 *
 * <p>With {@link ClientKey#EC_P256} the appliance's keys (current and new) are EC P-256, so its two
 * signatures are ECDSA (on BouncyCastle, as the codec signs EC) and so are the CA's two
 * verifications of them; the CA stays RSA-2048. An RSA public-key operation costs about a twentieth
 * of a private one; an ECDSA verification costs about as much as a signature.
 *
 * <p>Keys are made ahead and reused across iterations: the storm takes its keys from a pool made
 * before the measured window, so key generation is not part of either figure (the CA's one-time
 * ECDH key is: it is made per reply).
 */
public final class CryptoBound {

  /** What is measured per renewal. */
  public enum Method {
    /** The public- and private-key operations of one renewal on JCA engines: the bound. */
    RAW_OPS("raw"),
    /** Client and CA SCEP message processing with BouncyCastle, no IO: a reference. */
    FULL_CODEC("codec"),
    /**
     * The crypto of one EST renewal ({@code --protocol est}): a full TLS 1.3 handshake with client
     * authentication in memory, then the CSR and certificate signatures ({@link EstRenewalOps}).
     */
    EST("est"),
    /**
     * The crypto of one CMP key update ({@code --protocol cmpv2}): KUR, kup, certConf and pkiConf
     * signed and verified on both sides ({@link CmpRenewalOps}).
     */
    CMPV2("cmpv2");

    private final String label;

    Method(String label) {
      this.label = label;
    }

    /** The short name used in reports and on the command line. */
    public String label() {
      return label;
    }

    /** The bound of a storm over {@code protocol}: its own crypto, or SCEP's raw operations. */
    public static Method of(EnrollProtocol protocol) {
      return switch (protocol) {
        case EST -> EST;
        case CMPV2 -> CMPV2;
        default -> RAW_OPS;
      };
    }
  }

  /** The appliance's key type (current and new key); the CA stays RSA-2048 either way. */
  public enum ClientKey {
    RSA_2048("rsa2048"),
    RSA_4096("rsa4096"),
    EC_P256("ec256");

    private final String label;

    ClientKey(String label) {
      this.label = label;
    }

    /** The spelling of {@code --key}. */
    public String label() {
      return label;
    }

    /** Reads {@code --key}. */
    public static final class Converter extends ParsingConverter<ClientKey> {
      public Converter() {
        super(ClientKey::parse);
      }
    }

    /**
     * The key named like {@code --key rsa2048|rsa4096|ec256}, or an error naming the unknown value.
     */
    public static ClientKey parse(String text) {
      return Enums.find(ClientKey.class, k -> k.label.equalsIgnoreCase(text))
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "no crypto bound for key '" + text + "' (rsa2048, rsa4096 or ec256)"));
    }
  }

  /** How the CA keys the envelope of its CertRep, which decides the reply's crypto. */
  public enum ReplyEnvelope {
    /** RSA appliance key: KeyTransRecipientInfo; the appliance decrypts the content key. */
    KEY_TRANS(BoundResult.KEY_TRANS),
    /** EC key, CSR with challengePassword: PBKDF2 on both sides, AES key wrap. */
    PASSWORD("password"),
    /** EC key, no challenge: ephemeral key and ECDH on the CA, ECDH on the appliance. */
    KEY_AGREE("keyagree");

    private final String label;

    ReplyEnvelope(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** What the CA uses for a renewal with this key, with or without a challenge in the CSR. */
    public static ReplyEnvelope forRenewal(ClientKey key, boolean challenge) {
      if (key != ClientKey.EC_P256) {
        return KEY_TRANS;
      }
      return challenge ? PASSWORD : KEY_AGREE;
    }
  }

  /** How long and on how many threads to measure. */
  public record Settings(int threads, Duration warmup, Duration duration) {

    public Settings {
      if (threads < 1) {
        throw new IllegalArgumentException(
            "crypto bound threads must be at least 1, got " + threads);
      }
      if (warmup == null || warmup.isNegative()) {
        throw new IllegalArgumentException(
            "crypto bound warm-up must be zero or more, got " + warmup);
      }
      if (duration == null || duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException(
            "crypto bound duration must be positive, got " + duration);
      }
    }

    /**
     * One thread per core, two seconds of warm-up (the JIT needs about that for BouncyCastle's CMS
     * code; the raw operations are warm within a few hundred milliseconds), five measured: five
     * one-second slices, whose median is the rate.
     */
    public static Settings defaults() {
      return new Settings(
          Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }
  }

  private final ClientKey clientKey;
  private final ReplyEnvelope envelope;
  private final BoundKeys keys;
  private final CodecRenewal.Setup codecSetup;

  private CryptoBound(ClientKey clientKey, ReplyEnvelope envelope, BoundKeys keys, Instant now) {
    this.clientKey = clientKey;
    this.envelope = envelope;
    this.keys = keys;
    this.codecSetup = CodecRenewal.Setup.create(keys, envelope, now);
  }

  /**
   * {@link #prepare(ClientKey, boolean)} for renewals whose CSR carries a challenge, as a storm's.
   */
  public static CryptoBound prepare(ClientKey clientKey) {
    return prepare(clientKey, true);
  }

  /**
   * Makes the keys and CA material ahead (a few RSA-2048 key generations, under a second), so the
   * measurements themselves time only renewals.
   *
   * @param renewalChallenge whether the renewal's CSR carries a challengePassword ({@code
   *     scep-password} set): for an EC key the CA then uses a password-based envelope, else ECDH
   */
  public static CryptoBound prepare(ClientKey clientKey, boolean renewalChallenge) {
    return new CryptoBound(
        clientKey,
        ReplyEnvelope.forRenewal(clientKey, renewalChallenge),
        BoundKeys.generate(clientKey),
        Instant.now());
  }

  public ClientKey clientKey() {
    return clientKey;
  }

  public ReplyEnvelope envelope() {
    return envelope;
  }

  /** Measures one method: warm-up, then the window, on {@code settings.threads()} threads. */
  public BoundResult measure(Method method, Settings settings) {
    return measure(method, settings, System::nanoTime);
  }

  /** {@link #measure(Method, Settings)} timed by {@code nanoTime} (tests give a ticking one). */
  BoundResult measure(Method method, Settings settings, LongSupplier nanoTime) {
    return measureSlices(method, settings, nanoTime).result();
  }

  /**
   * A measurement with the rate of each one-second slice of its window ({@link BoundRunner}): the
   * result's rate is their median.
   */
  record Sliced(BoundResult result, double[] sliceRates) {

    /** {@code 301.2 / 310.5 / 315.0 /s (min / median / max of 5 slices)}. */
    String describe() {
      double[] sorted = sliceRates.clone();
      java.util.Arrays.sort(sorted);
      return String.format(
          java.util.Locale.ROOT,
          "%.1f / %.1f / %.1f /s (min / median / max of %d slices)",
          sorted[0],
          result.perSecond(),
          sorted[sorted.length - 1],
          sorted.length);
    }
  }

  /** {@link #measure(Method, Settings)} with each slice's rate. */
  public Sliced measureSlices(Method method, Settings settings) {
    return measureSlices(method, settings, System::nanoTime);
  }

  Sliced measureSlices(Method method, Settings settings, LongSupplier nanoTime) {
    Supplier<RenewalWork> workers =
        switch (method) {
          case RAW_OPS -> () -> new RawRenewalOps(keys, envelope, new SecureRandom());
          case FULL_CODEC -> () -> new CodecRenewal(codecSetup);
          case EST -> () -> est(keys);
          case CMPV2 -> () -> cmp(keys);
        };
    BoundRunner.Totals t =
        BoundRunner.run(
            workers, settings.threads(), settings.warmup(), settings.duration(), nanoTime);
    return new Sliced(
        new BoundResult(
            method.label(),
            clientKey.label(),
            envelope.label(),
            settings.threads(),
            t.renewals(),
            t.seconds(),
            t.perSecond(),
            t.cpuSeconds(),
            t.applianceShare()),
        t.sliceRates());
  }

  private static RenewalWork est(BoundKeys keys) {
    try {
      return new EstRenewalOps(keys, new SecureRandom());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static RenewalWork cmp(BoundKeys keys) {
    try {
      return new CmpRenewalOps(keys, new SecureRandom());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Runs one renewal through the full codec and returns the certificate the appliance accepted. */
  java.security.cert.X509Certificate renewOnceWithCodec() throws Exception {
    return new CodecRenewal(codecSetup).renew();
  }

  BoundKeys keys() {
    return keys;
  }
}
