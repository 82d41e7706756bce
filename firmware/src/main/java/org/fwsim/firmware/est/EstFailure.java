package org.fwsim.firmware.est;

import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import org.fwsim.firmware.egress.EgressException;
import org.fwsim.firmware.scep.client.FailureKind;

/**
 * Why an EST exchange failed, as the kind the reports count and the text the trace and log show.
 */
final class EstFailure {

  private EstFailure() {}

  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static FailureKind kind(Throwable error) {
    Throwable t = unwrap(error);
    if (t instanceof EstException e) {
      if (e.status() == 0) {
        return FailureKind.BAD_REPLY;
      }
      return e.status() >= 500 ? FailureKind.HTTP_SERVER_ERROR : FailureKind.HTTP_STATUS;
    }
    if (t instanceof EgressException) {
      return FailureKind.EGRESS;
    }
    if (t instanceof SSLException) {
      return FailureKind.UNTRUSTED;
    }
    if (t instanceof ReadTimeoutException) {
      return FailureKind.TIMEOUT;
    }
    if (t instanceof ConnectException || t instanceof ClosedChannelException) {
      return FailureKind.CONNECTION;
    }
    if (t instanceof java.io.IOException) {
      return FailureKind.CONNECTION;
    }
    if (t instanceof IllegalArgumentException) {
      return FailureKind.CONFIGURATION;
    }
    return FailureKind.OTHER;
  }

  static String reason(Throwable error) {
    Throwable t = unwrap(error);
    if (t instanceof ReadTimeoutException) {
      return "no answer from the EST server in time";
    }
    if (t instanceof SSLException && t.getCause() != null && t.getCause().getMessage() != null) {
      return "TLS: " + t.getCause().getMessage(); // the trust manager's reason, not the alert's
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
