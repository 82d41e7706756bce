package org.fwsim.testbench.bench;

import java.io.PrintStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.cli.CommandRegistry;
import org.fwsim.firmware.cron.CronCertificate;
import org.fwsim.firmware.cron.CronListener;
import org.fwsim.firmware.scep.client.ScepAdmission;
import org.fwsim.firmware.scep.client.ScepPolicy;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.ClockMode;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.clock.Timer;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.pki.FillProgress;
import org.fwsim.hal.pki.KeyType;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.testbench.ca.ScepCa;
import org.fwsim.testbench.fleet.DevicePlan;
import org.fwsim.testbench.fleet.FleetBooter;
import org.fwsim.testbench.fleet.FleetPlan;
import org.fwsim.testbench.fleet.FleetTemplate;
import org.fwsim.testbench.report.Progress;
import org.fwsim.testbench.report.PrometheusEndpoint;
import org.fwsim.testbench.report.RunMeters;
import org.fwsim.testbench.report.RunResults;

/**
 * The storm, end to end: CA, key pool, fleet booted through {@link Firmware}, every certificate
 * enrolled with {@code execute vpn certificate local generate} in each VDOM's CLI, then the virtual
 * clock set to the renewal point so that forticron renews every certificate at once, and finally
 * the crypto bound measured in the same process.
 *
 * <p>Boot and enrollment run with the clock in REALTIME so that forticron's daily timers cannot run
 * ahead while the fleet settles; the storm runs in FAST_FORWARD, where the scheduler moves time on
 * only when the hypervisor's activity is quiet (retries, CertPolls).
 */
public final class StormRun {

  /** The certificate name prefix; the VDOM name follows (names share the global store). */
  static final String CERT_PREFIX = "FWSIM_";

  /** Matches {@code set auto-regenerate-days} below. */
  static final int AUTO_REGENERATE_DAYS = 7;

  /** How long after the last certificate's expiry the storm stops waiting for renewals. */
  static final Duration GIVE_UP_AFTER_EXPIRY = Duration.ofDays(7);

  /**
   * Tries per certificate in the enrollment phase. A CA that fails part of a burst (micromdm's file
   * depot under concurrent requests) has the failed ones asked again, as an operator would run
   * {@code generate} again; each failed try counts as one enrollment failure.
   */
  static final int ENROLL_ATTEMPTS = 3;

  private static final String EMBEDDED_ADDRESS = "10.5.149.111";
  private static final String EMBEDDED_URL = "http://" + EMBEDDED_ADDRESS + "/app/cert/scep/";

  /** What the run produced: the results, and the end-of-run check of every certificate. */
  public record Outcome(
      RunResults results, long certificates, long valid, long renewed, List<String> problems) {
    /** Every device ended with a valid certificate that the storm replaced. */
    public boolean allRenewed() {
      return valid == certificates && renewed == certificates;
    }
  }

  private final StormSettings s;
  private final PrintStream out;
  private final FleetPlan plan;
  private final int[] indexes;
  private final long certificates;
  private final Firmware[] firmware;
  private final long[] begunAt;
  private final BigInteger[] enrolledSerial;

  /**
   * The enrolled certificate's public key, to tell a renewal (new key) from the CA reusing a
   * serial.
   */
  private final int[] enrolledKeyHash;

  /** Enrollment tries so far per certificate; touched on its appliance's mailbox only. */
  private final byte[] enrollTries;

  private final java.util.concurrent.atomic.AtomicInteger dueAgain =
      new java.util.concurrent.atomic.AtomicInteger();
  private final ScepAdmission admission;

  /** The CA's SCEP URL: {@code --ca}, or the embedded CA's. */
  private final String caUrl;

  /** The challenge password every CSR carries ("" for none). */
  private final String challenge;

  private final java.util.concurrent.atomic.AtomicInteger shownFailures =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicIntegerArray renewedOnce;
  private volatile boolean stormOpen;
  private PhaseRecorder enroll;
  private PhaseRecorder storm;
  private CountDownLatch enrollDone;
  private CountDownLatch stormDone;

  private StormRun(StormSettings s, PrintStream out) {
    this.s = s;
    this.out = out;
    this.plan = new FleetPlan(s.devices(), s.vdoms(), s.shard());
    this.indexes = plan.indexes().toArray();
    this.certificates = plan.certificates();
    this.firmware = new Firmware[indexes.length];
    this.begunAt = new long[(int) certificates];
    this.enrolledSerial = new BigInteger[(int) certificates];
    this.enrolledKeyHash = new int[(int) certificates];
    this.enrollTries = new byte[(int) certificates];
    int limit =
        s.maxInFlight() != 0
            ? s.maxInFlight()
            : automaticBound(
                certificates,
                s.caUrl() == null,
                ProcessProbes.freeFileDescriptors(),
                Runtime.getRuntime().availableProcessors());
    this.admission = limit == 0 ? ScepAdmission.UNLIMITED : ScepAdmission.bounded(limit);
    this.renewedOnce = new java.util.concurrent.atomic.AtomicIntegerArray((int) certificates);
    this.caUrl = s.caUrl() == null ? EMBEDDED_URL : s.caUrl();
    this.challenge =
        s.challenge() != null ? s.challenge() : s.caUrl() == null ? randomChallenge() : "";
  }

  /**
   * Descriptors kept free for everything but SCEP connections: jars, epoll, the Prometheus port.
   */
  static final int RESERVED_DESCRIPTORS = 512;

  /**
   * SCEP transactions in flight per core when the user gave no bound; see {@link #automaticBound}.
   */
  static final int IN_FLIGHT_PER_CORE = 1000;

  /**
   * The bound on SCEP transactions in flight when the user gave none: 0 (no bound) while the whole
   * fleet fits, else the smaller of two limits.
   *
   * <ul>
   *   <li>Open files: a transaction holds one connection at a time, two descriptors with the
   *       embedded CA (its side is in this process too), one with an external CA. 20,000
   *       certificates under a 20,000-file limit failed with "Too many open files".
   *   <li>Waiting at the CA: a request must be answered within the transport's 30-second step
   *       timeout. A core answers 100 to 200 renewals a second, so 1,000 per core are answered in 5
   *       to 10 s; with 9,700 at once, thousands timed out and were sent again.
   * </ul>
   *
   * @param freeDescriptors what the process may still open, -1 when unknown (then only the per-core
   *     limit)
   */
  static int automaticBound(
      long certificates, boolean embeddedCa, long freeDescriptors, int cores) {
    long fit = (long) IN_FLIGHT_PER_CORE * Math.max(1, cores);
    if (freeDescriptors >= 0) {
      long perTransaction = embeddedCa ? 2 : 1;
      fit = Math.min(fit, Math.max(1, (freeDescriptors - RESERVED_DESCRIPTORS) / perTransaction));
    }
    return certificates <= fit ? 0 : (int) fit;
  }

  /** Runs the whole storm and prints progress and the summary to {@code out}. */
  public static Outcome run(StormSettings settings, PrintStream out) throws Exception {
    return new StormRun(settings, out).run();
  }

  private Outcome run() throws Exception {
    FleetTemplate template =
        s.template() == null ? FleetTemplate.defaultTemplate() : FleetTemplate.load(s.template());
    if (s.maxInFlight() == 0 && admission.limit() > 0) {
      out.println(
          "fwsim: "
              + certificates
              + " certificates, at most "
              + admission.limit()
              + " SCEP transactions at once (open files, CA answer time): the others wait their turn;"
              + " --max-in-flight sets another bound");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    RunClock wall = RunClock.system();
    // The simulation starts at the host's time: an external CA (micromdm) stamps its
    // certificates with it (notBefore in whole seconds), so the fleet begins a minute later.
    SimClock clock = SimClock.fastForward(Instant.now().plusSeconds(60));
    clock.setMode(ClockMode.REALTIME);
    KeyType keyType = s.keyType();
    int keys = (int) Math.min(Integer.MAX_VALUE - 64, certificates * 2);
    try (RunMeters meters = RunMeters.create(s.prometheus() != null);
        PrometheusEndpoint endpoint =
            s.prometheus() == null
                ? null
                : PrometheusEndpoint.start(s.prometheus(), meters.prometheus().orElseThrow());
        Hypervisor hv =
            Hypervisor.builder(clock)
                .workers(s.workerThreads())
                .keygenThreads(cores)
                .keyPoolCapacity(keys + 64)
                .registry(meters.registry())
                .build();
        Progress progress = Progress.start(out, Progress.isTerminal())) {
      if (endpoint != null) {
        out.println("Prometheus metrics: " + endpoint.url());
      }
      ScepCa ca = null;
      try {
        if (s.caUrl() == null) {
          ca =
              ScepCa.builder()
                  .clock(clock)
                  .meterRegistry(meters.registry())
                  .challenge(challenge)
                  .workers(cores)
                  .queueCapacity((int) Math.min(1 << 20, certificates * 2 + 256))
                  .accessLogCapacity(1024)
                  .build();
          ca.start(hv.underlay(), Ip4.parse(EMBEDDED_ADDRESS), 80);
          out.println("Embedded CA: " + caUrl + " challenge " + challenge);
        } else {
          mapExternalCa(hv, caUrl);
          out.println("External CA: " + caUrl);
        }
        out.printf(
            Locale.ROOT,
            "Fleet: %,d devices x %d VDOMs = %,d certificates (%s, shard %s)%n",
            indexes.length,
            s.vdoms(),
            certificates,
            s.key(),
            s.shard());
        out.flush();

        // Keys ahead: one for the enrollment and one for the renewal of every certificate.
        PhaseRecorder keygen = new PhaseRecorder("keygen", meters.registry(), wall);
        keygen.start();
        keygen.recordOkCount(fillKeys(hv, keyType, keys, cores, "keys", progress));
        keygen.end();

        long heapBefore = ProcessProbes.usedHeapAfterGc();
        boot(hv, template, progress);
        enrollAll(meters, wall, progress);
        long heapAfter = ProcessProbes.usedHeapAfterGc();
        long heapPerAppliance =
            ProcessProbes.heapBytesPerAppliance(heapBefore, heapAfter, indexes.length);
        long toppedUp = topUpKeys(hv, keyType, cores, progress);

        stormAll(hv, clock, ca, meters, wall, progress);
        clock.setMode(ClockMode.REALTIME); // no more jumps while the results are read
        Check check = verify(hv, ca);

        out.println(
            "Crypto bound: measuring " + s.boundKey().label() + " on " + cores + " threads...");
        out.flush();
        // An EC renewal's reply is password-based when its CSR carries the challenge, else ECDH.
        CryptoBound.Result bound =
            CryptoBound.prepare(s.boundKey(), !challenge.isEmpty())
                .measure(
                    CryptoBound.Method.RAW_OPS,
                    new CryptoBound.Settings(cores, Duration.ofSeconds(1), s.boundTime()));
        Map<String, String> params = parameters(check);
        // A miss means a key was generated inline during a phase: its rate would include keygen.
        params.put("key pool misses", Long.toString(hv.keys().misses()));
        if (toppedUp > 0) {
          params.put(
              "keys added before the storm (failed enrollment tries used theirs)",
              Long.toString(toppedUp));
        }
        RunResults results =
            new RunResults(
                params,
                indexes.length,
                s.vdoms(),
                certificates,
                keygen.snapshot(),
                enroll.snapshot(),
                storm.snapshot(),
                bound,
                null,
                heapPerAppliance);
        return new Outcome(results, certificates, check.valid, check.renewed, check.problems);
      } finally {
        if (ca != null) {
          ca.close();
        }
      }
    }
  }

  // --- boot --------------------------------------------------------------------------------

  private void boot(Hypervisor hv, FleetTemplate template, Progress progress) throws Exception {
    CommandRegistry commands = FirmwareCommands.newRegistry();
    FleetBooter booter =
        new FleetBooter(
            hv,
            template,
            Map.of("ca_url", caUrl, "scep_password", challenge, "cert_name", CERT_PREFIX + "root"),
            commands);
    List<CompletableFuture<Firmware>> boots = new ArrayList<>(indexes.length);
    long[] booted = new long[1];
    Progress.Bar bar = progress.track("boot", indexes.length, () -> booted[0]);
    for (int i = 0; i < indexes.length; i++) {
      DevicePlan d = plan.device(indexes[i]);
      boots.add(booter.boot(d));
    }
    for (int i = 0; i < boots.size(); i++) {
      firmware[i] = boots.get(i).get(s.timeout().toSeconds(), TimeUnit.SECONDS);
      booted[0] = i + 1;
    }
    progress.finish(bar);
    if (admission != ScepAdmission.UNLIMITED || s.scepFlow() != ScepPolicy.DEFAULTS.flow()) {
      // One admission for the whole fleet (--max-in-flight SCEP transactions at once), and the
      // --scep-flow the user asked for.
      ScepPolicy policy = ScepPolicy.DEFAULTS.withAdmission(admission).withFlow(s.scepFlow());
      List<CompletableFuture<Void>> set = new ArrayList<>(firmware.length);
      for (Firmware fw : firmware) {
        set.add(
            fw.appliance()
                .call(
                    () -> {
                      fw.certificates().setPolicy(policy);
                      return null;
                    }));
      }
      CompletableFuture.allOf(set.toArray(CompletableFuture[]::new))
          .get(s.timeout().toSeconds(), TimeUnit.SECONDS);
    }
  }

  /**
   * Every failed enrollment try took a key of the pool, so the renewals would run short and make
   * theirs inline, inside the storm's measured window. Adds what the enrolled certificates need,
   * plus twice as many as enrollment tries failed (the storm's failed tries take keys too, and
   * against micromdm they run a little above the enrollment's), before the storm starts. Returns
   * the keys added.
   */
  private long topUpKeys(Hypervisor hv, KeyType keyType, int cores, Progress progress)
      throws Exception {
    long failedTries = enroll.failed();
    if (failedTries == 0) {
      return 0;
    }
    long ok = enroll.ok();
    // At most one spare per enrolled certificate: a CA refusing nearly everything gets no pile.
    long wanted = Math.min(ok + 2 * failedTries, 2 * ok + 64);
    long missing = wanted - hv.keys().available(keyType);
    return missing <= 0 ? 0 : fillKeys(hv, keyType, (int) missing, cores, "keys+", progress);
  }

  /**
   * Generates {@code n} keys into the pool on all cores behind a progress bar labelled {@code
   * label}; past {@code --timeout} it stops and says how far it got. Returns the keys added.
   */
  private long fillKeys(
      Hypervisor hv, KeyType keyType, int n, int cores, String label, Progress progress)
      throws Exception {
    FillProgress fill = hv.keys().fillAsync(keyType, n, hv.keygenExecutor(), cores);
    Progress.Bar bar = progress.track(label, n, fill::added);
    try {
      fill.completion().get(s.timeout().toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      fill.cancel();
      throw new TimeoutException(
          String.format(
              Locale.ROOT,
              "keygen: %,d of %,d keys after %d s",
              fill.added(),
              n,
              s.timeout().toSeconds()));
    }
    progress.finish(bar);
    return fill.added();
  }

  // --- enrollment --------------------------------------------------------------------------

  private void enrollAll(RunMeters meters, RunClock wall, Progress progress) throws Exception {
    enroll = new PhaseRecorder("enroll", meters.registry(), wall);
    enrollDone = new CountDownLatch((int) certificates);
    enroll.start();
    Progress.Bar bar = progress.track("enroll", certificates, enroll);
    for (int i = 0; i < firmware.length; i++) {
      int device = i;
      Firmware fw = firmware[i];
      fw.setConsoleSink(line -> enrollLine(device, line));
      fw.appliance().execute(() -> enrollDevice(device, fw));
    }
    await(enrollDone, "enrollment");
    enroll.end();
    progress.finish(bar);
    for (Firmware fw : firmware) {
      fw.setConsoleSink(null);
    }
  }

  /** On the appliance's mailbox: one CLI session, a generate per VDOM, the renewal settings. */
  private void enrollDevice(int device, Firmware fw) {
    DevicePlan d = plan.device(indexes[device]);
    CliSession cli = fw.newSession();
    for (int k = 0; k < d.vdoms().size(); k++) {
      int ordinal = device * s.vdoms() + k;
      begunAt[ordinal] = enroll.begin();
      generate(device, fw, cli, k, false);
    }
  }

  /**
   * On the mailbox: {@code generate} for VDOM {@code k}, then KB 420924's renewal settings on the
   * entry it made. A retry deletes the entry the failed try left (state FAILED) first, as {@code
   * generate} refuses a name that exists.
   */
  private void generate(int device, Firmware fw, CliSession cli, int k, boolean retry) {
    DevicePlan d = plan.device(indexes[device]);
    boolean multi = d.vdoms().size() > 1;
    String vdom = d.vdoms().get(k);
    String name = CERT_PREFIX + vdom;
    int ordinal = device * s.vdoms() + k;
    enrollTries[ordinal]++;
    String generate =
        (retry ? "config vpn certificate local\ndelete " + name + "\nend\n" : "")
            + "execute vpn certificate local generate "
            + words(name)
            + " "
            + d.devname()
            + "-"
            + vdom
            + " US CA Sunnyvale Fortinet fwsim \"\" \"\" "
            + caUrl
            + " "
            + (challenge.isEmpty() ? "\"\"" : challenge);
    // generate leaves the session inside the VDOM: the settings below run there, then leave it.
    String answer = cli.run(multi ? enterVdom(vdom) + generate : generate);
    if (!answer.contains(": enrolling with SCEP server")) {
      finishEnroll(ordinal, false, "cli-refused");
      out.println("fwsim: " + d.devname() + " " + vdom + ": " + answer.strip());
    }
    String after =
        cli.run(
            "config vpn certificate local\nedit "
                + name
                + "\nset auto-regenerate-days "
                + AUTO_REGENERATE_DAYS
                + "\nset auto-regenerate-days-warning 14\nnext\nend"
                + (multi ? "\nend" : ""));
    if (!after.isBlank()) {
      out.println("fwsim: " + d.devname() + " " + vdom + ": " + after.strip());
    }
  }

  private String words(String name) {
    String[] k = s.generateKeyWords().split(" ");
    return k[0] + " " + name + " " + k[1];
  }

  /** The console line that {@code generate} prints when the enrollment ends. */
  private void enrollLine(int device, String line) {
    if (!line.startsWith("Certificate " + CERT_PREFIX)) {
      return;
    }
    int colon = line.indexOf(':');
    String vdom = line.substring(("Certificate " + CERT_PREFIX).length(), colon);
    int k = plan.device(indexes[device]).vdoms().indexOf(vdom);
    if (k < 0) {
      return;
    }
    int ordinal = device * s.vdoms() + k;
    if (line.contains(": enrolled, serial")) {
      finishEnroll(ordinal, true, null);
    } else if (line.contains("enrollment failed")) {
      boolean last = enrollTries[ordinal] >= ENROLL_ATTEMPTS;
      if (shownFailures.getAndIncrement() < 5) {
        out.println(
            "fwsim: "
                + plan.device(indexes[device]).devname()
                + ": "
                + line
                + (last ? "" : " (trying again)"));
      }
      if (last) {
        finishEnroll(ordinal, false, kindOf(line));
      } else {
        // The try failed, the certificate is still under way: counted, then asked again.
        enroll.recordFailure(kindOf(line), System.nanoTime() - begunAt[ordinal]);
        Firmware fw = firmware[device];
        fw.appliance().execute(() -> generate(device, fw, fw.newSession(), k, true));
      }
    }
  }

  private void finishEnroll(int ordinal, boolean ok, String kind) {
    if (ok) {
      enroll.succeeded(begunAt[ordinal]);
    } else {
      enroll.failed(kind, begunAt[ordinal]);
    }
    enrollDone.countDown();
  }

  // --- storm -------------------------------------------------------------------------------

  private void stormAll(
      Hypervisor hv, SimClock clock, ScepCa ca, RunMeters meters, RunClock wall, Progress progress)
      throws Exception {
    Instant latestNotAfter = Instant.EPOCH;
    for (int i = 0; i < firmware.length; i++) {
      DevicePlan d = plan.device(indexes[i]);
      for (int k = 0; k < d.vdoms().size(); k++) {
        LocalCertificate c =
            firmware[i]
                .appliance()
                .globalCerts()
                .snapshot()
                .findLocal(CERT_PREFIX + d.vdoms().get(k))
                .orElse(null);
        if (c != null && c.hasCertificate()) {
          X509Certificate x = c.certificate();
          enrolledSerial[i * s.vdoms() + k] = x.getSerialNumber();
          enrolledKeyHash[i * s.vdoms() + k] = Arrays.hashCode(x.getPublicKey().getEncoded());
          Instant na = x.getNotAfter().toInstant();
          if (na.isAfter(latestNotAfter)) {
            latestNotAfter = na;
          }
        }
      }
    }
    storm = new PhaseRecorder("storm", meters.registry(), wall);
    long enrolled = java.util.Arrays.stream(enrolledSerial).filter(x -> x != null).count();
    stormDone = new CountDownLatch((int) enrolled);
    if (enrolled == 0) {
      storm.start();
      storm.end();
      return;
    }
    Instant renewAt = latestNotAfter.minus(Duration.ofDays(AUTO_REGENERATE_DAYS)).plusSeconds(60);
    // Each appliance's clock runs ahead by up to --jitter, so renewal points spread over it.
    Random random = new Random(42);
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (int i = 0; i < firmware.length; i++) {
      int device = i;
      Firmware fw = firmware[i];
      long skew = s.jitter().isZero() ? 0 : (long) (random.nextDouble() * s.jitter().toMillis());
      ready.add(
          fw.appliance()
              .call(
                  () -> {
                    fw.certificates().forticron().addListener(new StormListener(device, clock));
                    if (skew > 0) {
                      fw.appliance().clock().setOffset(Duration.ofMillis(skew));
                      fw.certificates().clockChanged();
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new))
        .get(s.timeout().toSeconds(), TimeUnit.SECONDS);

    if (ca != null) {
      ca.setFaults(s.faults().duringWindow(s.pendingRatio()));
    }
    if (s.faults().linkDown()) {
      setLinks("down");
    }
    Progress.Bar bar = progress.track("storm", enrolled, storm);
    storm.start();
    stormOpen = true;
    for (int i = 0; i < begunAt.length; i++) {
      if (enrolledSerial[i] != null) {
        begunAt[i] = storm.begin();
      }
    }
    Instant stormAt = renewAt.minus(s.jitter());
    if (!s.faults().window().isZero()) {
      ScepCa embedded = ca;
      // A scheduler task only posts: the CA's fault switch and a message per appliance.
      hv.scheduler()
          .schedule(
              stormAt.plus(s.faults().window()).toEpochMilli(),
              () -> {
                if (embedded != null) {
                  embedded.setFaults(s.faults().afterWindow(s.pendingRatio()));
                }
                if (s.faults().linkDown()) {
                  for (Firmware fw : firmware) {
                    fw.appliance().execute(() -> linkCli(fw, "up"));
                  }
                }
              });
    }
    // Bounded in virtual time as well as in real time: a certificate that is still not renewed a
    // week after the last one expired will not be (its CA refuses the expired signer, as micromdm
    // does), and fast-forwarding through forticron's retries took the clock decades ahead.
    // The horizon releases the storm's own latch, so one wait covers both ends.
    AtomicBoolean gaveUp = new AtomicBoolean();
    Timer horizon =
        hv.scheduler()
            .schedule(
                latestNotAfter.plus(GIVE_UP_AFTER_EXPIRY).toEpochMilli(),
                () -> {
                  gaveUp.set(true);
                  while (stormDone.getCount() > 0) {
                    stormDone.countDown();
                  }
                });
    clock.set(stormAt);
    clock.setMode(ClockMode.FAST_FORWARD);
    await(stormDone, "storm");
    horizon.cancel();
    if (gaveUp.get()) {
      recordNotRenewed();
    }
    storm.end();
    stormOpen = false;
    progress.finish(bar);
  }

  /** {@code link-down}: port1 (the root VDOM's way to the CA) of every appliance, by the CLI. */
  private void setLinks(String status) throws Exception {
    List<CompletableFuture<String>> done = new ArrayList<>();
    for (Firmware fw : firmware) {
      done.add(fw.appliance().call(() -> linkCli(fw, status)));
    }
    for (CompletableFuture<String> f : done) {
      String answer = f.get(s.timeout().toSeconds(), TimeUnit.SECONDS);
      if (!answer.isBlank()) {
        out.println("fwsim: link-down: " + answer.strip());
        break;
      }
    }
  }

  /** On the mailbox: {@code set auto-regenerate-days 0} on the storm's certificate. */
  private void stopAutoRegenerate(Firmware fw, int device, String name) {
    DevicePlan d = plan.device(indexes[device]);
    String body =
        "config vpn certificate local\nedit " + name + "\nset auto-regenerate-days 0\nnext\nend";
    String vdom = name.substring(CERT_PREFIX.length());
    String answer =
        fw.newSession().run(d.vdoms().size() > 1 ? enterVdom(vdom) + body + "\nend" : body);
    String said =
        answer
            .lines()
            .filter(l -> !l.startsWith("current vf="))
            .collect(java.util.stream.Collectors.joining("\n"))
            .strip();
    if (!said.isEmpty()) {
      out.println("fwsim: " + d.devname() + " " + name + ": " + said);
    }
  }

  /** The CLI lines that enter a VDOM of a multi-VDOM appliance; {@code end} leaves it again. */
  private static String enterVdom(String vdom) {
    return "config vdom\nedit " + vdom + "\n";
  }

  /** On the mailbox: {@code set status up|down} on port1; returns what the CLI printed. */
  private static String linkCli(Firmware fw, String status) {
    boolean multi = fw.config().multiVdom();
    return fw.newSession()
        .run(
            (multi ? "config global\n" : "")
                + "config system interface\n"
                + "edit \"port1\"\nset status "
                + status
                + "\nnext\nend"
                + (multi ? "\nend" : ""));
  }

  /** Hears forticron's renewals of one appliance, beside the firmware's own listener. */
  private final class StormListener implements CronListener {
    private final int device;
    private final SimClock clock;

    StormListener(int device, SimClock clock) {
      this.device = device;
      this.clock = clock;
    }

    @Override
    public void renewed(CronCertificate cert) {
      int ordinal = ordinal(cert);
      if (ordinal >= 0 && stormOpen && renewedOnce.compareAndSet(ordinal, 0, 1)) {
        storm.succeeded(begunAt[ordinal]);
        stormDone.countDown();
        if (stormDone.getCount() == 0) {
          // The last one: stop fast-forward here, while this mailbox still counts as activity.
          // Once the fleet is quiet the scheduler would jump to the next deadline, and with a CA
          // dating from the host's clock that is the renewed certificates' notAfter, 7 days on.
          clock.setMode(ClockMode.REALTIME);
        }
        Firmware fw = firmware[device];
        if (dueAgain(cert, fw)) {
          // A CA that dates certificates from the host's clock (micromdm) hands back one that is
          // due again on our fast-forwarded clock: forticron would renew it at every back-off
          // step for the rest of the storm, each time a request the storm does not count but
          // the CA must serve. One renewal per certificate is the storm; after it, stop.
          dueAgain.incrementAndGet();
          fw.appliance().execute(() -> stopAutoRegenerate(fw, device, cert.name()));
        }
      }
    }

    @Override
    public void failed(CronCertificate cert, String reason, Instant nextAttempt) {
      int ordinal = ordinal(cert);
      if (ordinal >= 0 && stormOpen) {
        if (shownFailures.getAndIncrement() < 5) {
          out.println(
              "fwsim: "
                  + plan.device(indexes[device]).devname()
                  + " "
                  + cert.name()
                  + ": renewal failed: "
                  + reason);
        }
        // Not final: forticron retries on its backoff; the attempt counts as one failure.
        storm.recordFailure(kindOf(reason), System.nanoTime() - begunAt[ordinal]);
      }
    }

    @Override
    public void expired(CronCertificate cert) {
      int ordinal = ordinal(cert);
      if (ordinal >= 0 && stormOpen) {
        storm.recordFailure("expired", 0);
      }
    }

    /** Whether the renewed certificate is inside its own renewal window already. */
    private boolean dueAgain(CronCertificate cert, Firmware fw) {
      Instant renewalPoint = cert.notAfter().minus(Duration.ofDays(cert.days()));
      return cert.days() > 0 && !renewalPoint.isAfter(fw.appliance().clock().instant());
    }

    private int ordinal(CronCertificate cert) {
      if (!cert.name().startsWith(CERT_PREFIX)) {
        return -1;
      }
      int k =
          plan.device(indexes[device]).vdoms().indexOf(cert.name().substring(CERT_PREFIX.length()));
      return k < 0 ? -1 : device * s.vdoms() + k;
    }
  }

  // --- end-of-run check --------------------------------------------------------------------

  /**
   * @param reusedSerials renewed certificates that carry the serial of the certificate they
   *     replaced (a new key, but the CA handed out the same serial again)
   */
  private record Check(long valid, long renewed, long reusedSerials, List<String> problems) {}

  /** Every stored certificate: present, chains to the CA in the store, issued by the CA, new. */
  private Check verify(Hypervisor hv, ScepCa ca) {
    long valid = 0;
    long renewed = 0;
    long reusedSerials = 0;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < firmware.length; i++) {
      DevicePlan d = plan.device(indexes[i]);
      var store = firmware[i].appliance().globalCerts().snapshot();
      Instant now = firmware[i].appliance().clock().instant();
      for (int k = 0; k < d.vdoms().size(); k++) {
        String name = CERT_PREFIX + d.vdoms().get(k);
        String where = d.devname() + " " + d.vdoms().get(k) + " " + name;
        LocalCertificate c = store.findLocal(name).orElse(null);
        if (c == null || !c.hasCertificate()) {
          problems.add(where + ": no certificate");
          continue;
        }
        try {
          store.verifyChain(c.chain(), now);
          X509Certificate x = c.certificate();
          x.checkValidity(java.util.Date.from(now));
          if (ca != null) {
            x.verify(ca.material().issuerCert().getPublicKey());
            if (ca.certificates().find(x.getSerialNumber()).isEmpty()) {
              throw new IllegalStateException("serial unknown to the CA");
            }
          }
          valid++;
          int ordinal = i * s.vdoms() + k;
          BigInteger before = enrolledSerial[ordinal];
          // Renewal takes a new key (no private-key-retain), so a new public key is a new
          // certificate even when a CA repeats a serial (micromdm's racy file depot does).
          boolean newKey =
              before != null
                  && enrolledKeyHash[ordinal] != Arrays.hashCode(x.getPublicKey().getEncoded());
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

  // --- helpers -----------------------------------------------------------------------------

  /** A failure kind with bounded cardinality, from a failInfo or a reason text. */
  static String kindOf(String text) {
    String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
    int fi = t.indexOf("failinfo ");
    if (fi >= 0) {
      String rest = t.substring(fi + 9).replaceAll("[^a-z].*", "");
      return "failInfo " + rest;
    }
    if (t.contains("no route") || t.contains("egress") || t.contains(" is down")) {
      return "egress down";
    }
    if (t.contains("badrequest")) {
      return "failInfo badrequest";
    }
    if (t.contains("500")) {
      return "http 500";
    }
    if (t.contains("pending")) {
      return "pending";
    }
    if (t.contains("timed out") || t.contains("timeout") || t.contains("no answer")) {
      return "timeout";
    }
    if (t.contains("refused")
        || t.contains("connect")
        || t.contains("closed")
        || t.contains("reset")) {
      return "connection";
    }
    if (t.contains("pkimessage")
        || t.contains("parse")
        || t.contains("malformed")
        || t.contains("asn")
        || t.contains("cms")
        || t.contains("garbage")) {
      return "bad reply";
    }
    return "other";
  }

  private Map<String, String> parameters(Check check) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("--devices", Integer.toString(s.devices()));
    p.put("--vdoms", Integer.toString(s.vdoms()));
    p.put("--key", s.key());
    p.put("--ca", s.caUrl() == null ? "embedded " + caUrl : caUrl);
    p.put("--pending-ratio", Double.toString(s.pendingRatio()));
    p.put(
        "--faults",
        s.faults().describe().isEmpty() ? "none" : String.join(",", s.faults().describe()));
    p.put("--jitter", s.jitter().toString());
    p.put("--shard", s.shard().toString());
    p.put("--workers", Integer.toString(s.workerThreads()));
    p.put(
        "--max-in-flight",
        admission.limit() == 0
            ? "unlimited"
            : s.maxInFlight() == 0
                ? admission.limit() + " (automatic)"
                : Integer.toString(admission.limit()));
    p.put("bound key", s.boundKey().label());
    p.put("certificates valid at end", check.valid() + "/" + certificates);
    p.put("certificates renewed (new certificate)", check.renewed() + "/" + certificates);
    if (check.reusedSerials() > 0) {
      p.put("renewed with the old serial (CA reused it)", Long.toString(check.reusedSerials()));
    }
    if (dueAgain.get() > 0) {
      // Honest about the intervention: these would have been renewed again and again.
      p.put(
          "renewed already due again (CA clock behind; auto-regenerate then set 0)",
          Integer.toString(dueAgain.get()));
    }
    return p;
  }

  /** After the horizon: each certificate not renewed counts as a failure of its own kind. */
  private void recordNotRenewed() {
    String kind = "not renewed " + GIVE_UP_AFTER_EXPIRY.toDays() + " d after expiry";
    long left = 0;
    for (int i = 0; i < begunAt.length; i++) {
      if (enrolledSerial[i] != null && renewedOnce.get(i) == 0) {
        storm.recordFailure(kind, System.nanoTime() - begunAt[i]);
        left++;
      }
    }
    out.println(
        "fwsim: " + left + " certificate(s) " + kind + ": the storm stops waiting for them");
  }

  private void await(CountDownLatch latch, String what)
      throws TimeoutException, InterruptedException {
    if (!latch.await(s.timeout().toSeconds(), TimeUnit.SECONDS)) {
      throw new TimeoutException(
          what
              + ": "
              + latch.getCount()
              + " certificate(s) unfinished after "
              + s.timeout().toSeconds()
              + " s");
    }
  }

  private static void mapExternalCa(Hypervisor hv, String url) {
    java.net.URI u = java.net.URI.create(url);
    String host = u.getHost();
    int port = u.getPort() < 0 ? 80 : u.getPort();
    InetSocketAddress target = new InetSocketAddress(host, port);
    if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "--ca: " + url + " is not on loopback (127.0.0.0/8 or ::1)");
    }
    hv.underlay().map(target, target);
  }

  private static String randomChallenge() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return "fwsim-" + HexFormat.of().formatHex(b);
  }
}
