package org.fwsim.testbench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fwsim.hal.testing.TestThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadCpuTest {

  @TempDir Path proc;

  private void task(long tid, String comm, String schedstat, String stat) throws IOException {
    Path t = Files.createDirectories(proc.resolve(Long.toString(tid)));
    Files.writeString(t.resolve("comm"), comm + "\n");
    if (schedstat != null) {
      Files.writeString(t.resolve("schedstat"), schedstat + "\n");
    }
    if (stat != null) {
      Files.writeString(t.resolve("stat"), stat + "\n");
    }
  }

  @Test
  void groupsThreadsByTheNamesTheJvmGivesTheKernel() {
    assertEquals(ThreadCpu.Group.APPLIANCES, ThreadCpu.Group.of("fwsim-worker-1"));
    assertEquals(ThreadCpu.Group.CA, ThreadCpu.Group.of("fwsim-ca-worker"));
    assertEquals(ThreadCpu.Group.NETWORK, ThreadCpu.Group.of("fwsim-io-3-1"));
    assertEquals(ThreadCpu.Group.KEYGEN, ThreadCpu.Group.of("fwsim-keygen-0"));
    assertEquals(ThreadCpu.Group.JIT, ThreadCpu.Group.of("C2 CompilerThre"));
    assertEquals(ThreadCpu.Group.JIT, ThreadCpu.Group.of("C1 CompilerThre"));
    assertEquals(ThreadCpu.Group.GC, ThreadCpu.Group.of("GC Thread#1"));
    assertEquals(ThreadCpu.Group.GC, ThreadCpu.Group.of("G1 Conc#0"));
    assertEquals(ThreadCpu.Group.OTHER, ThreadCpu.Group.of("main"));
  }

  @Test
  void splitsTheTimeBetweenTwoSnapshotsByGroupAndCountsTheUnaccountedAsOther() throws IOException {
    task(10, "fwsim-worker-0", "1000000000 0 5", null);
    task(11, "C2 CompilerThre", "500000000 0 5", null);
    task(12, "fwsim-ca-worker", "0 0 0", null);
    ThreadCpu.Snapshot start = ThreadCpu.take(proc);
    task(10, "fwsim-worker-0", "3500000000 0 9", null); // +2.5 s
    task(11, "C2 CompilerThre", "1500000000 0 9", null); // +1.0 s
    task(12, "fwsim-ca-worker", "2000000000 0 9", null); // +2.0 s
    // utime 40 + stime 10 ticks = 0.5 s, for a kernel without schedstat; new since the start
    task(13, "fwsim-io-1-1", null, "13 (fwsim-io-1-1) S 1 1 1 0 -1 0 0 0 0 0 40 10 0 0 20 0 1 0");
    ThreadCpu.Snapshot end = ThreadCpu.take(proc);

    // The process used 6.5 s: 0.5 s more than its live threads show (a thread that ended).
    Map<String, Double> by = ThreadCpu.between(start, end, 6.5);
    assertEquals(List.of("appliances", "ca", "network", "jit", "other"), List.copyOf(by.keySet()));
    assertEquals(2.5, by.get("appliances"), 1e-9);
    assertEquals(2.0, by.get("ca"), 1e-9);
    assertEquals(0.5, by.get("network"), 1e-9);
    assertEquals(1.0, by.get("jit"), 1e-9);
    assertEquals(0.5, by.get("other"), 1e-9);
    assertEquals(
        "appliances 2.5, ca 2.0, network 0.5, jit 1.0, other 0.5 s", ThreadCpu.describe(by));
  }

  @Test
  void saysNothingWhereThreadsCannotBeRead() {
    ThreadCpu.Snapshot none = ThreadCpu.take(proc.resolve("absent"));
    assertFalse(none.known());
    assertTrue(ThreadCpu.between(none, none, 3.0).isEmpty());
  }

  @Test
  void seesTheCpuOfALiveApplianceWorkerOnThisMachine() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadCpuTimeSupported());
    ThreadCpu.Snapshot start = ThreadCpu.take();
    CountDownLatch burnt = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong sink = new AtomicLong();
    TestThread worker =
        TestThread.start(
            "fwsim-worker-test",
            () -> {
              long x = 0;
              // Busy until this thread itself has used 200 ms of CPU, whatever else the machine
              // does.
              while (mx.getCurrentThreadCpuTime() < 200_000_000L) {
                x += Long.numberOfTrailingZeros(x + System.nanoTime());
              }
              sink.set(x);
              burnt.countDown();
              release.await(); // alive, so its /proc entry is still there for the second snapshot
            });
    assertTrue(burnt.await(60, TimeUnit.SECONDS), "the worker did not burn 200 ms of CPU");
    ThreadCpu.Snapshot end = ThreadCpu.take();
    release.countDown();
    worker.join(Duration.ofSeconds(30));
    Map<String, Double> by = ThreadCpu.between(start, end, -1);
    assertTrue(by.getOrDefault("appliances", 0.0) >= 0.19, "appliance CPU " + by);
  }
}
