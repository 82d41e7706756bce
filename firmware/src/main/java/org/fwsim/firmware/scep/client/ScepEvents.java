package org.fwsim.firmware.scep.client;

import java.time.InstantSource;
import java.util.List;
import org.fwsim.firmware.log.EventLog;
import org.fwsim.firmware.log.LogEntry;
import org.fwsim.firmware.log.LogId;

/**
 * The event log records of enrollment outcomes: the system event (22205/22204/22203) and the VPN
 * certificate event (41987/41990), with {@code method} the protocol (SCEP, EST). Field names follow
 * the log reference (fortios.md §5.4); the exact {@code msg} texts for local certificates are not
 * published, so they are fwsim's.
 */
public record ScepEvents(EventLog log, InstantSource clock, String vdom, String method) {

  ScepEvents(EventLog log, InstantSource clock, String vdom) {
    this(log, clock, vdom, "SCEP");
  }

  /** A certificate enrolled ({@code renewal} false) or renewed. */
  public void issued(String name, boolean renewal) {
    append(
        LogId.AUTO_GEN_CERT_SUCC,
        List.of(
            f("name", name),
            f("status", "success"),
            f(
                "msg",
                "Certificate " + name + (renewal ? " renewed" : " enrolled") + " by " + method)));
    append(LogId.VPN_CERT_UPDATE, vpn(name, "success", "N/A", "A certificate is updated"));
  }

  void pending(String name, String transactionId, int polls) {
    append(
        LogId.AUTO_GEN_CERT_PENDING,
        List.of(
            f("name", name),
            f("status", "pending"),
            f(
                "msg",
                "SCEP request " + transactionId + " is pending at the CA (poll " + polls + ")")));
  }

  /** An enrollment or renewal of {@code name} failed for {@code reason}. */
  public void failed(String name, String reason) {
    append(
        LogId.AUTO_GEN_CERT_FAIL,
        List.of(
            f("name", name),
            f("status", "failure"),
            f("msg", method + " request for certificate " + name + " failed: " + reason)));
    append(
        LogId.VPN_CERT_UPDATE_FAILED, vpn(name, "failure", reason, "A certificate update failed"));
  }

  private List<LogEntry.Field> vpn(String name, String status, String reason, String msg) {
    return List.of(
        f("action", "info"),
        f("cert-type", "local"),
        f("status", status),
        f("name", name),
        f("method", method),
        f("reason", reason),
        f("msg", msg));
  }

  private void append(LogId id, List<LogEntry.Field> fields) {
    log.append(new LogEntry(clock.millis(), id, vdom, fields));
  }

  private static LogEntry.Field f(String name, Object value) {
    return new LogEntry.Field(name, value);
  }
}
