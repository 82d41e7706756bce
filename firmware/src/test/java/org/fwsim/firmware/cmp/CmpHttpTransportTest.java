package org.fwsim.firmware.cmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The transport's request and its answer handler on an EmbeddedChannel. */
class CmpHttpTransportTest {

  @Test
  void thePostCarriesThePkiMessageAsApplicationPkixcmp() {
    FullHttpRequest r =
        CmpHttpTransport.request(CmpServer.parse("10.5.149.111:8080", "pkix/"), new byte[] {1, 2});
    try {
      assertEquals("POST", r.method().name());
      assertEquals("/pkix/", r.uri());
      assertEquals("application/pkixcmp", r.headers().get("Content-Type"));
      assertEquals("10.5.149.111:8080", r.headers().get("Host"));
      assertEquals("close", r.headers().get("Connection"));
      assertArrayEquals(new byte[] {1, 2}, ByteBufUtil.getBytes(r.content()));
    } finally {
      r.release();
    }
  }

  @Test
  void a200WithPkixcmpCompletesWithTheBody() {
    CompletableFuture<byte[]> f =
        answer(HttpResponseStatus.OK, "application/pkixcmp", new byte[] {7});
    assertArrayEquals(new byte[] {7}, f.join());
  }

  @Test
  void anotherStatusOrTypeFailsWithItsReason() {
    assertEquals(
        CmpTransportException.Reason.HTTP_STATUS,
        reason(answer(HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain", new byte[] {1})));
    assertEquals(
        CmpTransportException.Reason.NOT_PKIX_CMP,
        reason(answer(HttpResponseStatus.OK, "text/html", new byte[] {1})));
    CompletableFuture<byte[]> closed = new CompletableFuture<>();
    EmbeddedChannel ch = new EmbeddedChannel(CmpHttpTransport.answerHandler(closed));
    ch.close();
    assertEquals(CmpTransportException.Reason.CLOSED, reason(closed));
  }

  private static CompletableFuture<byte[]> answer(
      HttpResponseStatus status, String type, byte[] body) {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    EmbeddedChannel ch = new EmbeddedChannel(CmpHttpTransport.answerHandler(f));
    FullHttpResponse resp =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    resp.headers().set("Content-Type", type);
    ch.writeInbound(resp);
    assertTrue(!ch.isActive(), "one answer per connection");
    ch.finishAndReleaseAll();
    return f;
  }

  private static CmpTransportException.Reason reason(CompletableFuture<byte[]> f) {
    CompletionException e =
        org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, f::join);
    return assertInstanceOf(CmpTransportException.class, e.getCause()).reason();
  }
}
