package org.fwsim.firmware.sniffer;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.fwsim.firmware.cli.SessionKey;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.net.SniffedPacket;
import org.fwsim.hal.net.Underlay;

/**
 * One appliance's packet sniffer: the console's {@code diagnose sniffer packet} and the {@code sim
 * sniffer} capture file, fed by the underlay's tap while either runs. Packets arrive on event loops
 * and are handed to the appliance's mailbox, which counts, prints and writes them in one order; all
 * state here is the mailbox's. With neither running the underlay holds no tap for the appliance.
 */
public final class PacketSniffer {

  private final Appliance appliance;
  private final Underlay underlay;
  private final Consumer<String> console;

  /** The attached console as an {@link Output}. */
  private final Output attached;

  /** The console's sniffer, or null. */
  private Session session;

  /** The capture file, or null. */
  private Capture capture;

  /**
   * Where a console's sniffer prints when that console is not the attached one (an SSH session):
   * its lines, and its end by itself (the count reached, or another console's sniffer replacing
   * it), after which the console shows its prompt again as FortiOS's does.
   */
  public interface Output {
    /** One line of output (no newline). Any thread. */
    void print(String line);

    /** The sniffer now prints here (called while its command runs). Mailbox. */
    default void started() {}

    /** The sniffer ended without a Ctrl-C from this console; its summary was printed. Mailbox. */
    default void ended() {}
  }

  /**
   * The {@link Output} of the console whose session state holds it; none (null) for the attached
   * console.
   */
  public static final SessionKey<Output> OUTPUT = SessionKey.of("sniffer output", () -> null);

  private static final class Session {
    final SnifferOptions options;
    final PacketFormatter formatter;
    final Output out;
    long received;

    Session(SnifferOptions options, Instant start, Output out) {
      this.options = options;
      this.formatter = new PacketFormatter(options, start);
      this.out = out;
    }
  }

  private record Capture(String interfaceName, Path file, PcapWriter writer) {}

  /**
   * @param console prints a line on the attached console (any thread)
   */
  public PacketSniffer(Appliance appliance, Underlay underlay, Consumer<String> console) {
    this.appliance = appliance;
    this.underlay = underlay;
    this.console = console;
    this.attached = console::accept;
  }

  /** The appliance whose packets this sniffer sees (its mailbox runs the sniffer). */
  Appliance appliance() {
    return appliance;
  }

  /**
   * Starts the console's sniffer, replacing one that runs (its summary is printed first); returns
   * the lines FortiOS prints before the first packet. Mailbox only.
   */
  public String start(SnifferOptions options) {
    return start(options, null);
  }

  /**
   * {@link #start(SnifferOptions)} for a console with its own {@code out} (null: the attached
   * console). A sniffer another console ran ends there with its summary. Mailbox only.
   */
  public String start(SnifferOptions options, Output out) {
    Output to = out == null ? attached : out;
    String before = "";
    if (session != null && session.out == to) {
      before = summary(session);
    } else if (session != null) {
      endedAt(session, summary(session));
    }
    session = new Session(options, appliance.clock().instant(), to);
    to.started();
    tap();
    return before
        + "interfaces=["
        + options.interfaceName()
        + "]\nfilters=["
        + (options.filterText().isBlank() ? "none" : options.filterText())
        + "]\n";
  }

  /**
   * Ctrl-C: stops the console's sniffer; returns its summary, or "" when none ran. Mailbox only.
   */
  public String interrupt() {
    if (session == null) {
      return "";
    }
    String s = summary(session);
    session = null;
    untapIfIdle();
    return s;
  }

  /**
   * Ctrl-C at the console whose output is {@code owner}: stops the sniffer only when it prints
   * there; returns its summary, or "" when none runs there. Mailbox only.
   */
  public String interrupt(Output owner) {
    return session != null && session.out == owner ? interrupt() : "";
  }

  /** Whether the console's sniffer runs. Mailbox only. */
  public boolean running() {
    return session != null;
  }

  /**
   * Starts writing the packets of {@code interfaceName} (or {@code any}) to a new pcap file,
   * replacing an earlier capture. Mailbox only.
   *
   * @return closes the file from any thread (the JVM's exit), complete up to its last packet; the
   *     capture then writes nothing more
   * @throws IOException when the file cannot be created
   */
  public Closeable startCapture(String interfaceName, Path file) throws IOException {
    stopCapture();
    PcapWriter writer = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file)));
    capture = new Capture(interfaceName, file, writer);
    tap();
    return writer;
  }

  /** Stops the capture; returns the file it wrote, or null when none ran. Mailbox only. */
  public Path stopCapture() {
    return endCapture(true);
  }

  /** Ends the capture; a failure to close it is reported only when {@code report}. */
  private Path endCapture(boolean report) {
    Capture c = capture;
    if (c == null) {
      return null;
    }
    capture = null;
    untapIfIdle();
    try {
      c.writer().close();
    } catch (IOException e) {
      if (report) {
        console.accept("sim sniffer: closing " + c.file() + " failed: " + e.getMessage());
      }
    }
    return c.file();
  }

  private void tap() {
    underlay.tap(
        appliance.id(), appliance.clock(), packet -> appliance.execute(() -> deliver(packet)));
  }

  private void untapIfIdle() {
    if (session == null && capture == null) {
      underlay.untap(appliance.id());
    }
  }

  /** One packet, on the mailbox. */
  private void deliver(SniffedPacket p) {
    Capture c = capture;
    if (c != null
        && (c.interfaceName().equals("any") || c.interfaceName().equals(p.interfaceName()))) {
      try {
        c.writer().write(p);
      } catch (IOException e) {
        // The file, not the appliance, failed: stop capturing and say so once.
        endCapture(false);
        console.accept(
            "sim sniffer: capture to " + c.file() + " stopped: cannot write: " + e.getMessage());
      }
    }
    Session s = session;
    if (s == null || !s.options.listensOn(p.interfaceName()) || !s.options.filter().matches(p)) {
      return;
    }
    s.received++;
    print(s.out, s.formatter.format(p));
    if (s.options.count() > 0 && s.received >= s.options.count()) {
      endedAt(s, interrupt());
    }
  }

  /** A sniffer ended by itself: its summary where it printed, then its console's prompt. */
  private static void endedAt(Session s, String summary) {
    s.out.print(summary.stripTrailing());
    s.out.ended();
  }

  private static void print(Output out, String text) {
    for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
      out.print(line);
    }
  }

  private static String summary(Session s) {
    return "\n" + s.received + " packets received by filter\n0 packets dropped by kernel\n";
  }
}
