package org.fwsim.firmware.scep.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A golden debug trace under {@code src/test/resources}: one expected line per line, {@code #}
 * comments, placeholders {@code <N>} (digits) and {@code <HEX32>} (32 upper-case hex characters)
 * for what differs from run to run (sizes, nonces, ports, transaction ids).
 */
final class GoldenTrace {

  private static final Pattern PLACEHOLDER = Pattern.compile("<N>|<HEX32>");

  private final String name;
  private final List<Pattern> lines = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();

  private GoldenTrace(String name, String content) {
    this.name = name;
    for (String line : content.split("\n", -1)) {
      if (line.startsWith("#") || line.isEmpty()) {
        continue;
      }
      texts.add(line);
      lines.add(toPattern(line));
    }
  }

  static GoldenTrace load(String resource) {
    try (InputStream in = GoldenTrace.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("golden trace " + resource + " not found");
      }
      return new GoldenTrace(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Pattern toPattern(String line) {
    StringBuilder regex = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(line);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(line.substring(last, m.start())));
      regex.append(m.group().equals("<N>") ? "\\d+" : "[0-9A-F]{32}");
      last = m.end();
    }
    regex.append(Pattern.quote(line.substring(last)));
    return Pattern.compile(regex.toString());
  }

  /** Every actual line matches the golden line at the same position, and the counts agree. */
  void assertExactly(List<String> actual) {
    for (int i = 0; i < Math.min(lines.size(), actual.size()); i++) {
      if (!lines.get(i).matcher(actual.get(i)).matches()) {
        fail(
            name
                + " line "
                + (i + 1)
                + ": expected '"
                + texts.get(i)
                + "' but was '"
                + actual.get(i)
                + "'\nwhole trace:\n"
                + String.join("\n", actual));
      }
    }
    assertEquals(
        lines.size(),
        actual.size(),
        () -> name + ": line count differs; trace:\n" + String.join("\n", actual));
  }

  /** The golden lines appear in order among the actual ones (others may come between). */
  void assertInOrder(List<String> actual) {
    int at = 0;
    for (int i = 0; i < lines.size(); i++) {
      while (at < actual.size() && !lines.get(i).matcher(actual.get(at)).matches()) {
        at++;
      }
      if (at == actual.size()) {
        fail(
            name
                + ": no line matching '"
                + texts.get(i)
                + "' (golden line "
                + (i + 1)
                + ") after the previous ones; trace:\n"
                + String.join("\n", actual));
      }
      at++;
    }
  }
}
