package org.fwsim.firmware.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * FortiOS's {@code | grep} after a command: {@code show system interface | grep -f port1}. Options
 * {@code -i} (ignore case), {@code -v} (lines that do not match), {@code -n} (line numbers), {@code
 * -c} (count only), {@code -A/-B/-C N} (lines after, before, around) and {@code -f} (each match
 * with the {@code config}/{@code edit} blocks around it, as FortiOS prints it to show where a
 * setting lives). The pattern is a regular expression. No IO: text in, text out.
 *
 * @param invert {@code -v}
 * @param numbers {@code -n}
 * @param count {@code -c}
 * @param context {@code -f}
 * @param after lines after each match ({@code -A}, {@code -C})
 * @param before lines before each match ({@code -B}, {@code -C})
 */
public record OutputGrep(
    Pattern pattern,
    boolean invert,
    boolean numbers,
    boolean count,
    boolean context,
    int after,
    int before) {

  /** A command line split at its {@code | grep}: the command, and the filter or why it is bad. */
  public record Piped(String command, OutputGrep grep, String error) {}

  /** The line split at an unquoted {@code | grep ...}, or null when it has none. */
  public static Piped split(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\') {
        i++;
      } else if (c == '|' && !quoted) {
        String rest = line.substring(i + 1).strip();
        if (rest.equals("grep") || rest.startsWith("grep ")) {
          String command = line.substring(0, i).strip();
          try {
            return new Piped(command, parse(words(rest)), null);
          } catch (IllegalArgumentException e) {
            return new Piped(command, null, e.getMessage());
          }
        }
      }
    }
    return null;
  }

  /** Words as the CLI splits them: at blanks, except inside double quotes. */
  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (c == '\\' && i + 1 < text.length()) {
        w.append(text.charAt(++i));
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any || w.length() > 0) {
          out.add(w.toString());
        }
        w.setLength(0);
        any = false;
      } else {
        w.append(c);
      }
    }
    if (any || w.length() > 0) {
      out.add(w.toString());
    }
    return out;
  }

  private static OutputGrep parse(List<String> words) {
    boolean ignoreCase = false;
    boolean invert = false;
    boolean numbers = false;
    boolean count = false;
    boolean context = false;
    int after = 0;
    int before = 0;
    String pattern = null;
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i);
      if (pattern == null && w.startsWith("-") && w.length() > 1) {
        for (int k = 1; k < w.length(); k++) {
          switch (w.charAt(k)) {
            case 'i' -> ignoreCase = true;
            case 'v' -> invert = true;
            case 'n' -> numbers = true;
            case 'c' -> count = true;
            case 'f' -> context = true;
            case 'A', 'B', 'C' -> {
              int n = number(words, ++i);
              char o = w.charAt(k);
              after = o == 'B' ? after : n;
              before = o == 'A' ? before : n;
            }
            default ->
                throw new IllegalArgumentException("grep: invalid option -- '" + w.charAt(k) + "'");
          }
        }
      } else if (pattern == null) {
        pattern = w;
      } else {
        throw new IllegalArgumentException("grep: one pattern only");
      }
    }
    if (pattern == null) {
      throw new IllegalArgumentException("Usage: grep [-invfcABC] PATTERN");
    }
    try {
      return new OutputGrep(
          Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE : 0),
          invert,
          numbers,
          count,
          context,
          after,
          before);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("grep: invalid pattern: " + pattern);
    }
  }

  private static int number(List<String> words, int i) {
    try {
      return Integer.parseInt(words.get(i));
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      throw new IllegalArgumentException("grep: a line count is needed after -A, -B or -C");
    }
  }

  /** The lines of {@code output} the filter keeps. */
  public String apply(String output) {
    List<String> lines = output.lines().toList();
    boolean[] hit = new boolean[lines.size()];
    int hits = 0;
    for (int i = 0; i < lines.size(); i++) {
      hit[i] = pattern.matcher(lines.get(i)).find() != invert;
      hits += hit[i] ? 1 : 0;
    }
    if (count) {
      return hits + "\n";
    }
    boolean[] shown = context ? withBlocks(lines, hit) : hit.clone();
    for (int i = 0; i < lines.size(); i++) {
      if (hit[i]) {
        for (int k = Math.max(0, i - before); k <= Math.min(lines.size() - 1, i + after); k++) {
          shown[k] = true;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (shown[i]) {
        out.append(numbers ? (i + 1) + ":" : "").append(lines.get(i)).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The matching lines with every {@code config}/{@code edit} line that opens a block around them
   * and the {@code next}/{@code end} that closes it.
   */
  private static boolean[] withBlocks(List<String> lines, boolean[] hit) {
    boolean[] shown = hit.clone();
    Deque<Integer> open = new ArrayDeque<>();
    List<Integer> openedShown = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).strip();
      if (t.startsWith("config ") || t.startsWith("edit ")) {
        open.push(i);
      } else if ((t.equals("next") || t.equals("end")) && !open.isEmpty()) {
        int opener = open.pop();
        if (shown[opener]) {
          shown[i] = true;
        }
        continue;
      }
      if (hit[i]) {
        openedShown.clear();
        openedShown.addAll(open);
        for (int k : openedShown) {
          shown[k] = true;
        }
      }
    }
    return shown;
  }
}
