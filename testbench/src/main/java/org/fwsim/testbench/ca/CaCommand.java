package org.fwsim.testbench.ca;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fwsim.testbench.cli.ChallengeOptions;
import org.fwsim.testbench.cli.DurationConverter;
import org.fwsim.testbench.cli.OneLineErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fwsim ca}: runs the embedded SCEP CA alone on a loopback address until interrupted. */
@Command(
    name = "ca",
    mixinStandardHelpOptions = true,
    description =
        "Runs the embedded FortiAuthenticator-like CA on a loopback address: SCEP at /scep and"
            + " CMPv2 at /pkix/ on --listen, EST on --tls-listen (and TLS-SRP on --est-srp-listen).")
public final class CaCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "ADDR:PORT",
      defaultValue = "127.0.0.1:8080",
      converter = LoopbackListenAddress.class,
      description = "Loopback address and port to listen on (default: ${DEFAULT-VALUE}).")
  InetSocketAddress listen;

  @Option(
      names = "--tls-listen",
      paramLabel = "ADDR:PORT",
      converter = LoopbackListenAddress.class,
      description =
          "Also serve EST (RFC 7030) at /.well-known/est/ and ACME (RFC 8555) at"
              + " /acme/directory over HTTPS on this loopback address.")
  InetSocketAddress tlsListen;

  @Option(
      names = "--est-srp-listen",
      paramLabel = "ADDR:PORT",
      converter = LoopbackListenAddress.class,
      description =
          "Also serve EST over TLS-SRP (RFC 5054) on this loopback address: user est, the"
              + " challenge as SRP password (needs --challenge).")
  InetSocketAddress estSrpListen;

  @Option(
      names = "--acme-http-port",
      paramLabel = "PORT",
      defaultValue = "80",
      description =
          "Port ACME's HTTP-01 validation connects to at the address a domain resolves to"
              + " (loopback only) (default: ${DEFAULT-VALUE}).")
  int acmeHttpPort;

  /** The static challenge; without one any first enrolment is accepted. */
  @CommandLine.Mixin ChallengeOptions challenge = new ChallengeOptions();

  @Option(names = "--pending", description = "Hold every enrolment PENDING until approved.")
  boolean pending;

  @Option(
      names = "--auto-approve-polls",
      paramLabel = "N",
      defaultValue = "0",
      description = "With --pending, approve a request on its N-th CertPoll (0: never).")
  int autoApprovePolls;

  @Option(
      names = "--depot",
      paramLabel = "DIR",
      description = "Keep CA keys, serials, the index and the access log in DIR.")
  Path depot;

  @Option(
      names = "--validity-days",
      paramLabel = "DAYS",
      defaultValue = "365",
      description = "Validity of issued certificates (default: ${DEFAULT-VALUE}).")
  int validityDays;

  @Option(
      names = "--time-window",
      paramLabel = "DUR",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description =
          "How far a request's signingTime may be from the CA's clock before badTime; a storm"
              + " signs its renewals at its renewal point, --validity-days minus 7 days ahead"
              + " (default: ${DEFAULT-VALUE}).")
  Duration timeWindow;

  @Option(names = "--intermediate", description = "Issue from an intermediate CA under the root.")
  boolean intermediate;

  @Option(names = "--ra", description = "Add RA signing and encryption certificates (as NDES).")
  boolean ra;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Crypto worker threads (default: number of cores).")
  Integer workers;

  /** Released by the shutdown hook (or a test) to stop the CA. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    if (validityDays < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--validity-days must be >= 1, got " + validityDays);
    }
    if (timeWindow.isZero() || timeWindow.isNegative()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--time-window must be longer than zero");
    }
    String challengeValue = challenge.value();
    ScepCa.Builder b =
        ScepCa.builder()
            .challenge(challengeValue)
            .manualApproval(pending)
            .autoApproveAfterPolls(autoApprovePolls)
            .depot(depot)
            .validity(Duration.ofDays(validityDays))
            .timeWindow(timeWindow)
            .materialSpec(CaMaterial.Spec.rootOnly().withIntermediate(intermediate).withRa(ra));
    if (workers != null) {
      b.workers(workers);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (ScepCa ca = b.build();
        EstServer est =
            tlsListen == null
                ? null
                : EstServer.start(
                    ca, tlsListen, List.of(), AcmeHttp01Fetch.loopbackDns(acmeHttpPort));
        EstServer estSrp =
            estSrpListen == null ? null : EstServer.startSrp(ca, estSrpListen, List.of())) {
      ca.start(listen);
      Thread hook = new Thread(stop::countDown, "fwsim-ca-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println("SCEP CA listening: " + ca.url());
      out.println("CMP server listening: " + ca.cmpUrl());
      if (est != null) {
        out.println("EST server listening: " + est.url());
        out.println("ACME directory: " + est.acmeDirectory());
      }
      if (estSrp != null) {
        out.println("EST TLS-SRP server listening: " + estSrp.url() + " user " + EstServer.USER);
      }
      out.println(
          "CA certificate: " + ca.material().rootCert().getSubjectX500Principal().getName());
      out.println("CA SHA-256 fingerprint: " + ca.fingerprint());
      if (challengeValue != null) {
        // Masked as FortiOS masks passwords: whoever started the CA knows it.
        out.println("challenge password: " + ChallengeOptions.MASK);
      }
      if (depot != null) {
        out.println("depot: " + depot.toAbsolutePath());
      }
      out.println("press Ctrl-C to stop");
      out.flush();
      stop.await();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Stopped by the hook itself: the JVM is exiting, which is the point.
      }
    } catch (IllegalStateException | IllegalArgumentException cannotStart) {
      // An address in use, a TLS set-up that failed: one line naming it, as for a bad option.
      PrintWriter err = spec.commandLine().getErr();
      err.println(OneLineErrors.prefix(spec.commandLine()) + ": " + cannotStart.getMessage());
      err.flush();
      return 1;
    }
    return 0;
  }
}
