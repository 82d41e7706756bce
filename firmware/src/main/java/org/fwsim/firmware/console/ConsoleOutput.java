package org.fwsim.firmware.console;

import java.util.function.Consumer;
import org.fwsim.firmware.debug.DebugSink;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * Debug lines on their way to a scripted console: any thread offers (the mailbox, event loops), the
 * console thread drains between commands, so trace lines never cut into a command's echo or output
 * and the transcript stays in one order.
 */
final class ConsoleOutput implements DebugSink {
  private final MpscUnboundedXaddArrayQueue<String> lines = new MpscUnboundedXaddArrayQueue<>(256);

  @Override
  public void println(String line) {
    lines.offer(line);
  }

  /** Hands every queued line to {@code out}, oldest first. Console thread only. */
  int drainTo(Consumer<String> out) {
    return lines.drain(out::accept);
  }
}
