package org.fwsim.testbench.ca;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.InstantSource;

/** Writes the access-log line and counts the metric for each answered request, in one place. */
record RequestRecorder(InstantSource clock, AccessLog log, CaMetrics metrics) {
  void record(
      SocketAddress remote,
      String method,
      String operation,
      String messageType,
      String transactionId,
      String result,
      int bytes,
      String detail) {
    log.add(
        new AccessLog.Entry(
            clock.instant(),
            source(remote),
            method,
            operation,
            messageType,
            transactionId,
            result,
            bytes,
            detail));
    metrics.request(operation, messageType == null ? "none" : messageType, result);
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
