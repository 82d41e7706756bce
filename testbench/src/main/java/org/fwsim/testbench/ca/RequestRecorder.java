package org.fwsim.testbench.ca;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.InstantSource;

/** Writes the access-log line and counts the metric for each answered request, in one place. */
record RequestRecorder(InstantSource clock, AccessLog log, CaMetrics metrics) {
  /**
   * A request answered with a CertRep or an HTTP error; {@code messageType} null takes the
   * answer's.
   */
  void answered(
      SocketAddress remote, String method, String operation, String messageType, PkiAnswer a) {
    record(
        new AccessLog.Entry(
            clock.instant(),
            source(remote),
            method,
            operation,
            messageType != null ? messageType : a.messageType(),
            a.transactionId(),
            a.result(),
            a.body().length,
            a.detail()));
  }

  /** A request refused before it was read: no message type, no transaction, no body. */
  void refused(SocketAddress remote, String method, String operation, String status, String why) {
    record(
        new AccessLog.Entry(
            clock.instant(), source(remote), method, operation, null, null, status, 0, why));
  }

  private void record(AccessLog.Entry e) {
    log.add(e);
    metrics.request(e.operation(), e.messageType() == null ? "none" : e.messageType(), e.result());
  }

  void processing(String messageType, java.time.Duration d) {
    metrics.processing(messageType, d);
  }

  static String source(SocketAddress remote) {
    if (remote instanceof InetSocketAddress a) {
      String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
    return String.valueOf(remote);
  }
}
