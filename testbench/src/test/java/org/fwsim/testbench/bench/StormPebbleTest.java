package org.fwsim.testbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.firmware.acme.PebbleServer;
import org.fwsim.firmware.cert.PemCodec;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.scep.client.ScepFlow;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fwsim storm --protocol acme --ca https://127.0.0.1:PORT/dir} against Debian's pebble:
 * pebble resolves the fleet's domains through the storm's own DNS ({@code --dns-listen}, pebble's
 * {@code -dnsserver}) and validates HTTP-01 at each VDOM's port on {@code --acme-http-port}; every
 * certificate enrolls, renews at the storm's point although pebble dates by the host's clock, and
 * chains to pebble's root, as the storm checks and openssl agrees.
 */
class StormPebbleTest {

  @TempDir Path dir;

  @Test
  void aStormEnrollsAndRenewsFromPebbleThroughTheFleetsDns() throws Exception {
    Path openssl = Peer.OPENSSL.require();
    InetSocketAddress dns = new InetSocketAddress("127.0.0.1", freeUdpPort());
    try (PebbleServer pebble =
        PebbleServer.startWithDns(dir, Duration.ofDays(90), "127.0.0.1:" + dns.getPort())) {
      Path trust =
          Files.writeString(
              dir.resolve("trust.pem"),
              PemCodec.certificates(List.of(pebble.tlsRoot())) + pebble.rootPem());
      String url = pebble.directory().toString();
      QuickStorms.Run r =
          QuickStorms.run(
              QuickStorms.settings(
                      3, 2, null, null, FaultPlan.NONE, 0, ScepFlow.FORTIOS, EnrollProtocol.ACME2)
                  .againstAcme(url, new AcmeOptions(dns, pebble.httpPort(), trust)));
      String printed = r.printed() + "\n" + pebble.output();
      assertTrue(r.printed().contains("External CA: " + url), printed);
      assertTrue(r.printed().contains("External ACME server's CAs: 2 certificate(s)"), printed);
      assertTrue(r.printed().contains("Fleet DNS: udp 127.0.0.1:" + dns.getPort()), printed);
      QuickStorms.assertEveryCertificateRenewed(r.outcome(), 6, printed);
      // Each of the 6 enrolled and renewed once: 12 issued, every one verified by openssl. Pebble
      // dates by the host's clock, so a renewed certificate is due again on the storm's: the storm
      // closes its window (acme-renew-window 1) rather than let forticron renew it in a loop.
      List<String> serials = issuedSerials(pebble.output());
      assertEquals(12, serials.size(), printed);
      for (String serial : serials) {
        PeerRun v = pebble.verify(openssl, dir, pebble.certificatePem(serial));
        assertEquals(0, v.exit(), () -> serial + ": " + v);
        assertTrue(v.stdout().contains("leaf.pem: OK"), v::toString);
      }
    }
  }

  /** The serials pebble logged as issued, in order, each once. */
  private static List<String> issuedSerials(String log) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = ISSUED.matcher(log);
    while (m.find()) {
      out.add(m.group(1));
    }
    return new ArrayList<>(out);
  }

  private static final Pattern ISSUED = Pattern.compile("Issued certificate serial ([0-9a-f]+)");

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
