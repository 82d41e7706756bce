package org.fwsim.firmware.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fwsim.hal.testing.TestThread;
import org.junit.jupiter.api.Test;

class EventLogTest {

  private static final long T0 = Instant.parse("2025-11-24T11:31:35Z").toEpochMilli();

  private static LogEntry entry(int i) {
    return new LogEntry(
        T0 + i * 1000L,
        LogId.AUTO_GEN_CERT_SUCC,
        "root",
        List.of(new LogEntry.Field("name", "cert" + i), new LogEntry.Field("seq", i)));
  }

  @Test
  void keepsNewestFirstAndDropsBeyondCapacity() {
    EventLog log = new EventLog(5);
    for (int i = 0; i < 23; i++) {
      log.append(entry(i));
    }
    List<LogEntry> e = log.entries();
    assertEquals(5, e.size());
    assertEquals("cert22", e.get(0).field("name"));
    assertEquals("cert18", e.get(4).field("name"));
  }

  @Test
  void logidEncodesTypeSubtypeAndMessage() {
    assertEquals("0100022200", LogId.AUTO_UPT_CERT.logid());
    assertEquals("0101041987", LogId.VPN_CERT_UPDATE.logid());
    assertEquals("0101041990", LogId.VPN_CERT_UPDATE_FAILED.logid());
  }

  @Test
  void lineHasFortiOsShape() {
    String line = LogFormatter.line(entry(0), "FGVM01");
    assertEquals(
        "date=2025-11-24 time=11:31:35 eventtime=1763983895 logid=\"0100022205\" type=\"event\""
            + " subtype=\"system\" level=\"information\" vd=\"root\" devname=\"FGVM01\""
            + " logdesc=\"Certificate succeed to auto-generate\" name=\"cert0\" seq=0",
        line);
  }

  @Test
  void displayPagesAndFilters() {
    EventLog log = new EventLog();
    for (int i = 0; i < 12; i++) {
      log.append(entry(i));
    }
    log.append(
        new LogEntry(
            T0, LogId.VPN_CERT_UPDATE_FAILED, "vdom1", List.of(new LogEntry.Field("name", "x"))));

    String page = LogFormatter.display(log.entries(), LogFilter.DEFAULT, null);
    assertTrue(page.startsWith("13 logs found.\n10 logs returned.\n"), page);
    assertTrue(page.contains("\n1: date="), page);
    assertTrue(page.contains("logid=\"0101041990\""), "newest first: " + page);

    String vpnOnly =
        LogFormatter.display(log.entries(), LogFilter.DEFAULT.withField("subtype", "vpn"), null);
    assertTrue(vpnOnly.startsWith("1 logs found.\n1 logs returned.\n"), vpnOnly);

    String second = LogFormatter.display(log.entries(), LogFilter.DEFAULT.withStartLine(11), null);
    assertTrue(second.startsWith("13 logs found.\n3 logs returned.\n"), second);
    assertTrue(second.contains("\n11: "), second);

    String none =
        LogFormatter.display(log.entries(), LogFilter.DEFAULT.withCategory("traffic"), null);
    assertEquals("0 logs found.\n0 logs returned.\n", none);
  }

  @Test
  void badFilterValuesAreRefusedWithAReason() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LogFilter.DEFAULT.withViewLines(2));
    assertTrue(e.getMessage().contains("view-lines"));
    assertThrows(IllegalArgumentException.class, () -> LogFilter.DEFAULT.withStartLine(0));
    assertThrows(IllegalArgumentException.class, () -> new EventLog(0));
  }

  @Test
  void readersSeeConsistentListsWhileTheOwnerAppends() throws Exception {
    EventLog log = new EventLog(64);
    // Whatever goes wrong on the reader (a wrong sequence, a size, an exception from a torn list)
    // fails the test at join().
    TestThread reader =
        TestThread.start(
            "event-log-reader",
            () -> {
              for (int r = 0; r < 20_000; r++) {
                List<LogEntry> e = log.entries();
                assertTrue(e.size() <= 64, () -> "a reader saw " + e.size() + " entries");
                for (int i = 1; i < e.size(); i++) {
                  // Newest first: sequence numbers strictly decrease by one.
                  long a = (Integer) e.get(i - 1).fields().get(1).value();
                  long b = (Integer) e.get(i).fields().get(1).value();
                  assertEquals(b + 1, a, "a reader saw a torn log at " + i);
                }
              }
            });
    for (int i = 0; i < 200_000; i++) {
      log.append(entry(i));
    }
    reader.join(Duration.ofSeconds(60));
  }
}
