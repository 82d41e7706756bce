package org.fwsim.firmware.scep.client;

import static org.fwsim.hal.testing.TestNetwork.withAddress;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.debug.DebugApplication;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.debug.ListSink;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.firmware.egress.EgressSelector;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;
import org.fwsim.firmware.scep.message.PkiRequests;
import org.fwsim.firmware.scep.message.ScepCsr;
import org.fwsim.firmware.scep.transport.LoopbackScepConnector;
import org.fwsim.firmware.scep.transport.ScepHttpClient;
import org.fwsim.firmware.scep.transport.ScepTransport;
import org.fwsim.hal.clock.Activity;
import org.fwsim.hal.clock.Scheduler;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.ipc.Mailbox;
import org.fwsim.hal.ipc.WorkerPool;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.pki.CertSource;
import org.fwsim.hal.pki.CertStore;
import org.fwsim.hal.pki.KeyPool;
import org.fwsim.hal.pki.KeySource;
import org.fwsim.hal.pki.LocalCertificate;
import org.fwsim.hal.testing.HypervisorDriver;
import org.fwsim.hal.testing.TestCertificates;

/**
 * One simulated appliance VDOM for SCEP client tests: a thread-free worker pool and scheduler on a
 * fast-forward clock (the test thread drives both), real Netty IO to a loopback CA.
 */
final class ScepClientFixture {

  /** Shared by all tests: each key is still handed out once; misses generate on the spot. */
  static final KeyPool KEYS = new KeyPool(KeySource.jca(), 32);

  static final X500Name SUBJECT = new X500Name("ST=NH, L=Amsterdam, O=Fortinet, OU=AS, CN=myvpn");

  final SimClock clock = SimClock.fastForward(TestCertificates.NOW);
  final Activity activity = new Activity();
  final Scheduler scheduler = new Scheduler(clock, activity);
  final WorkerPool pool = new WorkerPool("scep-test", 0, activity);
  final Mailbox mailbox = pool.newMailbox("FGT60FTK0000001");
  final ListSink sink = new ListSink();
  final DebugControl debug = new DebugControl(clock, sink);
  final EventLog log = new EventLog();
  final CertStore vdomStore = new CertStore(clock);
  final CertStore globalStore = new CertStore(clock);
  final ScepContext context;
  final ScepClient client;

  ScepClientFixture(EventLoopGroup group, ScepPolicy policy) {
    this(group, policy, ScepHttpClient.DEFAULT_MAX_RESPONSE_BYTES);
  }

  ScepClientFixture(EventLoopGroup group, ScepPolicy policy, int maxResponseBytes) {
    this(
        policy,
        loopbackEgress(),
        new ScepHttpClient(
            new LoopbackScepConnector(group, NioSocketChannel.class, Duration.ofSeconds(2)),
            maxResponseBytes));
  }

  /**
   * An appliance with its own egress selection and transport (e.g. route lookup over the underlay).
   */
  ScepClientFixture(ScepPolicy policy, EgressSelector egress, ScepTransport transport) {
    this.context =
        new ScepContext(
            mailbox,
            clock,
            scheduler,
            debug,
            log,
            "root",
            0,
            vdomStore,
            globalStore,
            KEYS,
            new PkiRequests(clock, new SecureRandom()),
            egress,
            transport,
            policy);
    this.client = new ScepClient(context);
  }

  /**
   * Every CA is on the host's loopback: leave through port1 (127.0.0.1/8), source chosen by the
   * system.
   */
  private static EgressSelector loopbackEgress() {
    NetworkInterface port1 =
        withAddress(
            NetworkInterface.of("port1", NetworkInterface.Type.PHYSICAL, "root"),
            Ip4.of(127, 0, 0, 1),
            8);
    return (vdom, dst, source) ->
        new Egress(
            port1.name(),
            0,
            source == Ip4.ANY ? port1.address() : source,
            source,
            Ip4.ANY,
            dst,
            InterfaceSelectMethod.AUTO,
            "loopback");
  }

  void debugAll() {
    debug.application(DebugApplication.SCEP, -1);
    debug.application(DebugApplication.FORTICRON, -1);
    debug.enable();
  }

  /**
   * Starts on the mailbox as firmware would, then drives mailbox, IO and virtual time to the
   * outcome.
   */
  ScepOutcome run(boolean renewal, ScepEnrollment enrollment) {
    CompletableFuture<ScepOutcome> f =
        renewal ? client.submitRenew(enrollment) : client.submitEnroll(enrollment);
    return drive(f);
  }

  ScepOutcome drive(CompletableFuture<ScepOutcome> f) {
    driveUntil(f::isDone);
    return f.getNow(null);
  }

  /**
   * Runs mailbox messages; when nothing is left and a timer is pending, jumps virtual time to it
   * (fast-forward by hand); otherwise waits briefly for IO, up to a bounded deadline.
   */
  void driveUntil(BooleanSupplier condition) {
    HypervisorDriver.of(pool::runUntilIdle, mailbox::isIdle, scheduler)
        .advancingTime()
        .doWorkUntil(
            condition,
            HypervisorDriver.DEFAULT_TIMEOUT,
            () -> "no outcome; trace:\n" + String.join("\n", sink.lines()));
  }

  /** An existing certificate issued by the CA, as if enrolled earlier. */
  LocalCertificate installCurrent(String name, TestScepResponder ca) {
    return installCurrent(name, ca, vdomStore);
  }

  LocalCertificate installCurrent(String name, TestScepResponder ca, CertStore store) {
    return installCurrent(name, ca, store, org.fwsim.hal.pki.KeyType.RSA_2048);
  }

  LocalCertificate installCurrent(
      String name, TestScepResponder ca, CertStore store, org.fwsim.hal.pki.KeyType keyType) {
    KeyPair key = KEYS.take(keyType);
    X509Certificate cert =
        TestCertificates.issue(ScepCsr.csr(key, SUBJECT, null), ca.caCert, ca.key(), 7);
    LocalCertificate entry =
        LocalCertificate.of(
            name, List.of(cert), key.getPrivate(), CertSource.USER, clock.instant());
    store.putLocal(entry);
    return entry;
  }

  List<LogId> logIds() {
    return log.entries().stream().map(LogEntry::id).toList();
  }
}
