package org.fwsim.hal;

import static org.fwsim.hal.testing.TestNetwork.withAddress;
import static org.fwsim.hal.testing.TestNetwork.withStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.LinkImpairment;
import org.fwsim.hal.net.NetworkInterface;
import org.junit.jupiter.api.Test;

/**
 * An interface that stops carrying traffic (link down, set down, deleted) cuts its open
 * connections.
 */
class ApplianceLinkCutTest {

  @Test
  void linkDownSetDownAndDeleteCutTheInterfacesConnections() throws Exception {
    try (Hypervisor hv =
        Hypervisor.builder(SimClock.realtime(Instant.parse("2026-11-23T10:00:00Z")))
            .workers(1)
            .keygenThreads(1)
            .build()) {
      Appliance fgt = hv.newAppliance("FGVM02TM24000001", "FGVM");
      int ca = Ip4.parse("127.0.0.9");
      Channel server =
          hv.underlay()
              .listen(
                  ca,
                  8443,
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) { // accepted connections stay open, idle
                    }
                  })
              .get(5, TimeUnit.SECONDS);
      NetworkInterface port1 =
          withAddress(
              NetworkInterface.of("port1", NetworkInterface.Type.PHYSICAL, "root"), "10.0.1.1/24");
      fgt.putInterface(port1);

      Channel c = connect(hv, fgt, port1, ca);
      fgt.putInterface(port1.withImpairment(LinkImpairment.NONE.withLatencyMillis(5)));
      assertTrue(c.isActive(), "latency alone keeps the connection");
      fgt.putInterface(port1.withImpairment(LinkImpairment.NONE.withDown(true)));
      assertTrue(c.closeFuture().await(5, TimeUnit.SECONDS), "link down cuts it");

      fgt.putInterface(port1);
      c = connect(hv, fgt, port1, ca);
      fgt.putInterface(withStatus(port1, NetworkInterface.Status.DOWN));
      assertTrue(c.closeFuture().await(5, TimeUnit.SECONDS), "set status down cuts it");

      fgt.putInterface(port1);
      c = connect(hv, fgt, port1, ca);
      fgt.removeInterface("port1");
      assertTrue(c.closeFuture().await(5, TimeUnit.SECONDS), "deleting the interface cuts it");
      assertEquals(0, hv.underlay().openConnections(fgt.id(), "port1"));
      server.close().sync();
    }
  }

  private static Channel connect(Hypervisor hv, Appliance fgt, NetworkInterface nic, int dst)
      throws Exception {
    Channel c =
        hv.underlay()
            .connect(
                fgt.id(),
                nic,
                dst,
                8443,
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    // the cut's reason; the close that follows is what this test checks
                  }
                })
            .get(5, TimeUnit.SECONDS);
    assertEquals(1, hv.underlay().openConnections(fgt.id(), nic.name()));
    return c;
  }
}
