package org.fwsim.firmware.log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of `execute log filter`: category, field matches, and the page to show
 * (`start-line`, `view-lines`). Immutable; each command returns a new filter.
 */
public record LogFilter(String category, Map<String, String> fields, int startLine, int viewLines) {

  /** FortiOS shows ten lines from the first unless told otherwise. */
  public static final LogFilter DEFAULT = new LogFilter("event", Map.of(), 1, 10);

  public LogFilter {
    Objects.requireNonNull(category, "category");
    fields = Map.copyOf(fields);
    if (startLine < 1) {
      throw new IllegalArgumentException("start-line must be at least 1, got " + startLine);
    }
    if (viewLines < 5 || viewLines > 1000) {
      // FortiOS accepts 5 to 1000 lines per page.
      throw new IllegalArgumentException("view-lines must be between 5 and 1000, got " + viewLines);
    }
  }

  public LogFilter withCategory(String c) {
    return new LogFilter(c, fields, startLine, viewLines);
  }

  public LogFilter withField(String name, String value) {
    Map<String, String> f = new LinkedHashMap<>(fields);
    f.put(name, value);
    return new LogFilter(category, f, startLine, viewLines);
  }

  public LogFilter withStartLine(int n) {
    return new LogFilter(category, fields, n, viewLines);
  }

  public LogFilter withViewLines(int n) {
    return new LogFilter(category, fields, startLine, n);
  }

  /** True when the entry is in the category and every field filter matches. */
  public boolean matches(LogEntry e) {
    if (!category.equals(e.id().type())) {
      return false;
    }
    for (Map.Entry<String, String> f : fields.entrySet()) {
      if (!f.getValue().equals(LogFormatter.headerOrField(e, f.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
