package org.fwsim.firmware.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one command line into words as FortiOS does: blanks separate words, double or single
 * quotes group a word (which may span lines, for PEM blobs), a backslash escapes the next character
 * inside and outside quotes.
 */
final class CliLexer {
  private CliLexer() {}

  /** The words of a line, and whether it ended inside an open quote (more lines follow). */
  record Tokens(List<String> words, boolean openQuote, boolean trailingBlank) {}

  static Tokens tokenize(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
        inWord = true;
      } else if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        if (inWord) {
          words.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(cur.toString());
    }
    boolean trailingBlank =
        !line.isEmpty()
            && (line.charAt(line.length() - 1) == ' ' || line.charAt(line.length() - 1) == '\t')
            && quote == 0;
    return new Tokens(words, quote != 0, trailingBlank);
  }
}
