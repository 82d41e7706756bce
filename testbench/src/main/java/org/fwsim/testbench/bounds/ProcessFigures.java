package org.fwsim.testbench.bounds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What another JVM on this host holds: its open file descriptors ({@code /proc/PID/fd}) and its
 * heap in use after a full collection (through {@code jcmd}, the JDK's own attach tool).
 */
record ProcessFigures(long descriptors, long heapUsedKb) {

  /**
   * JDK 17's "total 262144K, used 23456K" and JDK 25's "total reserved ..., committed ..., used".
   */
  private static final Pattern USED =
      Pattern.compile("total (?:reserved \\d+K, committed )?(\\d+)K, used (\\d+)K");

  static ProcessFigures of(long pid) throws IOException, InterruptedException {
    long fds;
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      fds = s.count();
    }
    jcmd(pid, "GC.run");
    return new ProcessFigures(fds, heapUsedKb(jcmd(pid, "GC.heap_info")));
  }

  /**
   * Heap in use from {@code GC.heap_info}: the heap line of G1 and ZGC-like collectors, or the sum
   * of the generations of the serial and parallel ones.
   */
  static long heapUsedKb(String heapInfo) {
    long generations = 0;
    for (String line : heapInfo.split("\n")) {
      Matcher m = USED.matcher(line);
      if (!m.find()) {
        continue;
      }
      if (line.contains("heap")) {
        return Long.parseLong(m.group(2));
      }
      if (line.contains("generation")) {
        generations += Long.parseLong(m.group(2));
      }
    }
    return generations == 0 ? -1 : generations;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " failed: " + out.strip());
    }
    return out;
  }

  @Override
  public String toString() {
    return String.format("descriptors %,d, heap used %,d KB", descriptors, heapUsedKb);
  }
}
