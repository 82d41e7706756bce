package org.fwsim.firmware.cmp;

import java.security.cert.X509Certificate;
import java.time.Duration;
import org.fwsim.firmware.debug.Trace;

/**
 * The lines of {@code diagnose debug application cmp -1}. FortiOS's reference is silent about its
 * CMP client's debug output, so these lines are fwsim's own, in forticron's {@code func()-N:}
 * shape, one per protocol step. Never prints the shared secret.
 */
record CmpTrace(Trace trace) {

  void start(CmpEnrollment e, String tx) {
    trace.line(
        "cmp_new_transaction",
        112,
        "cert %s: %s to %s, transaction %s, %s",
        e.certificate(),
        e.kind().rfcName(),
        e.server(),
        tx,
        e.mac() != null
            ? "MAC with the shared secret of ref " + e.mac().reference()
            : "signed by serial " + e.current().certificate().getSerialNumber().toString(16));
  }

  void egress(String egress) {
    trace.line("cmp_bind_interface", 140, "%s", egress);
  }

  void send(String body, int bytes) {
    trace.line("cmp_send_msg", 205, "sending %s, %d bytes", body, bytes);
  }

  void received(String body, int bytes) {
    trace.line("cmp_recv_msg", 251, "received %s, %d bytes", body, bytes);
  }

  void issued(X509Certificate cert, boolean implicitConfirm) {
    trace.line(
        "cmp_check_cert",
        318,
        "certificate serial %s for %s, valid to %s%s",
        cert.getSerialNumber().toString(16),
        cert.getSubjectX500Principal().getName(),
        cert.getNotAfter().toInstant(),
        implicitConfirm ? ", implicit confirmation granted" : "");
  }

  void waiting(Duration after, String reason) {
    trace.line(
        "cmp_poll",
        290,
        "CA holds the request%s: pollReq in %d s",
        reason.isEmpty() ? "" : " (" + reason + ")",
        after.toSeconds());
  }

  void rejected(String failInfo, String text) {
    trace.line("cmp_recv_error", 277, "rejected: failInfo %s \"%s\"", failInfo, text);
  }

  void failed(String reason) {
    trace.line("cmp_transaction_done", 402, "failed: %s", reason);
  }

  void done(String tx) {
    trace.line("cmp_transaction_done", 398, "transaction %s complete", tx);
  }
}
