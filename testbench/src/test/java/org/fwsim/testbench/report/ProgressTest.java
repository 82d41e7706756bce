package org.fwsim.testbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress lines, the ticker that draws them, and the summary table. */
class ProgressTest {

  @Test
  void lineShowsBarCountsPercentAndRate() {
    assertEquals(
        "keys   [############..................] 812/2000 40% 120/s",
        ProgressLine.render("keys", 812, 2000, -1, -1, 120.4, 6));
    assertEquals(
        "storm  [##############################] 2000/2000 100% 17.5/s failed 3 in flight 0",
        ProgressLine.render("storm", 2000, 2000, 3, 0, 17.46, 6));
    assertEquals(
        "storm  [..............................] 0/0 0% 0/s failed 0 in flight 0",
        ProgressLine.render("storm", 0, 0, 0, 0, 0, 6));
  }

  /** Captures output and lets a test wait, with a deadline, for something to be written. */
  private static final class Capture extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CountDownLatch marker;
    final byte awaited;

    Capture(int count, char awaited) {
      this.marker = new CountDownLatch(count);
      this.awaited = (byte) awaited;
    }

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
      if (b == awaited) {
        marker.countDown();
      }
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void logModePrintsPlainLinesAndAFinalOne() throws Exception {
    Capture capture = new Capture(3, '\n');
    PrintStream out = new PrintStream(capture, true, StandardCharsets.UTF_8);
    AtomicLong now = new AtomicLong();
    AtomicLong done = new AtomicLong(5);
    try (Progress progress =
        new Progress(
            out, false, Duration.ofMillis(5), Duration.ZERO, () -> now.addAndGet(100_000_000L))) {
      Progress.Bar keys = progress.track("keys", 10, done::get);
      assertTrue(capture.marker.await(5, TimeUnit.SECONDS), "no periodic line: " + capture.text());
      done.set(10);
      progress.finish(keys);
    }
    String text = capture.text();
    assertFalse(text.contains("\r"), text);
    assertTrue(text.contains("keys   [###############...............] 5/10 50% "), text);
    assertTrue(text.endsWith(" 10/10 100% " + lastRate(text) + "/s\n"), text);
  }

  private static String lastRate(String text) {
    String last = text.substring(text.lastIndexOf("100% ") + 5);
    return last.substring(0, last.indexOf("/s"));
  }

  @Test
  void terminalModeRedrawsInPlaceWithThePhaseCounts() throws Exception {
    Capture capture = new Capture(2, '\r');
    PrintStream out = new PrintStream(capture, true, StandardCharsets.UTF_8);
    // One renewal ok, one failed, one under way.
    Progress.Counts storm = new Counts(1, 1, 1);
    try (Progress progress =
        new Progress(out, true, Duration.ofMillis(5), Duration.ofSeconds(5), System::nanoTime)) {
      progress.track("storm", 4, storm);
      assertTrue(capture.marker.await(5, TimeUnit.SECONDS), "no redraw: " + capture.text());
    }
    String text = capture.text();
    assertTrue(text.contains("\rstorm  [###############...............] 2/4 50% "), text);
    assertTrue(text.contains(" failed 1 in flight 1"), text);
    assertTrue(text.endsWith("failed 1 in flight 1\n"), "close prints the last state: " + text);
  }

  @Test
  void summaryTableAlignsColumns() {
    String table = SummaryTable.render(ReportFilesTest.sampleRun());
    String[] lines = table.split("\n");
    assertTrue(lines[0].startsWith("phase   "), table);
    assertTrue(lines[1].matches("-+"), table);
    assertTrue(lines[4].startsWith("storm   18       2     3.00   6.00 "), table);
    // Right-aligned numeric columns end at the same column in every phase row.
    assertEquals(lines[2].indexOf(" 20 ") + 3, lines[4].indexOf(" 18 ") + 3);
    assertTrue(table.contains("efficiency          0.02"), table);
    assertTrue(table.contains("badRequest           1"), table);
    // CPU by thread: the storm's row gives each kind's seconds under its column.
    assertTrue(table.contains("CPU s by thread  appliances"), table);
    assertTrue(
        table.lines().anyMatch(l -> l.matches("storm +2\\.5 +2\\.0 +0\\.5 +1\\.0( +–)*")), table);
  }

  @Test
  void tableRejectsRaggedRows() {
    assertTrue(
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new TextTable("a", "b").row("1"))
            .getMessage()
            .contains("1 cells"));
  }

  private record Counts(long ok, long failed, long inFlight) implements Progress.Counts {}
}
