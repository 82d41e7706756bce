package org.fwsim.firmware.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The console when stdin is not a terminal: reads commands line by line and prints the transcript a
 * terminal would show (prompt, the line echoed with password values masked, the output, debug lines
 * as they came; a line {@code ^C} is Ctrl-C). Before each line it waits until the simulation is
 * quiet, and at end of input for work the commands started, both up to a limit; then it ends.
 */
public final class ScriptConsole {

  private ScriptConsole() {}

  /**
   * Runs every line of {@code in} and returns the exit status: 0 at the end of input (FortiOS
   * errors are output, not failures), also when the wait for started work timed out (a line says
   * so); 1 when the appliance stopped answering a command within the link's timeout.
   *
   * @param settle how long to wait at the end for work in flight (an enrollment)
   */
  public static int run(ConsoleLink link, BufferedReader in, PrintStream out, Duration settle)
      throws IOException {
    ConsoleOutput debug = new ConsoleOutput();
    link.firmware().setConsoleSink(debug);
    try {
      String prompt;
      try {
        prompt = link.prompt();
      } catch (RuntimeException e) {
        out.println("fwsim: " + e.getMessage());
        out.flush();
        return 1;
      }
      String line;
      while ((line = in.readLine()) != null) {
        // A person at a terminal sees the work the last command started reach its wait (a
        // request the CA holds PENDING, the probe rounds a clock jump made due) before typing the
        // next line; a script gets the same order.
        link.awaitQuiet(settle);
        debug.drainTo(out::println);
        if (line.strip().equals("^C")) {
          // A script's Ctrl-C: ends a running sniffer as the key does at a terminal.
          out.print(prompt + line + "\n" + link.interrupt());
          out.flush();
          continue;
        }
        ConsoleLink.Result r;
        try {
          r = link.execute(line);
        } catch (RuntimeException e) {
          // The appliance did not answer (stuck or failed): the simulator, not the script, is at
          // fault, so say so and stop with a failure status.
          out.print(prompt + line + "\n");
          out.println("fwsim: " + e.getMessage());
          debug.drainTo(out::println);
          out.flush();
          return 1;
        }
        out.print(prompt + r.echo() + "\n");
        out.print(r.output());
        debug.drainTo(out::println);
        out.flush();
        if (r.loggedOut()) {
          return 0;
        }
        prompt = r.prompt();
      }
      // The timers the last lines made due (a clock jump's renewal) start their work first.
      // Either wait may run out (a starved host, a CA that never answers): say so rather than end
      // as if the work had been seen through.
      boolean quiet = link.awaitQuiet(settle);
      boolean idle = link.awaitIdle(settle);
      // The debug lines of the wait first, as a terminal shows them when they come; the console's
      // remark after them, wherever the commands' pumping had got the work to.
      debug.drainTo(out::println);
      if (!idle || !quiet) {
        out.println("fwsim: work still in flight after " + shown(settle) + "; leaving it");
      }
      out.flush();
      return 0;
    } finally {
      link.firmware().setConsoleSink(null);
    }
  }

  /** A settle as the console says it: whole seconds, or milliseconds below one ("200 ms"). */
  static String shown(Duration settle) {
    return settle.toMillis() < 1000 ? settle.toMillis() + " ms" : settle.toSeconds() + "s";
  }
}
