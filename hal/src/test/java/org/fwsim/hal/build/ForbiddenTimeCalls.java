package org.fwsim.hal.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A build check that finds reads of the real clock and real sleeps in main code, where time must be
 * injected ({@code InstantSource}, {@code SimClock}) so simulations stay virtual and deterministic.
 *
 * <p>Self-contained on purpose (JDK only): the lead copies this file to each module's tests
 * (firmware: {@code org.fwsim.firmware.build}) next to a one-method test like {@link
 * NoWallClockInMainCodeTest}. Comments and string literals are blanked before matching, so Javadoc
 * may name what it forbids.
 */
public final class ForbiddenTimeCalls {

  /** What is forbidden, by the name shown in a finding. */
  public static final Map<String, Pattern> FORBIDDEN =
      Map.ofEntries(
          rule("System.currentTimeMillis()", "\\bSystem\\s*\\.\\s*currentTimeMillis\\s*\\("),
          rule("System.nanoTime()", "\\bSystem\\s*\\.\\s*nanoTime\\s*\\("),
          rule(
              "java.time now()",
              "\\b(Instant|LocalDateTime|LocalDate|LocalTime|ZonedDateTime|OffsetDateTime|OffsetTime"
                  + "|Year|YearMonth|MonthDay)\\s*\\.\\s*now\\s*\\("),
          rule("new Date()", "\\bnew\\s+(java\\s*\\.\\s*util\\s*\\.\\s*)?Date\\s*\\(\\s*\\)"),
          rule("Calendar.getInstance()", "\\bCalendar\\s*\\.\\s*getInstance\\s*\\("),
          rule(
              "system clock",
              "\\b(Clock\\s*\\.\\s*system(UTC|DefaultZone)?|InstantSource\\s*\\.\\s*system)\\s*\\("),
          rule("sleep()", "\\.\\s*sleep\\s*\\("),
          rule(
              "real-time scheduled executor",
              "\\bnewScheduledThreadPool\\s*\\(|\\bnewSingleThreadScheduledExecutor\\s*\\("));

  private ForbiddenTimeCalls() {}

  /**
   * Scans every {@code .java} file under {@code sourceRoot} and returns one finding per forbidden
   * call, as {@code path:line: name: code}; files whose path relative to the root (with '/') is in
   * {@code allowedFiles} are skipped.
   */
  public static List<String> scan(Path sourceRoot, Set<String> allowedFiles) {
    if (!Files.isDirectory(sourceRoot)) {
      throw new IllegalArgumentException(
          "source root is not a directory: " + sourceRoot.toAbsolutePath());
    }
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      List<String> findings = new ArrayList<>();
      for (Path file :
          files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
        String relative = sourceRoot.relativize(file).toString().replace('\\', '/');
        if (!allowedFiles.contains(relative)) {
          findings.addAll(scanSource(relative, Files.readString(file, StandardCharsets.UTF_8)));
        }
      }
      return findings;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan " + sourceRoot, e);
    }
  }

  /** Findings in one file's source text. */
  static List<String> scanSource(String name, String source) {
    String code = blankCommentsAndLiterals(source);
    String[] codeLines = code.split("\n", -1);
    String[] sourceLines = source.split("\n", -1);
    List<String> findings = new ArrayList<>();
    for (int i = 0; i < codeLines.length; i++) {
      for (Map.Entry<String, Pattern> rule : FORBIDDEN.entrySet()) {
        Matcher m = rule.getValue().matcher(codeLines[i]);
        if (m.find()) {
          findings.add(name + ":" + (i + 1) + ": " + rule.getKey() + ": " + sourceLines[i].trim());
        }
      }
    }
    return findings;
  }

  /** Replaces comments, string, text-block and char literals by spaces, keeping line breaks. */
  static String blankCommentsAndLiterals(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        while (i < n && source.charAt(i) != '\n') {
          out.append(' ');
          i++;
        }
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = blank(source, out, i, end < 0 ? n : end + 2);
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        i = blank(source, out, i, end < 0 ? n : end + 3);
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        i = blank(source, out, i, Math.min(n, j + 1));
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int blank(String source, StringBuilder out, int from, int to) {
    for (int k = from; k < to; k++) {
      out.append(source.charAt(k) == '\n' ? '\n' : ' ');
    }
    return to;
  }

  private static Map.Entry<String, Pattern> rule(String name, String regex) {
    return Map.entry(name, Pattern.compile(regex));
  }
}
