package org.fwsim.testbench.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fwsim.hal.Hypervisor;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagedDevices;
import org.fwsim.testbench.mgmt.ManagementPlane;
import org.fwsim.testbench.mgmt.https.HttpsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charter's network rule for the fleet: every socket its management planes listen on is bound
 * to a loopback address (127.0.0.0/8 or ::1), never the wildcard or another interface. Read from
 * the kernel's own table of this process's listening sockets, so a bind anywhere in the planes
 * counts, whatever the planes believe they did.
 */
class FleetLoopbackTest {
  private static final Path FDS = Path.of("/proc/self/fd");
  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
  private static final String LISTEN = "0A";
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  @TempDir Path dir;

  @Test
  void everySocketOfARunningFleetsPlanesIsOnLoopback() throws Exception {
    assumeTrue(Files.isDirectory(FDS), "needs Linux's /proc");
    Set<InetSocketAddress> before = listening().keySet();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Hypervisor hv = TestFleets.hypervisor(4)) {
      List<ManagementPlane> planes = FleetPlanes.create(0, 0);
      FleetService fleet =
          TestFleets.start(
              hv,
              dir,
              3,
              "loopback-test",
              new PrintStream(printed, true, StandardCharsets.UTF_8),
              planes);
      try {
        Map<InetSocketAddress, Long> opened = new HashMap<>(listening());
        opened.keySet().removeAll(before);
        assertTrue(
            opened.size() >= FleetPlanes.COUNT * fleet.devices().size(),
            "an SSH and an HTTPS socket per device: " + opened.keySet());
        for (InetSocketAddress at : opened.keySet()) {
          assertTrue(at.getAddress().isLoopbackAddress(), "listening off loopback at " + at);
        }
        for (ManagedDevice d : fleet.devices()) {
          for (ManagementPlane p : planes) {
            InetSocketAddress at = p.endpointOf(d).orElseThrow();
            assertTrue(at.getAddress().isLoopbackAddress(), p.service() + " at " + at);
            assertTrue(opened.containsKey(at), p.service() + " listens at " + at);
          }
        }

        // Nor may one be opened later: the wildcard is refused outright.
        try (HttpsServer server = new HttpsServer(new ManagedDevices(hv, fleet.devices()), null)) {
          assertThrows(
              IllegalArgumentException.class, () -> server.listen(new InetSocketAddress(0)));
        }
      } finally {
        fleet.stop();
      }
    }
  }

  /**
   * This process's listening TCP sockets by local address (value: the socket's inode), from the
   * kernel's tables: those name every socket of the network namespace, the inodes behind {@code
   * /proc/self/fd} say which are this process's.
   */
  private static Map<InetSocketAddress, Long> listening() throws IOException {
    Set<Long> ours = new HashSet<>();
    try (Stream<Path> fds = Files.list(FDS)) {
      for (Path fd : fds.toList()) {
        try {
          Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            ours.add(Long.parseLong(m.group(1)));
          }
        } catch (IOException closedMeanwhile) {
          // A descriptor that closed while listed is not listening.
        }
      }
    }
    Map<InetSocketAddress, Long> out = new HashMap<>();
    for (String table : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      List<String> lines = Files.readAllLines(path);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        long inode = Long.parseLong(f[9]);
        if (f[3].equals(LISTEN) && ours.contains(inode)) {
          out.put(address(f[1]), inode);
        }
      }
    }
    return out;
  }

  /** {@code HEX:PORT} as the kernel prints it: the address in 32-bit words of host byte order. */
  static InetSocketAddress address(String field) throws IOException {
    String[] parts = field.split(":");
    byte[] raw = HexFormat.of().parseHex(parts[0]);
    for (int word = 0; LITTLE_ENDIAN && word < raw.length; word += 4) {
      for (int i = 0; i < 2; i++) {
        byte b = raw[word + i];
        raw[word + i] = raw[word + 3 - i];
        raw[word + 3 - i] = b;
      }
    }
    return new InetSocketAddress(InetAddress.getByAddress(raw), Integer.parseInt(parts[1], 16));
  }

  @Test
  void readsTheKernelsAddressesAsTheyArePrinted() throws IOException {
    assumeTrue(LITTLE_ENDIAN, "the samples are a little-endian kernel's");
    assertEquals(new InetSocketAddress("127.1.0.2", 22), address("0200017F:0016"));
    assertEquals(new InetSocketAddress("0.0.0.0", 443), address("00000000:01BB"));
    assertEquals(
        new InetSocketAddress("::1", 22), address("00000000000000000000000001000000:0016"));
    assertEquals(
        new InetSocketAddress("127.1.0.2", 443), address("0000000000000000FFFF00000200017F:01BB"));
  }
}
