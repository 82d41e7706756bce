package org.fwsim.firmware.console;

import java.io.IOException;
import java.io.PrintWriter;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The console on a terminal: JLine line editing and history, TAB completion and {@code ?} help
 * from the CLI session, {@code ?} answered at once without Enter, as on FortiOS. Debug lines
 * are printed above the line being edited, whenever they arrive.
 */
public final class TerminalConsole {

  private static final String HELP_WIDGET = "fwsim-help";

  private TerminalConsole() {}

  /** Reads and runs lines until {@code exit} or end of input (Ctrl-D); returns 0. */
  public static int run(ConsoleLink link, Terminal terminal) throws IOException {
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("fwsim")
        .completer((r, parsed, candidates) -> {
          String before = parsed.line().substring(0, parsed.cursor());
          for (String word : link.complete(before)) {
            candidates.add(new Candidate(word, word, null, null, null, null, true));
          }
        })
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is plain text in FortiOS
        .build();
    reader.getWidgets().put(HELP_WIDGET, () -> help(reader, link));
    reader.getKeyMaps().get(LineReader.MAIN).bind(new Reference(HELP_WIDGET), "?");
    link.firmware().setConsoleSink(line -> reader.printAbove(line));
    PrintWriter out = terminal.writer();
    try {
      String prompt = link.prompt();
      while (true) {
        String line;
        try {
          line = reader.readLine(prompt);
        } catch (UserInterruptException e) {
          continue; // Ctrl-C drops the line being typed
        } catch (EndOfFileException e) {
          return 0;
        }
        ConsoleLink.Result r = link.execute(line);
        out.print(r.output());
        out.flush();
        if (r.loggedOut()) {
          return 0;
        }
        prompt = r.prompt();
      }
    } finally {
      link.firmware().setConsoleSink(null);
    }
  }

  /** {@code ?}: the help for what may follow the text before the cursor; literal inside quotes. */
  private static boolean help(LineReader reader, ConsoleLink link) {
    String before = reader.getBuffer().upToCursor();
    if (before.chars().filter(c -> c == '"').count() % 2 == 1) {
      reader.getBuffer().write('?');
      return true;
    }
    String text = link.help(before);
    reader.printAbove(before + "?\n" + (text.isEmpty() ? "command parse error before '?'\n" : text));
    return true;
  }
}
