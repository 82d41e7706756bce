package org.fwsim.firmware.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.fwsim.hal.net.Transports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP-01 answer as a validating server sees it, on a real loopback socket. */
class AcmeChallengeResponderTest {

  private final Transports transports = Transports.nio(1);
  private final AcmeChallengeResponder responder = new AcmeChallengeResponder(transports);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @AfterEach
  void close() {
    transports.shutdownGracefully(0, 1000).syncUninterruptibly();
  }

  @Test
  void aPublishedTokenIsAnsweredWithItsKeyAuthorizationAndOthersAre404() throws Exception {
    InetSocketAddress at = new InetSocketAddress("127.0.0.1", freePort());
    responder.publish(at, "tok-1", "tok-1.thumb").get();
    HttpResponse<String> ok = get(at, AcmeChallengeResponder.PREFIX + "tok-1");
    assertEquals(200, ok.statusCode());
    assertEquals("tok-1.thumb", ok.body());
    assertEquals("text/plain", ok.headers().firstValue("content-type").orElse(""));
    assertEquals(404, get(at, AcmeChallengeResponder.PREFIX + "tok-2").statusCode());
    assertEquals(404, get(at, "/tok-1").statusCode());
    assertEquals(1, responder.served());
  }

  @Test
  void aWithdrawnTokenIsNoLongerAnsweredWhileTheEndpointServesTheNext() throws Exception {
    InetSocketAddress at = new InetSocketAddress("127.0.0.1", freePort());
    responder.publish(at, "a", "a.t").get();
    responder.publish(at, "b", "b.t").get();
    responder.withdraw(at, "a");
    assertEquals(404, get(at, AcmeChallengeResponder.PREFIX + "a").statusCode());
    assertEquals("b.t", get(at, AcmeChallengeResponder.PREFIX + "b").body());
    responder.withdraw(at, "b");
    assertEquals(404, get(at, AcmeChallengeResponder.PREFIX + "b").statusCode());
    responder.publish(at, "c", "c.t").get();
    assertEquals("c.t", get(at, AcmeChallengeResponder.PREFIX + "c").body());
  }

  @Test
  void anEndpointInUseFailsThePublicationNamingItAndIsTriedAgainLater() throws Exception {
    InetSocketAddress at;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      at = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
      InetSocketAddress busy = at;
      Exception e = assertThrows(Exception.class, () -> responder.publish(busy, "x", "x.t").get());
      assertEquals(
          true,
          e.getMessage().contains("cannot answer ACME http-01 on 127.0.0.1:" + at.getPort()),
          e.getMessage());
    }
    // The port is free again: the failed bind was not kept.
    responder.publish(at, "y", "y.t").get();
    assertEquals("y.t", get(at, AcmeChallengeResponder.PREFIX + "y").body());
  }

  @Test
  void portZeroBindsOneTheHostHandsOutAndTheEndpointsNameIt() throws Exception {
    responder.publish(new InetSocketAddress("127.0.0.1", 0), "z", "z.t").get();
    InetSocketAddress bound = responder.endpoints().get(0);
    assertNotEquals(0, bound.getPort());
    assertEquals("z.t", get(bound, AcmeChallengeResponder.PREFIX + "z").body());
  }

  private HttpResponse<String> get(InetSocketAddress at, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
