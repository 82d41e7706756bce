package org.fwsim.firmware.log;

import java.util.List;
import java.util.Objects;

/**
 * One event log record: when (virtual epoch millis), which message, which VDOM, and the
 * message-specific fields in the order they are printed.
 */
public record LogEntry(long epochMillis, LogId id, String vdom, List<Field> fields) {

  public LogEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vdom, "vdom");
    fields = List.copyOf(fields);
  }

  /** A `name=value` pair; numbers print bare, text quoted. */
  public record Field(String name, Object value) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /** The value of the field named {@code name}, as text, or null when absent. */
  public String field(String name) {
    for (Field f : fields) {
      if (f.name().equals(name)) {
        return String.valueOf(f.value());
      }
    }
    return null;
  }
}
