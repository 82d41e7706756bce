package org.fwsim.testbench.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time per kind of thread, read from Linux's {@code /proc/self/task}: where a phase's CPU went
 * (the appliances, the CA, the network, the JIT compilers, the garbage collector). The JDK's own
 * thread MXBean cannot say this: the compiler and GC threads are not Java threads it lists, and in
 * a short storm the C2 compiler is a fifth of the process's CPU.
 *
 * <p>Each thread's time comes from its {@code schedstat} (nanoseconds on a CPU), or from its {@code
 * stat} ({@code utime + stime} in the kernel's 100 Hz ticks) where there is no schedstat. Threads
 * are told apart by the name the JVM gives the kernel (at most 15 characters).
 */
public final class ThreadCpu {

  /** Kinds of threads, in the order reports show them. */
  public enum Group {
    APPLIANCES,
    CA,
    NETWORK,
    KEYGEN,
    JIT,
    GC,
    OTHER;

    /** The name reports print: the constant's, in lower case. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The group of a thread by its kernel name ({@code comm}). */
    static Group of(String comm) {
      if (comm.startsWith("fwsim-worker")) {
        return APPLIANCES;
      } else if (comm.startsWith("fwsim-ca-")) {
        return CA;
      } else if (comm.startsWith("fwsim-io")) {
        return NETWORK;
      } else if (comm.startsWith("fwsim-keygen")) {
        return KEYGEN;
      } else if (comm.startsWith("C1 Compiler")
          || comm.startsWith("C2 Compiler")
          || comm.startsWith("Sweeper")) {
        return JIT;
      } else if (comm.startsWith("GC Thread")
          || comm.startsWith("G1 ")
          || comm.equals("VM Thread")) {
        return GC; // VM Thread: the safepoint operations that collections run in
      }
      return OTHER;
    }
  }

  /** USER_HZ: Linux reports {@code stat} times in 1/100 s on every architecture it exports. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /** One thread's kind and the CPU nanoseconds it has used. */
  public record Sample(Group group, long nanos) {}

  /** Every thread's sample by thread id at one moment; empty when unknown. */
  public record Snapshot(Map<Long, Sample> threads) {
    public static final Snapshot NONE = new Snapshot(Map.of());

    public Snapshot {
      threads = Map.copyOf(threads);
    }

    public boolean known() {
      return !threads.isEmpty();
    }

    /** CPU nanoseconds of the live threads of each kind. */
    public EnumMap<Group, Long> totals() {
      EnumMap<Group, Long> sums = new EnumMap<>(Group.class);
      threads.values().forEach(t -> sums.merge(t.group(), t.nanos(), Long::sum));
      return sums;
    }
  }

  private ThreadCpu() {}

  /** This process's threads now; {@link Snapshot#NONE} off Linux. */
  public static Snapshot take() {
    return take(Path.of("/proc/self/task"));
  }

  /** The threads under {@code taskDir} (a {@code /proc/<pid>/task} directory) now. */
  static Snapshot take(Path taskDir) {
    if (!Files.isDirectory(taskDir)) {
      return Snapshot.NONE;
    }
    Map<Long, Sample> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
      for (Path task : tasks) {
        long tid;
        try {
          tid = Long.parseLong(task.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        try {
          long cpu = cpuNanos(task);
          String comm = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
          threads.put(tid, new Sample(Group.of(comm), cpu));
        } catch (IOException | RuntimeException e) {
          // the thread ended while we read it: its time is in the process total, as "other"
        }
      }
    } catch (IOException e) {
      return Snapshot.NONE;
    }
    return new Snapshot(threads);
  }

  private static long cpuNanos(Path task) throws IOException {
    Path schedstat = task.resolve("schedstat");
    if (Files.exists(schedstat)) {
      String s = Files.readString(schedstat, StandardCharsets.US_ASCII).strip();
      int space = s.indexOf(' ');
      return Long.parseLong(space < 0 ? s : s.substring(0, space));
    }
    // stat: "tid (comm) state ..." where comm may hold spaces and parentheses; utime and stime are
    // fields 14 and 15, i.e. the 12th and 13th after the closing parenthesis.
    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
  }

  /**
   * Seconds of CPU per group between two snapshots, in {@link Group} order, groups with no time
   * left out. Threads that ended in between lose their time; what the process used ({@code
   * processSeconds}, negative when unknown) beyond the groups' sum is counted as {@code other}.
   * Empty when either snapshot is unknown.
   */
  public static Map<String, Double> between(Snapshot start, Snapshot end, double processSeconds) {
    if (!start.known() || !end.known()) {
      return Map.of();
    }
    EnumMap<Group, Long> sums = new EnumMap<>(Group.class);
    end.threads()
        .forEach(
            (tid, t) -> {
              Sample before = start.threads().get(tid);
              long delta = t.nanos() - (before == null ? 0 : before.nanos());
              if (delta > 0) {
                sums.merge(t.group(), delta, Long::sum);
              }
            });
    long total = sums.values().stream().mapToLong(Long::longValue).sum();
    long process = Math.round(processSeconds * 1e9);
    if (processSeconds >= 0 && process > total) {
      sums.merge(Group.OTHER, process - total, Long::sum);
    }
    Map<String, Double> seconds = new LinkedHashMap<>();
    sums.forEach((g, n) -> seconds.put(g.label(), Math.round(n / 1e6) / 1e3));
    return seconds;
  }

  /** "appliances 5.1, ca 4.8, jit 3.0 s" for a summary line. */
  public static String describe(Map<String, Double> seconds) {
    StringBuilder s = new StringBuilder();
    seconds.forEach(
        (g, v) ->
            s.append(s.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f", g, v)));
    return s.append(" s").toString();
  }
}
