package org.fwsim.testbench.report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.fwsim.hal.lang.DaemonThreads;

/**
 * Progress bars for the phases of a run, redrawn by a real-time ticker thread that this object owns
 * and stops on {@link #close()}. On a terminal the bars redraw in place with {@code \r}; in a log
 * (CI) a plain line per bar is printed every {@code logEvery} instead, so logs stay short.
 */
public final class Progress implements AutoCloseable {

  /** The live counts of a phase that a bar reads on every tick; any thread may call them. */
  public interface Counts {
    long ok();

    long failed();

    long inFlight();

    /** Failed tries that were asked again: answers the CA gave, not requests done. */
    default long failedTries() {
      return 0;
    }
  }

  /**
   * What a bar shows, read on every tick.
   *
   * @param failed null when the bar counts no failures
   * @param inFlight null when the bar shows nothing in flight
   * @param startedAt when it was added, on the progress' nano clock
   */
  public record Bar(
      String label,
      long total,
      LongSupplier done,
      LongSupplier failed,
      LongSupplier inFlight,
      long startedAt) {

    String line(long nanoNow) {
      long d = done.getAsLong();
      double seconds = (nanoNow - startedAt) / 1e9;
      return ProgressLine.render(
          label,
          d,
          total,
          failed == null ? -1 : failed.getAsLong(),
          inFlight == null ? -1 : inFlight.getAsLong(),
          seconds > 0 ? d / seconds : 0,
          LABEL_WIDTH);
    }
  }

  private static final int LABEL_WIDTH = 6;

  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier nanoTime;
  private final long logEveryNanos;
  private final List<Bar> bars = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService ticker;
  private long lastLogAt;
  private int lastWidth;

  Progress(
      PrintStream out,
      boolean interactive,
      Duration tick,
      Duration logEvery,
      LongSupplier nanoTime) {
    this.out = out;
    this.interactive = interactive;
    this.nanoTime = nanoTime;
    this.logEveryNanos = logEvery.toNanos();
    this.lastLogAt = nanoTime.getAsLong();
    this.ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("fwsim-progress"));
    ticker.scheduleAtFixedRate(this::tick, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Starts the ticker: redraws every 200 ms on a terminal ({@code interactive}), or logs a line
   * every 5 s otherwise. Use {@link #isTerminal()} unless a flag says otherwise.
   */
  public static Progress start(PrintStream out, boolean interactive) {
    return new Progress(
        out, interactive, Duration.ofMillis(200), Duration.ofSeconds(5), System::nanoTime);
  }

  /** True when standard output is an interactive console (no redirect, no pipe). */
  public static boolean isTerminal() {
    return System.console() != null;
  }

  /** A bar with a count only, e.g. keys generated into the pool. */
  public Bar track(String label, long total, LongSupplier done) {
    return add(new Bar(label, total, done, null, null, nanoTime.getAsLong()));
  }

  /** A bar for a phase: done (ok and failed), failed and in flight from its counts. */
  public Bar track(String label, long total, Counts phase) {
    return add(
        new Bar(
            label,
            total,
            () -> phase.ok() + phase.failed(),
            phase::failed,
            phase::inFlight,
            nanoTime.getAsLong()));
  }

  private Bar add(Bar bar) {
    bars.add(bar);
    return bar;
  }

  /** Prints the bar's final state on its own line and stops drawing it. */
  public synchronized void finish(Bar bar) {
    if (bars.remove(bar)) {
      clearLine();
      out.println(bar.line(nanoTime.getAsLong()));
      out.flush();
    }
  }

  /** Prints one line of news between the bars' redraws (the bars continue below it). */
  public synchronized void say(String line) {
    clearLine();
    out.println(line);
    out.flush();
  }

  private synchronized void tick() {
    List<Bar> now = new ArrayList<>(bars);
    if (now.isEmpty()) {
      return;
    }
    if (interactive) {
      StringBuilder line = new StringBuilder();
      for (Bar b : now) {
        line.append(line.length() == 0 ? "" : "  |  ").append(b.line(nanoTime.getAsLong()));
      }
      clearLine();
      out.print(line);
      lastWidth = line.length();
      out.flush();
    } else if (nanoTime.getAsLong() - lastLogAt >= logEveryNanos) {
      lastLogAt = nanoTime.getAsLong();
      for (Bar b : now) {
        out.println(b.line(nanoTime.getAsLong()));
      }
      out.flush();
    }
  }

  /** On a terminal: back to column 0 and blank what the last redraw wrote. */
  private void clearLine() {
    if (interactive && lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      lastWidth = 0;
    }
  }

  /** Stops the ticker (waiting for a tick under way), then prints any bar left unfinished. */
  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      if (!ticker.awaitTermination(2, TimeUnit.SECONDS)) {
        throw new IllegalStateException("progress ticker did not stop within 2 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Bar b : List.copyOf(bars)) {
      finish(b);
    }
  }
}
