package org.fwsim.firmware.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A kept-alive ACME connection's answers, on an EmbeddedChannel (the handler after the codecs). */
class AcmeRepliesTest {

  private final AcmeReplies replies = new AcmeReplies();
  private final EmbeddedChannel ch = new EmbeddedChannel(replies);

  @Test
  void eachAnswerCompletesItsRequestAndTheConnectionStaysOpen() throws Exception {
    for (String body : new String[] {"one", "two"}) {
      CompletableFuture<AcmeResponse> answer = replies.send(ch, request());
      ch.releaseOutbound();
      ch.writeInbound(response(body, false));
      assertEquals(body, new String(answer.get().body(), StandardCharsets.UTF_8));
      assertTrue(ch.isOpen(), "kept alive after " + body);
    }
    ch.finishAndReleaseAll();
  }

  @Test
  void aServerThatSaysCloseGetsItsConnectionClosedAfterTheAnswer() throws Exception {
    CompletableFuture<AcmeResponse> answer = replies.send(ch, request());
    ch.releaseOutbound();
    ch.writeInbound(response("last", true));
    assertEquals(200, answer.get().status());
    assertFalse(ch.isOpen());
  }

  @Test
  void aCloseBeforeTheAnswerFailsTheRequestAsUnansweredSoTheClientMaySendItAgain() {
    CompletableFuture<AcmeResponse> answer = replies.send(ch, request());
    ch.releaseOutbound();
    ch.close();
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, answer::get);
    assertInstanceOf(AcmeReplies.ClosedUnanswered.class, e.getCause());
  }

  private static DefaultFullHttpRequest request() {
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/acme/directory");
  }

  private static FullHttpResponse response(String body, boolean close) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    if (close) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return r;
  }
}
