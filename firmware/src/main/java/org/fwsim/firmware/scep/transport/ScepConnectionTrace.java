package org.fwsim.firmware.scep.transport;

import io.netty.handler.codec.http.HttpResponse;
import java.util.Map;
import org.fwsim.firmware.debug.Trace;
import org.fwsim.hal.net.Ip4;

/**
 * The debug lines of one SCEP connection, in the order and shapes of the FortiOS traces: the {@code
 * func()-N:} lines go to forticron's trace (KB-420924), {@code scep_parse_header:} to the SCEP
 * library's (KB-262267). Not printed: {@code fcron_epoll_*} lines (they show C pointers).
 *
 * <p>Used by one connection at a time: the caller's thread, then its event loop, then the
 * completion executor, each step handed over with a happens-before edge, so plain fields do.
 */
final class ScepConnectionTrace {
  /**
   * INFERENCE: forticron shows its socket's file descriptor; it keeps one SCEP connection at a time
   * and the KB-420924 trace shows 25 for consecutive connections, so every connection reports the
   * same lowest free descriptor.
   */
  static final int SOCKET_FD = 25;

  /**
   * forticron's first receive buffer (KB-420924: {@code cert_buf_realloc()-124: new size 2048}).
   */
  static final int MIN_BUFFER = 2048;

  private final Trace forticron;
  private final Trace scep;
  private final ScepHttpRequest request;
  private int bufferSize;
  private int received;
  private boolean stopped;

  ScepConnectionTrace(Trace forticron, Trace scep, ScepHttpRequest request) {
    this.forticron = forticron;
    this.scep = scep;
    this.request = request;
  }

  void startConnect() {
    if (forticron.on()) {
      forticron.line("scep_start_connect", 682);
      forticron.line("fcron_cert_bind_interface", 784);
      forticron.line(
          "fcron_cert_bind_interface",
          790,
          "bind to interface %d for %s->%s.",
          request.ifindex(),
          Ip4.toString(request.sourceIp()),
          request.url().host());
    }
  }

  void connected() {
    if (forticron.on()) {
      forticron.line("scep_connect", 658);
      forticron.line(
          "scep_connect",
          668,
          "SCEP connection(%s) started. socket: %d",
          request.url().host(),
          SOCKET_FD);
    }
  }

  /**
   * The request is going out. INFERENCE: forticron sizes one buffer for the request and reuses it
   * for the reply, so it is the request's size, at least 2048 (KB-420924 shows 2048 for GetCACert,
   * 9678 for a PKCSReq).
   */
  void sending(int requestBytes) {
    bufferSize = Math.max(MIN_BUFFER, requestBytes);
    if (forticron.on()) {
      forticron.line("scep_rxtx", 593, "state %d", request.operation().sendState());
      if (request.operation() == ScepOperation.PKI_OPERATION) {
        forticron.line("build_cert_request", 204);
      }
      forticron.line("cert_buf_realloc", 124, "new size %d", bufferSize);
    }
  }

  void sent() {
    if (forticron.on()) {
      forticron.line("scep_rxtx", 640, "new event EPOLLIN");
    }
  }

  void read(int bytes) {
    boolean on = forticron.on();
    if (on) {
      forticron.line("scep_rxtx", 593, "state %d", request.operation().receiveState());
    }
    while (received + bytes > bufferSize) {
      bufferSize = Math.max(MIN_BUFFER, bufferSize * 2);
      if (on) {
        forticron.line("cert_buf_realloc", 124, "new size %d", bufferSize);
      }
    }
    if (on) {
      forticron.line(
          "scep_recv", 509, "read %d bytes: pos=%d, len=%d", bytes, received, bufferSize);
    }
    received += bytes;
  }

  /**
   * The complete reply is in: header block, content length, data line, then the SCEP library's
   * parse.
   */
  void replyComplete(HttpResponse response, int bodyLength) {
    if (forticron.on()) {
      forticron.line("scep_rxtx", 593, "state %d", request.operation().receiveState());
      forticron.line(
          "scep_check_payload_size",
          311,
          "received the header from server: %s:%d",
          request.url().host(),
          request.url().port());
      forticron.raw(headerBlock(response));
      String length = response.headers().get("Content-Length");
      if (length != null) {
        forticron.line("find_content_length", 273, "content-length %s", length.trim());
      }
      forticron.line(
          "scep_recv",
          519,
          "data: pos=%d, sz=%d, content-length=%s",
          bodyLength,
          Math.max(bufferSize, MIN_BUFFER),
          length == null ? "-1" : length.trim());
    }
    if (scep.on()) {
      scep.line("scep_parse_header", "server returned status code %d", response.status().code());
    }
  }

  void mimeHeader(String contentType) {
    if (scep.on()) {
      scep.line("scep_parse_header", "MIME header: %s", contentType == null ? "" : contentType);
    }
  }

  /** {@code scep_stop_connect()-152:}, once per connection whoever asks first. */
  void stopConnect() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (forticron.on()) {
      forticron.line("scep_stop_connect", 152);
    }
  }

  /**
   * The status line and header fields as received, one per line, in brackets as forticron prints
   * them.
   */
  static String headerBlock(HttpResponse response) {
    StringBuilder sb =
        new StringBuilder(256)
            .append('[')
            .append(response.protocolVersion().text())
            .append(' ')
            .append(response.status().code())
            .append(' ')
            .append(response.status().reasonPhrase())
            .append('\n');
    for (Map.Entry<String, String> header : response.headers()) {
      sb.append(header.getKey()).append(": ").append(header.getValue()).append('\n');
    }
    return sb.append(']').toString();
  }
}
