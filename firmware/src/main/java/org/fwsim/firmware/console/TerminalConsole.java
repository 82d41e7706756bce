package org.fwsim.firmware.console;

import java.io.IOException;
import java.io.PrintWriter;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The console on a terminal: JLine line editing and history, TAB completion and {@code ?} help from
 * the CLI session, {@code ?} answered at once without Enter, as on FortiOS. Debug lines are printed
 * above the line being edited, whenever they arrive.
 */
public final class TerminalConsole {

  private static final String HELP_WIDGET = "fwsim-help";

  private TerminalConsole() {}

  /** Reads and runs lines until {@code exit} or end of input (Ctrl-D); returns 0. */
  public static int run(ConsoleLink link, Terminal terminal) throws IOException {
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("fwsim")
            .parser(lineParser())
            .completer(
                (r, parsed, candidates) -> {
                  String before = parsed.line().substring(0, parsed.cursor());
                  for (String word : link.complete(before)) {
                    candidates.add(new Candidate(word, word, null, null, null, null, true));
                  }
                })
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is plain text in FortiOS
            .build();
    String[] shownPrompt = {""}; // what the '?' widget reprints before the typed text
    reader.getWidgets().put(HELP_WIDGET, () -> help(reader, link, shownPrompt[0]));
    reader.getKeyMaps().get(LineReader.MAIN).bind(new Reference(HELP_WIDGET), "?");
    link.firmware().setConsoleSink(line -> reader.printAbove(line));
    PrintWriter out = terminal.writer();
    try {
      String prompt = link.prompt();
      shownPrompt[0] = prompt;
      while (true) {
        String line;
        try {
          line = reader.readLine(prompt);
        } catch (UserInterruptException e) {
          // Ctrl-C drops the line being typed and ends a running sniffer.
          out.print(link.interrupt());
          out.flush();
          continue;
        } catch (EndOfFileException e) {
          return 0;
        }
        ConsoleLink.Result r;
        try {
          r = link.execute(line);
        } catch (RuntimeException e) {
          out.println("fwsim: " + e.getMessage());
          out.flush();
          continue;
        }
        String output = r.output();
        // A question such as "Do you want to continue? (y/n)" waits on its own line: JLine
        // redraws the whole input line, so the unfinished line becomes part of the prompt.
        int cut = output.lastIndexOf('\n') + 1;
        out.print(output.substring(0, cut));
        out.flush();
        if (r.loggedOut()) {
          return 0;
        }
        prompt = output.substring(cut) + r.prompt();
        shownPrompt[0] = prompt;
      }
    } finally {
      link.firmware().setConsoleSink(null);
    }
  }

  /**
   * Enter always hands the line over: an open quote (a PEM blob over several lines) is the CLI
   * session's to continue, as FortiOS does, not JLine's.
   */
  private static DefaultParser lineParser() {
    DefaultParser p = new DefaultParser();
    p.setEofOnUnclosedQuote(false);
    p.setEofOnEscapedNewLine(false);
    return p;
  }

  /** {@code ?}: the help for what may follow the text before the cursor; literal inside quotes. */
  private static boolean help(LineReader reader, ConsoleLink link, String prompt) {
    String before = reader.getBuffer().upToCursor();
    if (before.chars().filter(c -> c == '"').count() % 2 == 1) {
      reader.getBuffer().write('?');
      return true;
    }
    String text = link.help(before);
    reader.printAbove(
        prompt + before + "?\n" + (text.isEmpty() ? "command parse error before '?'\n" : text));
    return true;
  }
}
