package org.fwsim.firmware.cmp;

import java.time.InstantSource;
import java.util.List;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;

/**
 * The event log records of CMP enrollments and renewals: the same ids as SCEP's (22205 and 22203,
 * then 41987 and 41990 with {@code method="CMPV2"}, as forticron logs a CMP renewal); the {@code
 * msg} texts for CMP are not published (fortios.md §5.4), so they are fwsim's.
 */
record CmpEvents(EventLog log, InstantSource clock) {

  void issued(String vdom, String name, CmpEnrollment.Kind kind, String serial) {
    append(
        vdom,
        LogId.AUTO_GEN_CERT_SUCC,
        List.of(
            f("name", name),
            f("status", "success"),
            f(
                "msg",
                "Certificate "
                    + name
                    + (kind == CmpEnrollment.Kind.IR ? " enrolled" : " renewed")
                    + " by CMPv2 "
                    + kind.rfcName()
                    + ", serial "
                    + serial)));
    append(vdom, LogId.VPN_CERT_UPDATE, vpn(name, "success", "N/A", "A certificate is updated"));
  }

  void failed(String vdom, String name, CmpEnrollment.Kind kind, String reason) {
    append(
        vdom,
        LogId.AUTO_GEN_CERT_FAIL,
        List.of(
            f("name", name),
            f("status", "failure"),
            f(
                "msg",
                "CMPv2 " + kind.rfcName() + " for certificate " + name + " failed: " + reason)));
    append(
        vdom,
        LogId.VPN_CERT_UPDATE_FAILED,
        vpn(name, "failure", reason, "A certificate update failed"));
  }

  private static List<LogEntry.Field> vpn(String name, String status, String reason, String msg) {
    return List.of(
        f("action", "info"),
        f("cert-type", "local"),
        f("status", status),
        f("name", name),
        f("method", "CMPV2"),
        f("reason", reason),
        f("msg", msg));
  }

  private void append(String vdom, LogId id, List<LogEntry.Field> fields) {
    log.append(new LogEntry(clock.millis(), id, vdom, fields));
  }

  private static LogEntry.Field f(String name, Object value) {
    return new LogEntry.Field(name, value);
  }
}
