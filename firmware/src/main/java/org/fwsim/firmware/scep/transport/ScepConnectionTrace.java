package org.fwsim.firmware.scep.transport;

import io.netty.handler.codec.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Executor;
import org.fwsim.firmware.debug.Trace;
import org.fwsim.hal.net.Ip4;

/**
 * The debug lines of one SCEP connection, in the order and shapes of the FortiOS traces: the {@code
 * func()-N:} lines go to forticron's trace (KB-420924), {@code scep_parse_header:} to the SCEP
 * library's (KB-262267). forticron handles its socket in an epoll loop, so each write and read
 * event is framed by {@code fcron_epoll_before_handle} / {@code fcron_epoll_after_handle} lines.
 *
 * <p>Order: the lines of the socket's events are computed on the event loop but printed on the
 * appliance's mailbox ({@code printer}), after whatever the mailbox is doing: as in forticron,
 * where a connection started inside a read handler shows its connect event only once that handler
 * returned ({@code AFTER READ}). The reply's reads are printed as forticron's buffer would take
 * them (one read while the reply fits), whatever chunks TCP delivered, so traces do not depend on
 * the host.
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

  /**
   * The handler addresses forticron prints in its epoll lines (KB-420924): one for the connect
   * step, one for the request/reply step. They are C pointers, so any stable value does.
   */
  static final String CONNECT_HANDLER = "0x55f0ad0a5470";

  static final String RXTX_HANDLER = "0x55f0ad0a51e0";

  private final Trace forticron;
  private final Trace scep;
  private final ScepHttpRequest request;
  private final Executor printer;
  private int bufferSize;
  private int received;
  private boolean stopped;
  private boolean inReadEvent;

  /**
   * @param printer where the socket events' lines are printed: the appliance's mailbox (the
   *     transport's completion executor), or {@code Runnable::run} to print at once
   */
  ScepConnectionTrace(Trace forticron, Trace scep, ScepHttpRequest request, Executor printer) {
    this.forticron = forticron;
    this.scep = scep;
    this.request = request;
    this.printer = printer;
  }

  /** On the caller (the mailbox): the connect is being started. */
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

  /** Event loop: the connect completed (forticron's first write event). */
  void connected() {
    if (!forticron.on()) {
      return;
    }
    String host = request.url().host();
    print(
        () -> {
          beforeWrite(CONNECT_HANDLER);
          forticron.line("scep_connect", 658);
          forticron.line(
              "scep_connect", 668, "SCEP connection(%s) started. socket: %d", host, SOCKET_FD);
          afterWrite();
        });
  }

  /**
   * Event loop: the request is going out. INFERENCE: forticron sizes one buffer for the request and
   * reuses it for the reply, so it is the request's size, at least 2048 (KB-420924 shows 2048 for
   * GetCACert, 9678 for a PKCSReq).
   */
  void sending(int requestBytes) {
    bufferSize = Math.max(MIN_BUFFER, requestBytes);
    if (!forticron.on()) {
      return;
    }
    int size = bufferSize;
    int state = request.operation().sendState();
    boolean pki = request.operation() == ScepOperation.PKI_OPERATION;
    print(
        () -> {
          beforeWrite(RXTX_HANDLER);
          forticron.line("scep_rxtx", 593, "state %d", state);
          if (pki) {
            forticron.line("build_cert_request", 204);
          }
          forticron.line("cert_buf_realloc", 124, "new size %d", size);
        });
  }

  /** Event loop: the request is written; forticron now waits for the reply. */
  void sent() {
    if (forticron.on()) {
      print(
          () -> {
            forticron.line("scep_rxtx", 640, "new event EPOLLIN");
            afterWrite();
          });
    }
  }

  /** Event loop: bytes of the reply arrived; printed with the complete reply. */
  void read(int bytes) {
    received += bytes;
  }

  /**
   * Event loop: the complete reply is in. forticron's read events (one per buffer's worth), then
   * the event that finds the reply complete: header block, content length, data line, then the SCEP
   * library's parse. That last event ends with {@link #afterRead()}, once the reply was handled.
   */
  void replyComplete(HttpResponse response, int bodyLength) {
    inReadEvent = true;
    boolean cron = forticron.on();
    boolean lib = scep.on();
    if (!cron && !lib) {
      return;
    }
    int total = received;
    int startSize = Math.max(bufferSize, MIN_BUFFER);
    String host = request.url().host();
    int port = request.url().port();
    int state = request.operation().receiveState();
    String headers = headerBlock(response);
    String length = response.headers().get("Content-Length");
    int status = response.status().code();
    bufferSize = readsSize(total, startSize);
    int finalSize = bufferSize;
    print(
        () -> {
          if (cron) {
            int size = startSize;
            for (int pos = 0; pos < total; ) {
              beforeRead();
              forticron.line("scep_rxtx", 593, "state %d", state);
              if (pos == size) {
                size *= 2;
                forticron.line("cert_buf_realloc", 124, "new size %d", size);
              }
              int chunk = Math.min(total - pos, size - pos);
              forticron.line("scep_recv", 509, "read %d bytes: pos=%d, len=%d", chunk, pos, size);
              pos += chunk;
              afterRead(277);
            }
            beforeRead();
            forticron.line("scep_rxtx", 593, "state %d", state);
            forticron.line(
                "scep_check_payload_size",
                311,
                "received the header from server: %s:%d",
                host,
                port);
            forticron.raw(headers);
            if (length != null) {
              forticron.line("find_content_length", 273, "content-length %s", length.trim());
            }
            forticron.line(
                "scep_recv",
                519,
                "data: pos=%d, sz=%d, content-length=%s",
                bodyLength,
                finalSize,
                length == null ? "-1" : length.trim());
          }
          if (lib) {
            scep.line("scep_parse_header", "server returned status code %d", status);
          }
        });
  }

  /** The buffer size after reading {@code total} bytes into one of {@code size}, doubling. */
  private static int readsSize(int total, int size) {
    int s = size;
    while (total > s) {
      s *= 2;
    }
    return s;
  }

  /**
   * Event loop: the SCEP library matched the reply's content type. It names the type it found; for
   * a CertRep that is {@code x-pki-message} (KB-262267), whatever prefix the server wrote.
   */
  void mimeHeader(String contentType) {
    if (scep.on()) {
      String shown =
          request.operation() == ScepOperation.PKI_OPERATION
                  && contentType != null
                  && contentType.toLowerCase(java.util.Locale.ROOT).contains("x-pki-message")
              ? "x-pki-message"
              : contentType == null ? "" : contentType;
      print(() -> scep.line("scep_parse_header", "MIME header: %s", shown));
    }
  }

  /**
   * On the completion executor, once the reply (or its failure) was handled: the read event that
   * found the reply complete returns. Nothing when no reply was read.
   */
  void afterRead() {
    if (inReadEvent) {
      inReadEvent = false;
      if (forticron.on()) {
        afterRead(277);
      }
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

  private void print(Runnable lines) {
    printer.execute(lines);
  }

  private void beforeWrite(String handler) {
    forticron.line(
        "fcron_epoll_before_handle",
        264,
        "BEFORE WRITE fd %d handle event 0x04 write %s epoll events 0x04",
        SOCKET_FD,
        handler);
  }

  private void afterWrite() {
    forticron.line("fcron_epoll_after_handle", 280, "AFTER WRITE ret 0");
  }

  private void beforeRead() {
    forticron.line(
        "fcron_epoll_before_handle",
        260,
        "BEFORE READ fd %d handle event 0x01 read %s epoll events 0x01",
        SOCKET_FD,
        RXTX_HANDLER);
  }

  private void afterRead(int line) {
    forticron.line("fcron_epoll_after_handle", line, "AFTER READ ret 0");
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
