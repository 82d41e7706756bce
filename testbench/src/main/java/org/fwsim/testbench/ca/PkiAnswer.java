package org.fwsim.testbench.ca;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.InstantSource;

/**
 * What the CA answers to one PKIOperation: a CertRep (HTTP 200, application/x-pki-message) or an
 * HTTP error with a short text when the request was no pkiMessage at all.
 *
 * @param messageType the request's SCEP message name (PKCSReq, CertPoll ...) or "unknown"
 * @param transactionId the request's transactionID, null when it could not be read
 * @param result SUCCESS, PENDING, FAILURE with its failInfo, or HTTP nnn
 * @param detail why it failed (failInfoText or HTTP error text), null on success
 */
record PkiAnswer(
    int httpStatus,
    byte[] body,
    String contentType,
    String messageType,
    String transactionId,
    String result,
    String detail) {

  static final String PKI_MESSAGE = "application/x-pki-message";

  /**
   * The HTTP response, with FortiAuthenticator's headers; a 503 says when to retry. The caller owns
   * (writes or releases) it.
   */
  FullHttpResponse toHttp(InstantSource clock, boolean keepAlive) {
    FullHttpResponse resp =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(httpStatus),
            Unpooled.wrappedBuffer(body));
    boolean retry = httpStatus == 503;
    FacHeaders.apply(
        resp.headers(),
        clock,
        body.length,
        contentType,
        keepAlive,
        retry ? "Retry-After" : null,
        retry ? Integer.toString(ConnectionGuard.RETRY_AFTER_SECONDS) : null);
    return resp;
  }

  static PkiAnswer certRep(byte[] body, String messageType, String transactionId, String result) {
    return new PkiAnswer(200, body, PKI_MESSAGE, messageType, transactionId, result, null);
  }

  static PkiAnswer failure(
      byte[] body, String messageType, String transactionId, String result, String reason) {
    return new PkiAnswer(200, body, PKI_MESSAGE, messageType, transactionId, result, reason);
  }

  static PkiAnswer httpError(int status, String text, String messageType, String transactionId) {
    return new PkiAnswer(
        status,
        (text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "text/plain; charset=UTF-8",
        messageType,
        transactionId,
        "HTTP " + status,
        text);
  }
}
