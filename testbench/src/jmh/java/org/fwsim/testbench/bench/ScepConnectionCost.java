package org.fwsim.testbench.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.scep.transport.ScepConnector;
import org.fwsim.firmware.scep.transport.ScepHttpClient;
import org.fwsim.firmware.scep.transport.ScepHttpRequest;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.hal.net.IoTracker;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.LinkImpairment;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Transports;
import org.fwsim.hal.net.Underlay;
import org.fwsim.testbench.ca.ScepCa;

/**
 * What one SCEP connection costs the event loops, both ends together, with no crypto: a storm's
 * renewal flow (GetCACert, then GET PKIOperation, each on its own connection) through the
 * firmware's transport and the underlay, each appliance bound to its own loopback source, against
 * the embedded CA's real pipeline. The pkiMessage is random bytes of a real request's size, so the
 * CA's worker refuses it at once and answers an error: the connection does everything a renewal's
 * does but the crypto.
 *
 * <p>Prints the event-loop threads' CPU time and allocation per connection, and their voluntary
 * context switches per connection (the wake-ups: each time a worker hands the loop a task while it
 * waits in epoll). These are counts and thread CPU, so two builds compare on a loaded machine; wall
 * time is shown only as a rate. Run it with the test classpath:
 *
 * <pre>
 * mvn -q -Pjmh -pl testbench -am test-compile
 * java -cp ... org.fwsim.testbench.bench.ScepConnectionCost [renewals] [warm-up] [in flight] [nio] [linger0]
 * </pre>
 */
public final class ScepConnectionCost {

  private static final int CA_ADDRESS = Ip4.parse("10.5.149.111");
  private static final int APPLIANCES = 100;

  /** A renewal's GET PKIOperation carries about this much DER (RSA-2048, one certificate). */
  private static final int PKI_MESSAGE_BYTES = 3_300;

  private ScepConnectionCost() {}

  public static void main(String[] args) throws Exception {
    // As in a storm (LeakDetection): no sampled stack traces on buffers.
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    int renewals = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    List<String> flags = List.of(args).subList(Math.min(3, args.length), args.length);
    boolean nio = flags.contains("nio");
    boolean abort = flags.contains("linger0");
    Transports transports = nio ? Transports.nio(1) : Transports.create(1);
    Underlay underlay = new Underlay(transports, new Random(1), IoTracker.NONE);
    ScepCa ca = ScepCa.builder().challenge("secret").workers(1).accessLogCapacity(1024).build();
    ExecutorService mailbox = Executors.newSingleThreadExecutor();
    try {
      ca.start(underlay, CA_ADDRESS, 80);
      Fleet fleet = new Fleet(underlay, mailbox, abort);
      fleet.run(warmUp, inFlight);
      IoThreads before = IoThreads.now();
      long t0 = System.nanoTime();
      int failed = fleet.run(renewals, inFlight);
      double seconds = (System.nanoTime() - t0) / 1e9;
      IoThreads spent = IoThreads.now().minus(before);
      int connections = 2 * renewals;
      System.out.printf(
          "%s%s, %d renewals (%d connections) after %d to warm up, %d in flight, %d failed%n",
          transports.epoll() ? "epoll" : "nio",
          abort ? ", client closes with SO_LINGER 0" : "",
          renewals,
          connections,
          warmUp,
          inFlight,
          failed);
      System.out.printf(
          "event loop per connection: CPU %.1f us (user %.1f, system %.1f), allocated %,d bytes,"
              + " %.2f voluntary context switches; %.0f connections/s%n",
          spent.cpuNanos / 1e3 / connections,
          spent.userTicks * 1e4 / connections,
          spent.systemTicks * 1e4 / connections,
          spent.allocated / connections,
          (double) spent.voluntarySwitches / connections,
          connections / seconds);
    } finally {
      ca.close();
      mailbox.shutdownNow();
      transports.shutdownGracefully(0, 1000).await(5, TimeUnit.SECONDS);
    }
  }

  /** Appliances on one interface each, renewing through the firmware's SCEP transport. */
  private static final class Fleet {
    private final ScepHttpClient client;
    private final List<Egress> egresses = new ArrayList<>();
    private final ScepUrl url = ScepUrl.parse("http://10.5.149.111/app/cert/scep/");
    private final DebugControl debug = new DebugControl(InstantSource.system(), line -> {});
    private final ExecutorService mailbox;
    private final byte[] pkiMessage = new byte[PKI_MESSAGE_BYTES];

    /**
     * @param abort the client's socket closes with {@code SO_LINGER} 0 (a reset, no TIME_WAIT at
     *     the CA), to weigh that close against the orderly one
     */
    Fleet(Underlay underlay, ExecutorService mailbox, boolean abort) {
      this.mailbox = mailbox;
      new Random(7).nextBytes(pkiMessage);
      List<NetworkInterface> ports = new ArrayList<>();
      for (int i = 0; i < APPLIANCES; i++) {
        int address = Ip4.parse("10.0." + (i / 200) + "." + (2 + i % 200));
        ports.add(
            new NetworkInterface(
                "port1",
                NetworkInterface.Type.PHYSICAL,
                "root",
                address,
                16,
                NetworkInterface.Status.UP,
                LinkImpairment.NONE));
        egresses.add(
            new Egress(
                "port1",
                3,
                address,
                Ip4.ANY,
                Ip4.ANY,
                CA_ADDRESS,
                InterfaceSelectMethod.AUTO,
                "bench"));
      }
      ScepConnector connector =
          new ScepConnector() {
            @Override
            public Future<Channel> open(ScepHttpRequest request, ChannelHandler handler) {
              int appliance = egresses.indexOf(request.egress());
              return underlay.connect(
                  appliance,
                  ports.get(appliance),
                  request.egress().sourceAddress(),
                  CA_ADDRESS,
                  80,
                  abort ? lingerZero(handler) : handler);
            }
          };
      client = new ScepHttpClient(connector);
    }

    private static ChannelHandler lingerZero(ChannelHandler handler) {
      return new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel ch) {
          ch.config().setOption(ChannelOption.SO_LINGER, 0);
          ch.pipeline().addLast(handler);
        }
      };
    }

    /** Runs {@code renewals} renewals, {@code inFlight} at a time; returns how many failed. */
    int run(int renewals, int inFlight) throws InterruptedException {
      Semaphore slots = new Semaphore(inFlight);
      CountDownLatch done = new CountDownLatch(renewals);
      AtomicInteger failed = new AtomicInteger();
      for (int i = 0; i < renewals; i++) {
        slots.acquire();
        Egress egress = egresses.get(i % APPLIANCES);
        mailbox.execute(
            () ->
                client.send(
                    ScepHttpRequest.getCaCert(url, "fwsim").withEgress(egress),
                    debug,
                    mailbox,
                    caCert ->
                        client.send(
                            ScepHttpRequest.pkiOperationGet(url, pkiMessage).withEgress(egress),
                            debug,
                            mailbox,
                            reply -> finish(slots, done),
                            e -> {
                              if (e.httpStatus() == 0) {
                                failed.incrementAndGet(); // the CA's refusal has a status
                              }
                              finish(slots, done);
                            }),
                    e -> {
                      failed.incrementAndGet();
                      finish(slots, done);
                    }));
      }
      done.await();
      return failed.get();
    }

    private static void finish(Semaphore slots, CountDownLatch done) {
      slots.release();
      done.countDown();
    }
  }

  /** CPU, allocation and wake-ups of the event-loop threads ({@code fwsim-io-*}) so far. */
  private record IoThreads(
      long cpuNanos, long userTicks, long systemTicks, long allocated, long voluntarySwitches) {

    static IoThreads now() throws IOException {
      com.sun.management.ThreadMXBean mx =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long cpu = 0;
      long allocated = 0;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith("fwsim-io")) {
          cpu += mx.getThreadCpuTime(t.getId());
          allocated += mx.getThreadAllocatedBytes(t.getId());
        }
      }
      long user = 0;
      long system = 0;
      long switches = 0;
      try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          if (!Files.readString(task.resolve("comm")).startsWith("fwsim-io")) {
            continue;
          }
          String[] stat = Files.readString(task.resolve("stat")).split("\\) ", 2)[1].split(" ");
          user += Long.parseLong(stat[11]);
          system += Long.parseLong(stat[12]);
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        }
      }
      return new IoThreads(cpu, user, system, allocated, switches);
    }

    IoThreads minus(IoThreads o) {
      return new IoThreads(
          cpuNanos - o.cpuNanos,
          userTicks - o.userTicks,
          systemTicks - o.systemTicks,
          allocated - o.allocated,
          voluntarySwitches - o.voluntarySwitches);
    }
  }
}
