package org.fwsim.firmware.console;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.cli.CliSession;
import org.fwsim.firmware.sniffer.PacketSniffer;
import org.fwsim.hal.Hypervisor;

/**
 * One console login on an appliance: the console thread's way to its {@link CliSession}, which
 * lives on the appliance's mailbox like all firmware state. Each call posts work to the mailbox and
 * waits for the answer.
 *
 * <p>{@code pump} runs ready appliance work on the calling thread: {@code Hypervisor::runUntilIdle}
 * for a hypervisor built with 0 workers (deterministic tests), a no-op when workers run it.
 */
public final class ConsoleLink {

  /** What one line did: the echo for a transcript, the output, and the prompt that follows. */
  public record Result(
      String echo, String output, String prompt, boolean rebooted, boolean loggedOut) {}

  private static final long POLL_MILLIS = 10;

  private final Firmware firmware;
  private final Runnable pump;
  private final Duration timeout;

  /** Touched on the appliance's mailbox only. */
  private CliSession session;

  /** The administrator's VDOMs this console is confined to, or null; kept across a reboot. */
  private java.util.Collection<String> confinedTo;

  private ConsoleLink(Firmware firmware, Runnable pump, Duration timeout) {
    this.firmware = firmware;
    this.pump = pump;
    this.timeout = timeout;
  }

  /**
   * Logs in: a new CLI session on the firmware's configuration.
   *
   * @param timeout how long one command may take before the console gives up waiting
   */
  public static ConsoleLink open(Firmware firmware, Runnable pump, Duration timeout) {
    ConsoleLink link = new ConsoleLink(firmware, pump, timeout);
    link.onAppliance(
        () -> {
          link.session = firmware.newSession();
          return null;
        });
    return link;
  }

  public Firmware firmware() {
    return firmware;
  }

  /** The prompt for the next line. */
  public String prompt() {
    return onAppliance(() -> session.prompt());
  }

  /**
   * Runs one line as typed. Never throws for bad input: errors are FortiOS output. A line ending in
   * {@code ?} (outside quotes) shows the help for what precedes it instead, as the key does on a
   * terminal.
   */
  public Result execute(String line) {
    return onAppliance(() -> run(line));
  }

  /**
   * {@link #execute} without waiting: the line is posted to the appliance's mailbox and the result
   * completes there. For callers that must not block a thread per session (the SSH plane). Lines of
   * one link must be submitted one after the other, each after the previous completed.
   */
  public CompletableFuture<Result> submit(String line) {
    return firmware.appliance().call(() -> run(line));
  }

  /** {@link #prompt} without waiting, as {@link #submit}. */
  public CompletableFuture<String> promptLater() {
    return firmware.appliance().call(() -> session.prompt());
  }

  /**
   * Logs in without waiting: completes with the link once its CLI session exists on the mailbox.
   * For workers that run the mailbox by themselves (no pump).
   */
  public static CompletableFuture<ConsoleLink> openLater(Firmware firmware, Duration timeout) {
    ConsoleLink link = new ConsoleLink(firmware, () -> {}, timeout);
    return firmware
        .appliance()
        .call(
            () -> {
              link.session = firmware.newSession();
              return link;
            });
  }

  /** One line on the mailbox: the console's rules for exit, {@code ?}, masking and reboot. */
  private Result run(String line) {
    if (line.strip().equals("exit") && atTop()) {
      return new Result(line, "", "", false, true);
    }
    if (line.endsWith("?") && line.chars().filter(c -> c == '"').count() % 2 == 0) {
      // A script's "get sys?" is what a terminal shows after `?`: the help, nothing run.
      String before = line.substring(0, line.length() - 1);
      String help = session.help(before);
      return new Result(
          line,
          help.isEmpty() ? "command parse error before '?'\n" : help,
          session.prompt(),
          false,
          false);
    }
    String echo = session.masked(line);
    OutputGrep.Piped piped = OutputGrep.split(line);
    String out;
    if (piped == null) {
      out = session.execute(line);
    } else if (piped.grep() == null) {
      out = piped.error() + "\n";
    } else {
      out = piped.grep().apply(session.execute(piped.command()));
    }
    boolean rebooted = session.tree() != firmware.config();
    if (rebooted) {
      // `execute restore config` replaced the configuration; FortiOS reboots and the
      // administrator logs in again, on the new configuration.
      // The same administrator logs in again: still confined to its VDOMs.
      session = firmware.newSession();
      if (confinedTo != null) {
        session.restrictTo(confinedTo);
      }
      out +=
          "The system is going down NOW !!\n\nPlease stand by while rebooting the system.\n"
              + "Restarting system.\n\n";
    }
    return new Result(echo, out, session.prompt(), rebooted, false);
  }

  /**
   * Ctrl-C: ends the console's packet sniffer and returns its summary ({@code N packets received by
   * filter}), or "" when none runs.
   */
  public String interrupt() {
    return onAppliance(() -> firmware.sniffer().interrupt());
  }

  /**
   * Makes this console's {@code diagnose sniffer packet} print to {@code out} rather than to the
   * attached console (an SSH session's channel). Mailbox only.
   */
  public void printSnifferTo(PacketSniffer.Output out) {
    session.setState(PacketSniffer.OUTPUT, out);
  }

  /**
   * Ctrl-C at a console that prints its sniffer to {@code out}: ends that sniffer and completes
   * with its summary, or "" when none prints there. Never blocks.
   */
  public CompletableFuture<String> interruptLater(PacketSniffer.Output out) {
    return firmware.appliance().call(() -> firmware.sniffer().interrupt(out));
  }

  /**
   * Confines this console to an administrator's VDOMs ({@link CliSession#restrictTo}). Mailbox
   * only.
   */
  public void restrictTo(java.util.Collection<String> vdoms) {
    confinedTo = java.util.List.copyOf(vdoms);
    session.restrictTo(confinedTo);
  }

  /** TAB completion for the text before the cursor. */
  public List<String> complete(String beforeCursor) {
    return onAppliance(() -> session.complete(beforeCursor));
  }

  /** {@code ?} help for the text before the cursor. */
  public String help(String beforeCursor) {
    return onAppliance(() -> session.help(beforeCursor));
  }

  /**
   * Waits until work that commands started has finished ({@link Firmware#whenIdle()}), at most
   * {@code limit}. Returns whether it finished.
   */
  public boolean awaitIdle(Duration limit) {
    CompletableFuture<Void> idle = firmware.whenIdle();
    await(idle, limit);
    return idle.isDone();
  }

  /**
   * Waits until nothing runs or waits for IO anywhere in the simulation and no timer is due (only
   * future timers are left), up to {@code limit}: a key being generated, a request the CA is
   * answering, the timers a clock jump made due. Returns whether it got there.
   */
  public boolean awaitQuiet(Duration limit) {
    long rounds = Math.max(1, limit.toMillis() / POLL_MILLIS);
    for (long i = 0; i < rounds; i++) {
      pump.run();
      if (quiet()) {
        return true;
      }
      try {
        Hypervisor hv = firmware.hypervisor();
        if (hv.activity().isQuiet()) {
          // Nothing runs, yet a timer is due: the scheduler thread has not taken it (a starved
          // host). The round waits for that; a round that returned at once would use up the
          // whole limit in no time and give up while the timer's work was still to come.
          hv.scheduler().awaitNoneDue(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } else {
          hv.activity().awaitQuiet(POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return quiet();
  }

  private boolean quiet() {
    Hypervisor hv = firmware.hypervisor();
    OptionalLong next = hv.scheduler().nextDeadline();
    return hv.activity().isQuiet() && (next.isEmpty() || next.getAsLong() > hv.clock().millis());
  }

  private boolean atTop() {
    return session.prompt().equals(session.tree().hostname() + " # ");
  }

  private <T> T onAppliance(Callable<T> task) {
    CompletableFuture<T> f = firmware.appliance().call(task);
    if (!f.isDone()) {
      pump.run();
    }
    T value = await(f, timeout);
    if (!f.isDone()) {
      throw new IllegalStateException("the appliance did not answer within " + timeout);
    }
    return value;
  }

  /**
   * The value of {@code f} once done, or null after {@code limit}. Polls in short waits, running
   * the pump in between, so a hypervisor without workers still makes progress (IO completions
   * arrive as mailbox messages that the pump runs).
   */
  private <T> T await(CompletableFuture<T> f, Duration limit) {
    long rounds = Math.max(1, limit.toMillis() / POLL_MILLIS);
    for (long i = 0; i < rounds; i++) {
      pump.run();
      try {
        return f.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // not yet: run the pump again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the appliance", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof RuntimeException re
            ? re
            : new IllegalStateException("appliance work failed: " + cause, cause);
      }
    }
    return null;
  }
}
