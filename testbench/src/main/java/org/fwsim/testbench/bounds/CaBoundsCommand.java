package org.fwsim.testbench.bounds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.testbench.cli.ChallengeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The CA's bounds, measured against a running {@code ./fwsim ca}: client processes open many idle
 * connections, a real enrollment runs while they are open and after they closed, and the CA's
 * descriptors and heap are read before, during and after. Repeatable by anyone with the project's
 * own commands (see {@code benchmarks.md}).
 */
@Command(
    name = "ca-bounds",
    mixinStandardHelpOptions = true,
    subcommands = ConnectionHolder.class,
    description = {
      "Holds many idle connections open against a running CA (./fwsim ca) from client processes,"
          + " enrolls once while they are open and once after they closed, and prints the"
          + " connections accepted and refused, each enrollment's result and time, and the CA's"
          + " descriptors and heap before, during and after."
    })
public final class CaBoundsCommand implements Callable<Integer> {

  private static final Pattern OPENED =
      Pattern.compile("opened (\\d+) held (\\d+) refused (\\d+) failed (\\d+)(.*)");

  private static final Pattern COUNT = Pattern.compile("held (\\d+) closed by the CA (\\d+)");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ChallengeOptions challenge;

  @Option(
      names = "--url",
      defaultValue = "http://127.0.0.1:8080/scep",
      description = "The CA's URL (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--pid",
      description = "The CA's process id, to read its descriptors and heap (required).")
  long pid;

  @Option(
      names = "--connections",
      defaultValue = "20000",
      description = "Idle connections in all (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--processes",
      defaultValue = "2",
      description =
          "Client processes that share them (default: ${DEFAULT-VALUE}); each needs a"
              + " descriptor per connection it holds.")
  int processes;

  /** One client process and what it reported after opening its connections. */
  private record Holder(Process process, BufferedReader out, Writer in, String opened) {}

  @Override
  public Integer call() throws Exception {
    if (pid <= 0) {
      // Not picocli's "required": that would bind the client processes' subcommand too.
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "Missing required option: '--pid=<pid>'");
    }
    PrintWriter out = spec.commandLine().getOut();
    String secret = challenge.value();
    TimedEnrollment.Result first = TimedEnrollment.run(url, secret, "ca-bounds-before");
    out.println("before:  enrollment " + first);
    ProcessFigures before = ProcessFigures.of(pid);
    out.println("before:  CA " + before);
    out.flush();

    List<Holder> holders = new ArrayList<>();
    long openStart = System.nanoTime();
    for (int p = 0; p < processes; p++) {
      holders.add(startHolder(p, connections / processes + (p < connections % processes ? 1 : 0)));
    }
    for (Holder h : holders) {
      if (!OPENED.matcher(h.opened()).matches()) {
        throw new IOException("a client process said: " + h.opened());
      }
      out.println("client:  " + h.opened());
    }
    out.printf("opened in %.1f s%n", (System.nanoTime() - openStart) / 1e9);
    out.println("all open: " + census(holders));
    out.flush();

    TimedEnrollment.Result during = TimedEnrollment.run(url, secret, "ca-bounds-during");
    out.println("during:  enrollment " + during);
    ProcessFigures whileHeld = ProcessFigures.of(pid);
    out.println("during:  CA " + whileHeld);
    out.println("during:  " + census(holders));
    out.flush();

    for (Holder h : holders) {
      h.in().write("close\n");
      h.in().flush();
      h.out().readLine();
      h.process().waitFor(60, TimeUnit.SECONDS);
    }
    ProcessFigures settled = settle();
    TimedEnrollment.Result after = TimedEnrollment.run(url, secret, "ca-bounds-after");
    out.println("after:   enrollment " + after);
    ProcessFigures afterAll = ProcessFigures.of(pid);
    out.println("after:   CA " + afterAll + " (" + settled.descriptors() + " once closed)");
    out.flush();
    return first.ok() && during.ok() && after.ok() ? 0 : 1;
  }

  /**
   * Asks every client how many of its connections the CA still holds open and how many it closed
   * (503 over a cap, or 408 when a newcomer took the place of a silent one).
   */
  private static String census(List<Holder> holders) throws IOException {
    long held = 0;
    long closed = 0;
    for (Holder h : holders) {
      h.in().write("count\n");
      h.in().flush();
      Matcher m = COUNT.matcher(String.valueOf(h.out().readLine()));
      if (!m.matches()) {
        throw new IOException("a client process did not count");
      }
      held += Long.parseLong(m.group(1));
      closed += Long.parseLong(m.group(2));
    }
    return String.format(
        "connections open at the CA %,d, refused or closed by the CA %,d", held, closed);
  }

  /** Waits, up to 20 s, until the CA's descriptor count stops falling after the clients left. */
  private ProcessFigures settle() throws IOException, InterruptedException {
    ProcessFigures last = ProcessFigures.of(pid);
    for (int i = 0; i < 20; i++) {
      Thread.sleep(1_000);
      ProcessFigures now = ProcessFigures.of(pid);
      if (now.descriptors() >= last.descriptors()) {
        return now;
      }
      last = now;
    }
    return last;
  }

  private Holder startHolder(int index, int count) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        List.of(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "org.fwsim.testbench.Main",
            "ca-bounds",
            "hold",
            "--url",
            url.toString(),
            "--count",
            Integer.toString(count),
            // 127.101.0.1, 127.102.0.1, ...: far from the CA's and the appliances' addresses.
            "--first-source",
            "127." + (101 + index) + ".0.1");
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    Writer in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    String opened = out.readLine();
    return new Holder(p, out, in, opened == null ? "(no answer)" : opened);
  }
}
