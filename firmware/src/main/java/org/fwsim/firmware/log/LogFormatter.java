package org.fwsim.firmware.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Renders event log entries in the FortiOS raw format and the `execute log display` page. */
public final class LogFormatter {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private LogFormatter() {}

  /**
   * One raw log line as FortiOS writes it, e.g. {@code date=2025-11-24 time=11:31:35
   * logid="0100022205" type="event" subtype="system" level="information" vd="root" ...}.
   */
  public static String line(LogEntry e, String devname) {
    Instant t = Instant.ofEpochMilli(e.epochMillis());
    StringBuilder sb = new StringBuilder(256);
    sb.append("date=").append(DATE.format(t));
    sb.append(" time=").append(TIME.format(t));
    sb.append(" eventtime=").append(e.epochMillis() / 1000);
    sb.append(" logid=\"").append(e.id().logid()).append('"');
    sb.append(" type=\"").append(e.id().type()).append('"');
    sb.append(" subtype=\"").append(e.id().subtype()).append('"');
    sb.append(" level=\"").append(e.id().level().fortiName()).append('"');
    sb.append(" vd=\"").append(e.vdom()).append('"');
    if (devname != null) {
      sb.append(" devname=\"").append(devname).append('"');
    }
    sb.append(" logdesc=\"").append(e.id().description()).append('"');
    for (LogEntry.Field f : e.fields()) {
      sb.append(' ').append(f.name()).append('=');
      if (f.value() instanceof Number) {
        sb.append(f.value());
      } else {
        sb.append('"').append(String.valueOf(f.value()).replace("\"", "\\\"")).append('"');
      }
    }
    return sb.toString();
  }

  /**
   * The `execute log display` output for the filter: a count of matches, the page the filter
   * selects (newest first), each line numbered from the filter's start line.
   */
  public static String display(List<LogEntry> newestFirst, LogFilter filter, String devname) {
    List<LogEntry> found = newestFirst.stream().filter(filter::matches).toList();
    int from = Math.min(filter.startLine() - 1, found.size());
    int to = Math.min(from + filter.viewLines(), found.size());
    StringBuilder sb = new StringBuilder();
    sb.append(found.size()).append(" logs found.\n");
    sb.append(to - from).append(" logs returned.\n");
    for (int i = from; i < to; i++) {
      sb.append('\n').append(i + 1).append(": ").append(line(found.get(i), devname)).append('\n');
    }
    return sb.toString();
  }

  /** A header field (logid, type, subtype, level, vd, logdesc) or a message field, as text. */
  static String headerOrField(LogEntry e, String name) {
    return switch (name) {
      case "logid" -> e.id().logid();
      case "type" -> e.id().type();
      case "subtype" -> e.id().subtype();
      case "level" -> e.id().level().fortiName();
      case "vd" -> e.vdom();
      case "logdesc" -> e.id().description();
      default -> e.field(name);
    };
  }
}
