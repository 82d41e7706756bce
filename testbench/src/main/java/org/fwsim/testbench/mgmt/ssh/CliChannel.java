package org.fwsim.testbench.mgmt.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AsyncCommand;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.admin.AdminLogin;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.console.ConsoleLink;
import org.fwsim.firmware.sniffer.PacketSniffer;

/**
 * One SSH channel on an appliance's CLI: an exec request (its lines run one after the other) or an
 * interactive shell with FortiOS prompts, line editing on a terminal, and paging when {@code config
 * system console} says {@code set output more}. Each line enters the appliance through its mailbox
 * on the console's engine ({@link ConsoleLink#submit}); nothing here blocks a thread: reads, the
 * appliance's answers and writes continue one another.
 */
final class CliChannel implements AsyncCommand {

  private static final String MORE = "--More-- ";
  private static final String MORE_ERASE = "\r" + " ".repeat(MORE.length()) + "\r";

  private final SshDevice device;
  private final AdminLogin login;
  private final String command;
  private IoInputStream in;
  private IoOutputStream out;
  private ExitCallback exit;
  private ConsoleLink link;
  private boolean terminal;
  private int rows = 24;

  /** What was typed since the last Enter. IO thread only (one read outstanding at a time). */
  private final StringBuilder typed = new StringBuilder();

  private final ArrayDeque<String> pendingLines = new ArrayDeque<>();
  private boolean lastWasCr;

  /** Lines of output still to show while paging; null when not paging. */
  private ArrayDeque<String> paged;

  private String promptAfterPaging;
  private volatile boolean closed;

  /** Output already written or queued: MINA takes one write at a time, in order. */
  private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);

  /**
   * While this channel's {@code diagnose sniffer packet} runs the CLI is busy, as FortiOS's is: its
   * lines come as packets pass, Ctrl-C (a 0x03 byte, or the channel's INT signal) ends it.
   */
  private final AtomicBoolean sniffing = new AtomicBoolean();

  /** Completes when this channel's sniffer ends; an exec request waits for it. */
  private volatile CompletableFuture<Void> sniffDone = CompletableFuture.completedFuture(null);

  private final PacketSniffer.Output sniffer =
      new PacketSniffer.Output() {
        @Override
        public void print(String line) {
          write(line + "\n");
        }

        @Override
        public void started() {
          sniffDone = new CompletableFuture<>();
          sniffing.set(true);
        }

        @Override
        public void ended() {
          snifferEnded("");
        }
      };

  /**
   * @param login the session's accepted login; an administrator of VDOM scope is confined to its
   *     VDOMs
   * @param command the exec request, or null for a shell
   */
  CliChannel(SshDevice device, AdminLogin login, String command) {
    this.device = device;
    this.login = login;
    this.command = command;
  }

  @Override
  public void setIoInputStream(IoInputStream in) {
    this.in = in;
  }

  @Override
  public void setIoOutputStream(IoOutputStream out) {
    this.out = out;
  }

  @Override
  public void setIoErrorStream(IoOutputStream err) {
    // FortiOS writes errors to the same stream as output.
  }

  @Override
  public void setInputStream(InputStream in) {}

  @Override
  public void setOutputStream(OutputStream out) {}

  @Override
  public void setErrorStream(OutputStream err) {}

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    // A pty request names the terminal; its modes may be empty (paramiko's are, ssh -tt's without
    // a local terminal too) and FortiOS pages those sessions all the same.
    String term = env.getEnv().get(Environment.ENV_TERM);
    terminal = term != null && !term.isEmpty();
    try {
      rows = Math.max(2, Integer.parseInt(env.getEnv().getOrDefault(Environment.ENV_LINES, "24")));
    } catch (NumberFormatException e) {
      rows = 24;
    }
    env.addSignalListener((ch, signal) -> interruptSniffer(), Signal.INT);
    Firmware fw = device.firmware();
    ConsoleLink.openLater(fw, SshPlane.COMMAND_TIMEOUT)
        .thenCompose(this::confined)
        .thenAccept(
            l -> {
              link = l;
              if (command != null) {
                runExec(new ArrayDeque<>(Arrays.asList(command.split("\r?\n"))));
              } else {
                l.promptLater().thenCompose(this::write).thenRun(this::readMore);
              }
            })
        .exceptionally(this::fail);
  }

  /** The console confined to the administrator's VDOMs unless its profile has global scope. */
  private CompletableFuture<ConsoleLink> confined(ConsoleLink l) {
    return device
        .firmware()
        .appliance()
        .call(
            () -> {
              l.printSnifferTo(sniffer);
              if (login != null && !login.profile().global()) {
                l.restrictTo(login.vdoms());
              }
              return l;
            });
  }

  @Override
  public void destroy(ChannelSession channel) {
    closed = true;
    if (sniffing.get() && link != null) {
      link.interruptLater(sniffer); // nobody reads its lines any more
    }
  }

  // ------------------------------------------------------------------ exec

  private void runExec(ArrayDeque<String> lines) {
    String line = lines.poll();
    if (line == null || closed) {
      finish(0);
      return;
    }
    link.submit(line)
        .thenCompose(r -> write(r.output()).thenApply(v -> r))
        .thenCompose(r -> sniffing.get() ? readMore(r) : CompletableFuture.completedFuture(r))
        .thenAccept(
            r -> {
              if (r.loggedOut() || r.rebooted()) {
                finish(0); // a restore reboots FortiOS: its SSH sessions end
              } else {
                runExec(lines);
              }
            })
        .exceptionally(this::fail);
  }

  /** Reads (for Ctrl-C) until this exec line's sniffer ends; then {@code r}. */
  private <T> CompletableFuture<T> readMore(T r) {
    CompletableFuture<Void> done = sniffDone;
    readMore();
    return done.thenApply(v -> r);
  }

  // ------------------------------------------------------------------ sniffer

  /** Ctrl-C: ends this channel's sniffer with its summary, then the prompt (a shell). */
  private void interruptSniffer() {
    if (!sniffing.get() || link == null) {
      return;
    }
    link.interruptLater(sniffer).thenAccept(this::snifferEnded).exceptionally(this::fail);
  }

  /** The sniffer ended (by itself, or Ctrl-C with {@code summary}): the CLI answers again. */
  private void snifferEnded(String summary) {
    if (!sniffing.compareAndSet(true, false)) {
      return; // the other way of ending came first
    }
    CompletableFuture<Void> shown =
        command != null
            ? write(summary)
            : link.promptLater().thenCompose(prompt -> write(summary + prompt));
    shown.whenComplete((v, e) -> sniffDone.complete(null));
  }

  // ------------------------------------------------------------------ shell

  private void readMore() {
    if (closed) {
      return;
    }
    ByteArrayBuffer buf = new ByteArrayBuffer(512);
    in.read(buf)
        .addListener(
            f -> {
              if (f.getException() != null || f.getRead() < 0) {
                if (command == null) {
                  finish(0); // end of input: the client closed its side
                } // an exec request read only for Ctrl-C: its lines go on
                return;
              }
              byte[] data = Arrays.copyOf(f.getBuffer().array(), f.getBuffer().available());
              f.getBuffer().rpos(f.getBuffer().wpos());
              received(new String(data, StandardCharsets.UTF_8));
            });
  }

  private void received(String chars) {
    if (sniffing.get() || command != null) {
      // The sniffer has the terminal: only Ctrl-C counts, and an exec request reads only for it.
      if (chars.indexOf(0x03) >= 0) {
        interruptSniffer();
        sniffDone.thenRun(() -> continueReading()); // the prompt is shown by then
      } else if (sniffing.get()) {
        readMore();
      }
      return;
    }
    if (paged != null) {
      pageKey(chars.isEmpty() ? ' ' : chars.charAt(0));
      return;
    }
    StringBuilder echo = new StringBuilder();
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      boolean wasCr = lastWasCr;
      lastWasCr = c == '\r';
      if (c == '\n' && wasCr) {
        continue; // CR LF is one Enter
      }
      if (c == '\r' || c == '\n') {
        pendingLines.add(typed.toString());
        typed.setLength(0);
        echo.append(terminal ? "\r\n" : "");
      } else if (c == 0x7f || c == 0x08) {
        if (typed.length() > 0) {
          typed.setLength(typed.length() - 1);
          echo.append(terminal ? "\b \b" : "");
        }
      } else if (c == 0x03) {
        typed.setLength(0); // Ctrl-C drops the line being typed
        echo.append(terminal ? "^C\r\n" : "");
      } else if (c == 0x04 && typed.length() == 0) {
        finish(0);
        return;
      } else if (c >= ' ') {
        typed.append(c);
        echo.append(terminal ? String.valueOf(c) : "");
      }
    }
    write(echo.toString()).thenRun(this::nextLine);
  }

  /** After a sniffer: a shell reads the next line, an exec request goes on with its lines. */
  private void continueReading() {
    if (command == null) {
      readMore();
    }
  }

  /** Runs the next complete line, or reads more when there is none. */
  private void nextLine() {
    String line = pendingLines.poll();
    if (line == null) {
      readMore();
      return;
    }
    link.submit(line)
        .thenCompose(
            r -> {
              if (r.loggedOut()) {
                finish(0);
                return CompletableFuture.completedFuture(null);
              }
              if (r.rebooted()) {
                // A restore reboots FortiOS: the session ends once the notice is out.
                return write(r.output()).thenRun(() -> finish(0));
              }
              if (sniffing.get()) { // the prompt comes when the sniffer ends
                return write(r.output()).thenRun(this::readMore);
              }
              return show(r.output(), r.prompt());
            })
        .exceptionally(this::fail);
  }

  /** Writes output and the prompt, a page at a time when the appliance pages. */
  private CompletableFuture<Void> show(String output, String prompt) {
    List<String> lines = output.lines().toList();
    if (!terminal || lines.size() < rows) {
      return write(output + prompt).thenRun(this::nextLine);
    }
    return device
        .firmware()
        .appliance()
        .call(() -> outputMore(device.firmware()))
        .thenCompose(
            more -> {
              if (!more) {
                return write(output + prompt).thenRun(this::nextLine);
              }
              paged = new ArrayDeque<>(lines);
              promptAfterPaging = prompt;
              return writePage(rows - 1);
            });
  }

  private CompletableFuture<Void> writePage(int count) {
    StringBuilder page = new StringBuilder();
    for (int i = 0; i < count && !paged.isEmpty(); i++) {
      page.append(paged.poll()).append('\n');
    }
    if (paged.isEmpty()) {
      paged = null;
      return write(page + promptAfterPaging).thenRun(this::nextLine);
    }
    return write(page + MORE).thenRun(this::readMore);
  }

  /** A key at {@code --More--}: space a page, Enter a line, {@code q} the rest away. */
  private void pageKey(char key) {
    CompletableFuture<Void> next;
    if (key == 'q' || key == 'Q') {
      paged = null;
      next = write(MORE_ERASE + promptAfterPaging).thenRun(this::nextLine);
    } else {
      next =
          write(MORE_ERASE).thenCompose(v -> writePage(key == '\r' || key == '\n' ? 1 : rows - 1));
    }
    next.exceptionally(this::fail);
  }

  /** Whether {@code config system console} has {@code set output more}. Mailbox only. */
  static boolean outputMore(Firmware fw) {
    try {
      ConfigObject console = fw.config().global().singleton("system console");
      return "more".equals(console.text("output"));
    } catch (IllegalArgumentException noSuchTable) {
      return false; // a schema without `system console` does not page
    }
  }

  // ------------------------------------------------------------------ output

  /** Queues {@code text} after what is being written; completes when it is written. */
  private synchronized CompletableFuture<Void> write(String text) {
    if (text.isEmpty() || closed) {
      return writes.handle((v, e) -> null);
    }
    writes = writes.handle((v, e) -> null).thenCompose(v -> writeNow(text));
    return writes;
  }

  private CompletableFuture<Void> writeNow(String text) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.complete(null);
      return done;
    }
    String wire = terminal ? text.replace("\r\n", "\n").replace("\n", "\r\n") : text;
    try {
      out.writeBuffer(new ByteArrayBuffer(wire.getBytes(StandardCharsets.UTF_8)))
          .addListener(
              f -> {
                if (f.getException() != null) {
                  done.completeExceptionally(f.getException());
                } else {
                  done.complete(null);
                }
              });
    } catch (IOException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  private Void fail(Throwable t) {
    if (!closed) {
      String why = t.getCause() != null ? t.getCause().getMessage() : t.getMessage();
      write("fwsim: " + why + "\n").whenComplete((v, e) -> finish(1));
    }
    return null;
  }

  private void finish(int status) {
    if (closed) {
      return;
    }
    closed = true;
    exit.onExit(status);
  }
}
