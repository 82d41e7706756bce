package org.fwsim.testbench.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.testbench.ca.LoopbackListenAddress;
import org.fwsim.testbench.cli.CaOptions;
import org.fwsim.testbench.cli.DurationConverter;
import org.fwsim.testbench.cli.OneLineErrors;
import org.fwsim.testbench.cli.PcapOptions;
import org.fwsim.testbench.fleet.FleetPlan;
import org.fwsim.testbench.fleet.Shard;
import org.fwsim.testbench.fleet.TemplateException;
import org.fwsim.testbench.keys.KeyCache;
import org.fwsim.testbench.report.ReportFiles;
import org.fwsim.testbench.report.SummaryTable;
import org.fwsim.testbench.shard.StormStart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fwsim storm}: the mass-renewal storm, fwsim's main job. */
@Command(
    name = "storm",
    mixinStandardHelpOptions = true,
    description =
        "Boots a fleet, enrolls one certificate per VDOM (over --protocol), then jumps the virtual"
            + " clock to the renewal point so forticron renews every certificate at once; reports"
            + " rates, latencies, the crypto bound and the efficiency.")
public final class StormCommand implements Callable<Integer> {

  @Option(
      names = "--devices",
      defaultValue = "" + StormSettings.DEFAULT_DEVICES,
      description =
          "Appliances in the fleet (default: ${DEFAULT-VALUE}; about five minutes on 2 cores).")
  int devices;

  @Option(
      names = "--vdoms",
      defaultValue = "2",
      description = "VDOMs per appliance, one certificate each (default: ${DEFAULT-VALUE}).")
  int vdoms;

  @Option(
      names = "--key",
      defaultValue = "rsa2048",
      description = "rsa2048, rsa4096 or ec256 (default: ${DEFAULT-VALUE}).")
  String key;

  @Mixin CaOptions ca = new CaOptions();

  @Option(
      names = "--protocol",
      defaultValue = "scep",
      description =
          "Enrollment protocol of the fleet: scep; est against the embedded CA's EST server"
              + " (--ca https://... for an external one); cmpv2 against its /pkix/ (--ca"
              + " http://.../pkix/ and --challenge for an external one); acme against its ACME"
              + " server (--ca https://.../dir with --dns-listen and --ca-trust for an external"
              + " one, such as pebble) (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(
      names = "--dns-listen",
      paramLabel = "ADDRESS:PORT",
      converter = LoopbackListenAddress.class,
      description =
          "With --protocol acme --ca: answer the ACME server's DNS questions for the fleet's"
              + " domains on this loopback UDP address (start pebble with -dnsserver"
              + " ADDRESS:PORT); other names get NXDOMAIN.")
  InetSocketAddress dnsListen;

  @Option(
      names = "--acme-http-port",
      paramLabel = "PORT",
      defaultValue = "" + AcmeOptions.UNSET,
      description =
          "With --protocol acme: the port the appliances answer HTTP-01 on, the one the ACME"
              + " server validates at (pebble's httpPort) (default: "
              + AcmeOptions.DEFAULT_HTTP_PORT
              + " with --ca, pebble's; a free port of the run's own with the embedded server).")
  int acmeHttpPort;

  @Option(
      names = "--ca-trust",
      paramLabel = "FILE",
      description =
          "With --protocol acme --ca: a PEM file of the CA certificates every appliance imports:"
              + " the root of the server's HTTPS certificate and the root it issues under"
              + " (pebble's management /roots/0).")
  Path caTrust;

  @Mixin PcapOptions pcap = new PcapOptions();

  @Option(
      names = "--pending-ratio",
      defaultValue = "0",
      description =
          "Share of storm requests the embedded CA holds: SCEP's answered PENDING, CMPv2's"
              + " waiting (default: ${DEFAULT-VALUE}).")
  double pendingRatio;

  @Option(
      names = "--faults",
      converter = FaultPlan.Converter.class,
      description =
          "ca-down:<dur>,slow:<ms>,http500:<f>,garbage:<f>,pending:<f>,badrequest:<f>,link-down;"
              + " <f> is the share of requests (0.1 = one in ten); faults compose, and each"
              + " failure names the fault behind it.")
  FaultPlan faults = FaultPlan.NONE;

  @Option(
      names = "--jitter",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Spread the renewal points over this virtual time, e.g. 1h (default: ${DEFAULT-VALUE}).")
  Duration jitter;

  @Option(
      names = "--shard",
      defaultValue = "0/1",
      converter = Shard.Converter.class,
      description = "i/n: devices with index = i mod n (default: ${DEFAULT-VALUE}).")
  Shard shard;

  @Option(
      names = "--shards",
      description =
          "The fleet split over N shards, this one's index from JOB_COMPLETION_INDEX (as a"
              + " Kubernetes Indexed Job sets it); instead of --shard.")
  Integer shards;

  @Option(
      names = "--storm-at",
      converter = StormStart.Converter.class,
      description =
          "ISO-8601 UTC instant, e.g. 2026-12-07T06:30:00Z: boot and enroll, then wait for it so"
              + " that every shard renews at once; a shard not ready by then fails.")
  Instant stormAt;

  @Option(
      names = "--run-id",
      description =
          "Names the run in results.json, the same for all its shards (default: derived from"
              + " --storm-at and the fleet's parameters).")
  String runId;

  @Option(names = "--out", description = "Directory for results.json and report.html.")
  Path out;

  @Option(
      names = "--prometheus",
      description = "Serve Prometheus metrics on this loopback port during the run.")
  Integer prometheus;

  @Option(
      names = "--template",
      description = "Fleet template (default: src/examples/fleet-template.conf).")
  Path template;

  @Option(
      names = "--workers",
      defaultValue = "0",
      description = "Appliance worker threads (default: one per core).")
  int workers;

  @Option(
      names = "--max-in-flight",
      defaultValue = "0",
      description =
          "Enrollments and renewals outstanding at once across the fleet, whatever the"
              + " --protocol; the others wait their turn (default: 0, no bound). micromdm's file"
              + " depot fails overlapping requests: give it 1.")
  int maxInFlight;

  @Option(
      names = "--scep-flow",
      defaultValue = "fortios",
      description =
          "SCEP exchange of the appliances: fortios (GetCACert, GET PKIOperation, renewal as a"
              + " PKCSReq signed by the current certificate; the default) or rfc8894 (GetCACaps,"
              + " POST and RenewalReq when the CA offers them).")
  String scepFlow;

  @Option(
      names = "--bound-seconds",
      defaultValue = "5",
      description =
          "Crypto bound window in seconds, cut into one-second slices whose median is the bound"
              + " (default: ${DEFAULT-VALUE}).")
  double boundSeconds;

  @Option(
      names = "--timeout",
      defaultValue = "30m",
      converter = DurationConverter.class,
      description = "Longest time one phase may take (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description =
          "Renew the same fleet this many times; results.json gets each round's rate and heap"
              + " (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--warmup",
      defaultValue = "auto",
      description =
          "Warm-up appliances outside the fleet, enrolled and renewed twice before it boots so"
              + " that the storm runs compiled code; reported as its own phase; with --ca they use"
              + " an embedded CA and a clock of their own (SCEP only); none to skip; auto: "
              + WarmupSize.AUTO_EXTERNAL
              + " with --ca, none with the embedded CA (default: ${DEFAULT-VALUE}).")
  String warmup;

  @Option(
      names = "--fresh-keys",
      description =
          "Generate every key and keep none: ignore the key store ($XDG_CACHE_HOME/fwsim/keys or"
              + " ~/.cache/fwsim/keys).")
  boolean freshKeys;

  @Option(
      names = "--key-store-limit",
      defaultValue = "256M",
      description =
          "Most the key store keeps, e.g. 64M, 1G; the least recently used keys go first"
              + " (default: ${DEFAULT-VALUE}).")
  String keyStoreLimit;

  @Option(
      names = "--reuse-keys",
      description =
          "Send stored keys to an external CA (--ca) that has seen them before; by default each"
              + " stored key goes to one CA once (some CAs refuse a public key twice).")
  boolean reuseKeys;

  /** Where the summary goes; tests swap it. */
  PrintStream stdout = System.out;

  /** Wall clock of --storm-at and how a shard waits for it; tests swap them. */
  Clock wall = Clock.systemUTC();

  StormStart.Pause pause = StormStart.SLEEP;

  /** The environment and home directory the key store's place comes from; tests swap them. */
  Map<String, String> environment = System.getenv();

  String userHome = System.getProperty("user.home");

  @Spec CommandSpec spec;

  /** The environment variable a Kubernetes Indexed Job sets to the pod's completion index. */
  static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

  /** {@code --shard i/n}, or {@code --shards n} with the index from the environment. */
  private Shard ownShard() {
    if (shards == null) {
      return shard;
    }
    if (!shard.equals(Shard.ALL)) {
      throw new IllegalArgumentException("give --shard i/n or --shards n, not both");
    }
    String index = environment.get(JOB_COMPLETION_INDEX);
    if (index == null || index.isBlank()) {
      throw new IllegalArgumentException(
          "--shards " + shards + " takes the shard index from " + JOB_COMPLETION_INDEX + ", unset");
    }
    try {
      return new Shard(Integer.parseInt(index.strip()), shards);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          JOB_COMPLETION_INDEX + " must be a whole number, got '" + index + "'", e);
    }
  }

  private static ScepFlow flow(String keyword) {
    try {
      return ScepFlow.of(keyword);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--scep-flow: " + e.getMessage(), e);
    }
  }

  /** {@code 256M}, {@code 1G}, {@code 512k} or a number of bytes (binary multiples). */
  static long bytes(String size) {
    Matcher m = SIZE.matcher(size == null ? "" : size.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--key-store-limit: '" + size + "' is no size (e.g. 0, 512k, 64M, 1G)");
    }
    int shift =
        m.group(2) == null ? 0 : 10 * ("KMG".indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1);
    long n = Long.parseLong(m.group(1));
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("--key-store-limit: '" + size + "' is too large");
    }
    return n << shift;
  }

  private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})\\s*([kKmMgG])?[iI]?[bB]?");

  @Override
  public Integer call() throws Exception {
    PrintWriter stderr = spec.commandLine().getErr();
    String name = OneLineErrors.prefix(spec.commandLine()) + ": ";
    StormSettings settings;
    StormStart start;
    try {
      Shard own = ownShard();
      start = stormAt == null ? StormStart.whenReady(wall) : StormStart.at(stormAt, wall, pause);
      start.requireAhead();
      settings =
          new StormSettings(
              devices,
              vdoms,
              key,
              ca.url,
              ca.challenge.value(),
              pendingRatio,
              faults,
              jitter,
              own,
              out,
              prometheus,
              template,
              workers,
              Duration.ofMillis(Math.round(boundSeconds * 1000)),
              timeout,
              maxInFlight,
              flow(scepFlow),
              freshKeys
                  ? KeyStoreOptions.NONE
                  : new KeyStoreOptions(
                      KeyCache.defaultDirectory(environment, userHome),
                      bytes(keyStoreLimit),
                      reuseKeys),
              // FortiOS spells it acme2; the storm takes the protocol's name too.
              EnrollProtocol.fromCli(
                  protocol.toLowerCase(Locale.ROOT).replaceFirst("^acme$", "acme2")),
              new AcmeOptions(dnsListen, acmeHttpPort, caTrust));
    } catch (IllegalArgumentException | StormStart.LateShardException e) {
      stderr.println(name + e.getMessage());
      stderr.flush();
      return OneLineErrors.BAD_INPUT;
    }
    if (rounds < 1) {
      stderr.println(name + "--rounds must be at least 1, got " + rounds);
      stderr.flush();
      return OneLineErrors.BAD_INPUT;
    }
    int warmupDevices;
    try {
      warmupDevices = WarmupSize.of(warmup, settings);
    } catch (IllegalArgumentException e) {
      stderr.println(name + e.getMessage());
      stderr.flush();
      return OneLineErrors.BAD_INPUT;
    }
    try {
      FleetPlan plan = new FleetPlan(devices, vdoms, settings.shard());
      pcap.check(plan.indexes().mapToObj(i -> plan.device(i).devname()).toList()); // before all
    } catch (IllegalArgumentException e) {
      stderr.println(name + e.getMessage());
      stderr.flush();
      return OneLineErrors.BAD_INPUT;
    }
    StormRun.Outcome o;
    try {
      o =
          StormRun.run(
              settings, stdout, rounds, warmupDevices, new StormRun.ShardStart(start, runId), pcap);
    } catch (StormStart.LateShardException e) {
      // Ready after --storm-at: this shard would measure another storm than the others.
      stdout.flush();
      stderr.println(name + e.getMessage());
      stderr.flush();
      return 1;
    } catch (TemplateException | UncheckedIOException e) {
      // A template that does not parse or cannot be read: its file, line and reason, no trace.
      stdout.flush();
      stderr.println(name + e.getMessage());
      stderr.flush();
      return OneLineErrors.BAD_INPUT;
    } catch (IOException e) {
      // The key store or the external CA's identity: the reason in one line.
      stdout.flush();
      stderr.println(name + e.getMessage());
      stderr.flush();
      return 1;
    } catch (TimeoutException e) {
      // A phase ran past --timeout: say which and how far it got, not a stack trace.
      stdout.flush();
      stderr.println(
          name
              + (e.getMessage() == null ? "a phase" : e.getMessage())
              + ": longer than --timeout "
              + DurationConverter.format(timeout)
              + " allows; raise it for a fleet this size");
      stderr.flush();
      return 1;
    }
    stdout.println(SummaryTable.render(o.results()));
    stdout.printf(
        "Certificates valid at the end: %d/%d, renewed (a new certificate): %d/%d%n",
        o.valid(), o.certificates(), o.renewed(), o.certificates());
    o.problems().stream().limit(10).forEach(p -> stdout.println("  " + p));
    long refused = o.results().failuresByKind().values().stream().mapToLong(Long::longValue).sum();
    if (ca.url != null
        && maxInFlight == 0
        && refused > 0
        && settings.protocol() == EnrollProtocol.SCEP) {
      stdout.println(
          "The CA failed "
              + refused
              + " tries (see failures by kind). A CA that cannot"
              + " take the whole fleet at once (micromdm's file depot) runs clean with --max-in-flight 1.");
    }
    if (out != null) {
      Path dir = ReportFiles.write(o.results(), out);
      stdout.println(
          "Wrote " + dir.resolve(ReportFiles.JSON) + " and " + dir.resolve(ReportFiles.HTML));
    }
    stdout.flush();
    return o.allRenewed() ? 0 : 1;
  }
}
