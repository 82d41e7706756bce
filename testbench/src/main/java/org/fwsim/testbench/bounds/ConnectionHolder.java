package org.fwsim.testbench.bounds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One client process of {@code ca-bounds}: opens many idle TCP connections to the CA, from
 * consecutive loopback source addresses so that the CA's per-source cap does not refuse them all,
 * says how many the CA kept open and how many it refused, holds them until its standard input ends
 * or says {@code close}, then closes them all.
 */
@Command(
    name = "hold",
    hidden = true,
    description = "Opens and holds idle connections to a CA (a client process of ca-bounds).")
final class ConnectionHolder implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--url", required = true, description = "The CA's URL.")
  URI url;

  @Option(names = "--count", required = true, description = "Connections to open.")
  int count;

  @Option(
      names = "--first-source",
      required = true,
      description = "The first loopback source address; the next ones follow it.")
  String firstSource;

  @Option(
      names = "--per-source",
      defaultValue = "200",
      description = "Connections from each source address (default: ${DEFAULT-VALUE}).")
  int perSource;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    InetSocketAddress ca =
        new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
    List<SocketChannel> open = new ArrayList<>(count);
    int failed = 0;
    String firstFailure = null;
    byte[] source = InetAddress.getByName(firstSource).getAddress();
    for (int i = 0; i < count; i++) {
      try {
        SocketChannel c = SocketChannel.open();
        c.bind(new InetSocketAddress(sourceNumber(source, i / perSource), 0));
        c.connect(ca);
        c.configureBlocking(false);
        open.add(c);
      } catch (IOException e) {
        failed++;
        firstFailure = firstFailure == null ? e.toString() : firstFailure;
      }
    }
    int refused = refusedSoFar(open);
    out.printf(
        "opened %d held %d refused %d failed %d%s%n",
        open.size(),
        open.size() - refused,
        refused,
        failed,
        firstFailure == null ? "" : " (" + firstFailure + ")");
    out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.trim().equals("close")) {
        break;
      }
      if (line.trim().equals("count")) {
        int gone = refusedSoFar(open);
        out.printf("held %d closed by the CA %d%n", open.size() - gone, gone);
        out.flush();
      }
    }
    for (SocketChannel c : open) {
      c.close();
    }
    out.println("closed " + open.size());
    out.flush();
    return 0;
  }

  /**
   * The connections the CA answered or closed (a 503 for one over its cap, a 408 for one idle too
   * long); the others are still open and silent.
   */
  private static int refusedSoFar(List<SocketChannel> open) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(512);
    int answered = 0;
    for (SocketChannel c : open) {
      buf.clear();
      int n;
      try {
        n = c.read(buf);
      } catch (IOException e) {
        n = -1; // reset by the CA
      }
      if (n != 0) {
        answered++;
      }
    }
    return answered;
  }

  /** The {@code n}-th address after {@code first}, within 127.0.0.0/8. */
  static InetAddress sourceNumber(byte[] first, int n) throws IOException {
    int a =
        ((first[0] & 0xff) << 24)
            | ((first[1] & 0xff) << 16)
            | ((first[2] & 0xff) << 8)
            | (first[3] & 0xff);
    int b = a + n;
    if ((b >>> 24) != 127) {
      throw new IOException("source address beyond 127.0.0.0/8");
    }
    return InetAddress.getByAddress(
        new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b});
  }
}
