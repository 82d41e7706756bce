package org.fwsim.testbench.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.testing.Fixtures;
import org.fwsim.hal.testing.Peer;
import org.fwsim.hal.testing.PeerRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packet sniffer as a console user sees it while the console enrolls a certificate with the
 * embedded CA (FGVM01's port1 is 192.168.1.99, the CA 10.5.149.111:80): {@code diagnose sniffer
 * packet} with the handshake, the requests and the teardown in simulated addresses, the count,
 * FortiOS's refusals, and {@code sim sniffer} pcap files read back byte by byte.
 */
class SnifferConsoleTest {

  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
  private static final String ENROLL =
      "execute vpn certificate local generate rsa SNIFF 2048 myvpn NL NH Amsterdam Fortinet \"\""
          + " admin@example.com \"\" http://10.5.149.111/app/cert/scep/ fwsim-test\n";
  private static final String FGT = "192\\.168\\.1\\.99";
  private static final String CA = "10\\.5\\.149\\.111";

  /** Two WAN ports, and SCEP leaving through port2 whatever SD-WAN prefers. */
  private static final String THROUGH_PORT2 =
      Fixtures.text("/fixtures/ConsoleEgressTest/two-wans.conf")
          + """
          config vpn certificate setting
          set interface-select-method specify
          set interface port2
          end
          """;

  @TempDir Path dir;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void showsTheEnrollmentsHandshakeRequestsAndTeardown() throws Exception {
    String t =
        console(
            "diagnose sniffer packet any 'host 10.5.149.111 and port 80' 6 0 a\n"
                + ENROLL
                + "^C\n");
    assertTrue(t.contains("interfaces=[any]\nfilters=[host 10.5.149.111 and port 80]\n"), t);
    assertFalse(t.contains("127."), "loopback addresses never show: " + t);
    String time = "2026-11-23 10:00:\\d\\d\\.\\d{6}";
    Matcher syn =
        Pattern.compile(time + " port1 out " + FGT + "\\.(\\d+) -> " + CA + "\\.80: syn (\\d+)\n")
            .matcher(t);
    assertTrue(syn.find(), t);
    String port = syn.group(1);
    long isn = Long.parseLong(syn.group(2));
    Matcher synAck =
        Pattern.compile(
                time
                    + " port1 in "
                    + CA
                    + "\\.80 -> "
                    + FGT
                    + "\\."
                    + port
                    + ": syn (\\d+) ack "
                    + (isn + 1)
                    + "\n")
            .matcher(t);
    assertTrue(synAck.find(syn.end()), t);
    long peer = Long.parseLong(synAck.group(1));
    assertTrue(
        Pattern.compile(
                time
                    + " port1 out "
                    + FGT
                    + "\\."
                    + port
                    + " -> "
                    + CA
                    + "\\.80: ack "
                    + (peer + 1)
                    + "\n")
            .matcher(t)
            .find(synAck.end()),
        t);
    String ascii = asciiColumns(t);
    assertTrue(ascii.contains("GET /app/cert/scep/?operation=GetCACert HTTP/1.1"), ascii);
    assertTrue(ascii.contains("/app/cert/scep/?operation=PKIOperation"), ascii);
    assertTrue(ascii.contains("HTTP/1.1 200 OK"), ascii);
    // Each connection ends with FIN both ways and the last ACK.
    int syns = count(t, Pattern.compile(": syn \\d+\n"));
    assertTrue(syns >= 2, "GetCACert and PKIOperation each open a connection: " + t);
    assertEquals(
        syns, count(t, Pattern.compile(" out " + FGT + "\\.\\d+ -> " + CA + "\\.80: fin ")));
    assertEquals(
        syns, count(t, Pattern.compile(" in " + CA + "\\.80 -> " + FGT + "\\.\\d+: fin ")));
    int packets = count(t, Pattern.compile("(?m)^" + time + " port1 (in|out) "));
    assertTrue(
        t.contains(
            "^C\n\n" + packets + " packets received by filter\n0 packets dropped by kernel\n"),
        t);
    assertTrue(t.contains("Certificate SNIFF: enrolled, serial "), t);
  }

  @Test
  void anEnrollmentLeavingThroughTheSpecifiedInterfaceShowsOnIt() throws Exception {
    String t =
        console(
            THROUGH_PORT2
                + """
                diagnose sniffer packet port2 'tcp port 80' 4
                """
                + ENROLL
                + "^C\n");
    assertTrue(t.contains("interfaces=[port2]\nfilters=[tcp port 80]\n"), t);
    int packets = count(t, Pattern.compile("(?m)^\\d+\\.\\d{6} port2 (in|out) "));
    assertTrue(
        Pattern.compile(
                "(?m)^0\\.\\d{6} port2 out 198\\.51\\.100\\.2\\.\\d+ -> " + CA + "\\.80: syn ")
            .matcher(t)
            .find(),
        t);
    assertFalse(t.contains(" port1 "), "nothing leaves through port1: " + t);
    assertTrue(t.contains("^C\n\n" + packets + " packets received by filter\n"), t);
    assertTrue(t.contains("Certificate SNIFF: enrolled, serial "), t);
  }

  @Test
  void aRenewalThroughPort2ShowsWhereTheTraceSaysAndTsharkReadsItsCapture() throws Exception {
    Path pcap = dir.resolve("renewal.pcap");
    int[] port2 = new int[1];
    String t =
        console(
            THROUGH_PORT2
                + ENROLL
                + """
                config vpn certificate local
                edit SNIFF
                set auto-regenerate-days 7
                set scep-password fwsim-test
                next
                end
                diagnose debug application forticron 255
                diagnose debug duration 0
                diagnose debug enable
                diagnose sniffer packet port2 'tcp port 80' 4 0 a
                sim sniffer start port2 %s
                sim clock advance 359d
                ^C
                sim sniffer stop
                """
                    .formatted(pcap),
            sim -> port2[0] = sim.firmware().appliance().ifindex("port2"));
    String renewal = t.substring(t.indexOf("sim clock advance 359d"));
    assertTrue(
        renewal.contains("bind to interface " + port2[0] + " for 0.0.0.0->10.5.149.111."),
        "the trace names port2: " + renewal);
    assertTrue(
        Pattern.compile(" port2 out 198\\.51\\.100\\.2\\.\\d+ -> " + CA + "\\.80: syn ")
            .matcher(renewal)
            .find(),
        renewal);
    assertFalse(renewal.contains(" port1 "), renewal);

    // Wireshark's dissectors, as a user opens the file: both requests, from port2's address.
    PeerRun tshark =
        PeerRun.of(
            dir,
            Duration.ofSeconds(60),
            List.of(
                Peer.TSHARK.require().toString(),
                "-r",
                pcap.toString(),
                "-Y",
                "http.request",
                "-T",
                "fields",
                "-e",
                "ip.src",
                "-e",
                "http.request.uri"));
    String fields = tshark.stdout(); // its standard error says "running as root" and the like
    assertEquals(0, tshark.exit(), fields);
    List<String> requests = fields.lines().toList();
    assertTrue(
        requests.stream().anyMatch(l -> l.contains("operation=GetCACert")), "GetCACert: " + fields);
    assertTrue(
        requests.stream().anyMatch(l -> l.contains("operation=PKIOperation")),
        "PKIOperation: " + fields);
    for (String l : requests) {
      assertTrue(l.startsWith("198.51.100.2\t/app/cert/scep/"), "from port2's address: " + l);
    }
  }

  @Test
  void theCountEndsItAndFortiOsRefusesBadInput() throws Exception {
    String t = console("diagnose sniffer packet port1 'tcp and not port 22' 1 3\n" + ENROLL);
    assertEquals(3, count(t, Pattern.compile("(?m)^0\\.\\d{6} [\\d.]+ -> ")), t);
    assertTrue(t.contains("\n3 packets received by filter\n0 packets dropped by kernel\n"), t);

    t =
        console(
            """
            diagnose sniffer packet wan9 none 4
            diagnose sniffer packet any 'port and host' 4
            diagnose sniffer packet any 'port 80' 7
            ^C
            """);
    assertTrue(t.contains("interfaces=[wan9]\nfilters=[none]\nFailed to get interface wan9.\n"), t);
    assertTrue(
        t.contains("interfaces=[any]\nfilters=[port and host]\npcap_compile: syntax error\n"), t);
    assertTrue(t.contains("command parse error before '7'"), t);
    assertTrue(t.endsWith("FGVM01 # ^C\n"), "no sniffer ran, so Ctrl-C has nothing to end: " + t);
  }

  @Test
  void aCaptureFileHoldsTheExchangeWithSimulatedAddresses() throws Exception {
    Path pcap = dir.resolve("scep.pcap");
    String t = console("sim sniffer start port1 " + pcap + "\n" + ENROLL + "sim sniffer stop\n");
    assertTrue(t.contains("sim sniffer: capture written to " + pcap + "\n"), t);

    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0xa1b2c3d4, b.getInt(0), "pcap magic, little-endian");
    assertEquals(2, b.getShort(4));
    assertEquals(4, b.getShort(6));
    assertEquals(1, b.getInt(20), "link type Ethernet");
    List<byte[]> frames = new ArrayList<>();
    for (int at = 24; at < b.limit(); ) {
      long seconds = b.getInt(at) & 0xffffffffL;
      assertEquals(START.getEpochSecond(), seconds, 60.0, "stamped by the virtual clock");
      int length = b.getInt(at + 8);
      assertEquals(length, b.getInt(at + 12));
      byte[] frame = new byte[length];
      b.get(at + 16, frame);
      frames.add(frame);
      at += 16 + length;
    }
    assertTrue(frames.size() >= 16, "two connections of at least 8 packets: " + frames.size());
    ByteBuffer first = ByteBuffer.wrap(frames.get(0));
    assertEquals(0x0800, first.getShort(12), "IPv4");
    assertEquals(6, first.get(14 + 9), "TCP");
    assertEquals("192.168.1.99", address(first, 14 + 12));
    assertEquals("10.5.149.111", address(first, 14 + 16));
    assertEquals(80, first.getShort(14 + 22));
    assertEquals(0x02, first.get(14 + 33), "SYN");
    StringBuilder payloads = new StringBuilder();
    for (byte[] f : frames) {
      assertEquals(0, onesComplement(f, 14, 20, 0), "IPv4 header checksum");
      int total = ByteBuffer.wrap(f).getShort(14 + 2) & 0xffff;
      int pseudo = sum16(f, 14 + 12, 8) + 6 + (total - 20); // addresses, protocol, TCP length
      assertEquals(0, onesComplement(f, 34, total - 20, pseudo), "TCP checksum");
      payloads.append(new String(f, 54, f.length - 54, StandardCharsets.ISO_8859_1));
    }
    assertTrue(payloads.toString().contains("GET /app/cert/scep/?operation=GetCACert HTTP/1.1"));
    assertTrue(payloads.toString().contains("operation=PKIOperation"));
  }

  @Test
  void aCaptureFileThatCannotBeWrittenStopsTheCaptureNotTheAppliance() throws Exception {
    String t =
        console(
            "sim sniffer start any " + dir.resolve("missing/dir/x.pcap") + "\nsim sniffer stop\n");
    assertTrue(t.contains("sim sniffer: cannot create " + dir.resolve("missing/dir/x.pcap")), t);
    assertTrue(t.contains("sim sniffer: no capture running\n"), t);

    Path full = Path.of("/dev/full"); // every write fails with ENOSPC
    assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
    t = console("sim sniffer start any /dev/full\n" + ENROLL + "sim sniffer stop\n");
    assertEquals(
        1,
        count(t, Pattern.compile("sim sniffer: capture to /dev/full stopped: cannot write: ")),
        t);
    assertTrue(t.contains("Certificate SNIFF: enrolled, serial "), t);
    assertTrue(t.contains("sim sniffer: no capture running\n"), t);
  }

  private String console(String script) throws Exception {
    return console(script, sim -> {});
  }

  /** The transcript of {@code script}; {@code look} sees the simulation before it closes. */
  private String console(String script, java.util.function.Consumer<ConsoleSimulation> look)
      throws Exception {
    try (Hypervisor hv =
            Hypervisor.builder(SimClock.fastForward(START)).workers(0).keygenThreads(1).build();
        ConsoleSimulation sim =
            ConsoleSimulation.start(
                ConsoleSimulation.Settings.defaults().withChallenge("fwsim-test"),
                hv,
                hv::runUntilIdle,
                out)) {
      bytes.reset();
      assertEquals(
          0,
          sim.runScript(new BufferedReader(new StringReader(script)), out, Duration.ofSeconds(20)));
      look.accept(sim);
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** The ASCII columns of the hex dumps, joined, so text split over dump lines reads whole. */
  private static String asciiColumns(String transcript) {
    StringBuilder sb = new StringBuilder();
    for (String line : transcript.split("\n")) {
      if (line.startsWith("0x")) {
        sb.append(line.substring(line.lastIndexOf('\t') + 1));
      }
    }
    return sb.toString();
  }

  private static int count(String text, Pattern p) {
    Matcher m = p.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String address(ByteBuffer b, int at) {
    return (b.get(at) & 0xff)
        + "."
        + (b.get(at + 1) & 0xff)
        + "."
        + (b.get(at + 2) & 0xff)
        + "."
        + (b.get(at + 3) & 0xff);
  }

  private static int sum16(byte[] bytes, int from, int length) {
    int s = 0;
    for (int i = 0; i < length; i += 2) {
      s += ((bytes[from + i] & 0xff) << 8) | (i + 1 < length ? bytes[from + i + 1] & 0xff : 0);
    }
    return s;
  }

  /** The one's complement of the 16-bit sum: 0 when the checksum inside the range is right. */
  private static int onesComplement(byte[] bytes, int from, int length, int extra) {
    long s = (sum16(bytes, from, length) & 0xffffffffL) + extra;
    while (s >>> 16 != 0) {
      s = (s & 0xffff) + (s >>> 16);
    }
    return (int) (~s & 0xffff);
  }
}
