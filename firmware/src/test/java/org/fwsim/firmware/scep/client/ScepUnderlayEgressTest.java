package org.fwsim.firmware.scep.client;

import static org.fwsim.hal.testing.TestNetwork.withAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.egress.EgressRules;
import org.fwsim.firmware.log.LogId;
import org.fwsim.firmware.scep.transport.ScepHttpClient;
import org.fwsim.firmware.scep.transport.UnderlayScepConnector;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.net.IoTracker;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;
import org.fwsim.hal.net.NetworkInterface;
import org.fwsim.hal.net.Route;
import org.fwsim.hal.net.RoutingTable;
import org.fwsim.hal.net.Underlay;
import org.fwsim.hal.testing.TestCertificates;
import org.fwsim.hal.testing.TestHypervisors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The egress path: the VDOM's routing table picks the interface, the underlay binds to the loopback
 * image of its address and carries the connection to the CA's simulated address ({@code
 * http://10.5.149.111/app/cert/scep/}, as in KB-420924).
 */
class ScepUnderlayEgressTest {

  static final String CA_URL = "http://10.5.149.111/app/cert/scep/";
  static EventLoopGroup group;
  static Hypervisor hv;
  static int appliances;
  static KeyPair caKey;
  static X509Certificate caCert;

  @BeforeAll
  static void start() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    hv = TestHypervisors.builder(TestCertificates.NOW).build();
    caKey = TestCertificates.rsaKeyPair();
    caCert = TestCertificates.scepCa("CN=FAC SCEP CA", caKey);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    hv.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }

  /**
   * An appliance with port1 (10.0.0.1/24) and port2 (192.168.1.99/24) in root, and a default route
   * through port1 when asked. Only its interfaces and routing table are used (the fixture brings
   * its own mailbox).
   */
  static Appliance appliance(boolean withDefaultRoute) {
    Appliance a = hv.newAppliance("FGVM01TM0000000" + (++appliances), "FGT-" + appliances);
    a.putInterface(
        withAddress(
            NetworkInterface.of("port1", NetworkInterface.Type.PHYSICAL, "root"), "10.0.0.1/24"));
    a.putInterface(
        withAddress(
            NetworkInterface.of("port2", NetworkInterface.Type.PHYSICAL, "root"),
            "192.168.1.99/24"));
    RoutingTable table = a.vdoms().root().routingTable();
    if (withDefaultRoute) {
      table.addStatic(
          Route.staticRoute(Ip4Prefix.parse("0.0.0.0/0"), Ip4.parse("10.0.0.254"), "port1"));
    }
    table.publish();
    return a;
  }

  private Underlay underlay() {
    return new Underlay(
        group,
        NioSocketChannel.class,
        NioServerSocketChannel.class,
        0,
        new Random(1),
        IoTracker.NONE);
  }

  /**
   * The VDOM's SCEP client on {@code fgt}: egress by route lookup, connections over the underlay.
   */
  private static ScepClientFixture client(Underlay underlay, Appliance fgt) {
    ScepClientFixture appliance =
        new ScepClientFixture(
            ScepPolicy.DEFAULTS,
            EgressRules.auto(fgt),
            new ScepHttpClient(new UnderlayScepConnector(underlay, fgt)));
    appliance.debugAll();
    return appliance;
  }

  @Test
  void enrollmentGoesOutBoundToTheEgressAddressOverTheUnderlay() throws Exception {
    Underlay underlay = underlay();
    Appliance fgt = appliance(true);
    ScepClientFixture appliance = client(underlay, fgt);
    try (TestScepResponder ca = new TestScepResponder(group, caKey, caCert, appliance.clock)) {
      underlay.map(
          new InetSocketAddress("10.5.149.111", 80), new InetSocketAddress("127.0.0.1", ca.port()));

      ScepOutcome outcome =
          appliance.run(
              false,
              TestScepEnrollment.of("FAC_SCEP", CA_URL, "secret", ScepClientFixture.SUBJECT)
                  .build());

      assertEquals(ScepOutcome.Status.ISSUED, outcome.status(), outcome::reason);
      int boundTo = underlay.hostAddressOf(fgt.id(), Ip4.parse("10.0.0.1"));
      assertTrue(
          ca.seen.stream().allMatch(s -> Ip4.fromInetAddress(s.remote().getAddress()) == boundTo),
          "every request comes from the loopback image of port1's 10.0.0.1");
      List<String> trace = appliance.sink.lines();
      assertTrue(trace.contains("scep_start()-743: resolve 10.5.149.111"), trace::toString);
      assertTrue(
          trace.contains("scep_resolv_cb()-736: IP of scep-10.5.149.111 is 10.5.149.111"),
          trace::toString);
      assertTrue(
          trace.contains(
              "fcron_cert_bind_interface()-790: bind to interface 0 for 0.0.0.0->10.5.149.111."),
          trace::toString);
    }
  }

  @Test
  void noRouteToTheCaIsAClearFailure() {
    Underlay underlay = underlay();
    Appliance fgt = appliance(false);
    ScepClientFixture appliance = client(underlay, fgt);

    ScepOutcome outcome =
        appliance.run(
            false,
            TestScepEnrollment.of("FAC_SCEP", CA_URL, "secret", ScepClientFixture.SUBJECT).build());

    assertEquals(ScepOutcome.Status.FAILED, outcome.status());
    assertEquals("no route to 10.5.149.111 in VDOM root", outcome.reason());
    assertEquals(FailureKind.EGRESS, outcome.failure());
    assertTrue(appliance.sink.lines().contains("scep_recv()-554: SCEP request is failed"));
    assertEquals(
        List.of(LogId.VPN_CERT_UPDATE_FAILED, LogId.AUTO_GEN_CERT_FAIL), appliance.logIds());
  }
}
