package org.fwsim.testbench.fleet.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * Many SSH sessions at once: one client thread per session, all released together, each connecting,
 * logging in with a password and running one exec request ({@code get system status}) whose answer
 * must name the device's hostname. Apache MINA SSHD's client, in the same process.
 */
final class SshBurst {

  /** What a burst measured. */
  record Result(int sessions, int ok, List<String> errors, Duration wall, Histogram latencyMs) {}

  /** One session to run: where, and the hostname its answer must show. */
  record Target(InetSocketAddress endpoint, String hostname) {}

  private SshBurst() {}

  static Result run(List<Target> targets, String user, String password, Duration timeout)
      throws InterruptedException {
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
    client.start();
    ExecutorService threads = Executors.newFixedThreadPool(targets.size());
    CountDownLatch ready = new CountDownLatch(targets.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> runs = new ArrayList<>();
    Histogram latency = new Histogram(3);
    for (Target t : targets) {
      runs.add(
          threads.submit(
              () -> {
                ready.countDown();
                go.await();
                long start = System.nanoTime();
                String error = session(client, t, user, password, timeout);
                synchronized (latency) {
                  latency.recordValue(
                      Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
                }
                return error;
              }));
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    List<String> errors = new ArrayList<>();
    for (Future<String> f : runs) {
      try {
        String e = f.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        if (e != null) {
          errors.add(e);
        }
      } catch (Exception e) {
        errors.add(e.toString());
      }
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    threads.shutdownNow();
    client.stop();
    return new Result(targets.size(), targets.size() - errors.size(), errors, wall, latency);
  }

  /** One session; null when it answered as it should, else what went wrong. */
  private static String session(
      SshClient client, Target t, String user, String password, Duration timeout) {
    try (ClientSession s = client.connect(user, t.endpoint()).verify(timeout).getClientSession()) {
      s.addPasswordIdentity(password);
      s.auth().verify(timeout);
      String out = s.executeRemoteCommand("get system status");
      return out.contains("Hostname: " + t.hostname())
          ? null
          : t.hostname() + ": unexpected answer: " + out.lines().findFirst().orElse("(empty)");
    } catch (Exception e) {
      return t.hostname() + ": " + e;
    }
  }
}
