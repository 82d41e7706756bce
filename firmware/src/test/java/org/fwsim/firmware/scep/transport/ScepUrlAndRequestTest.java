package org.fwsim.firmware.scep.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.fwsim.firmware.config.InterfaceSelectMethod;
import org.fwsim.firmware.egress.Egress;
import org.fwsim.hal.net.Ip4;
import org.junit.jupiter.api.Test;

class ScepUrlAndRequestTest {
  @Test
  void parsesTheKb420924ScepUrl() {
    ScepUrl url = ScepUrl.parse("http://10.5.149.111/app/cert/scep/");
    assertEquals("10.5.149.111", url.host());
    assertEquals(80, url.port());
    assertEquals("/app/cert/scep/", url.path());
    assertEquals("10.5.149.111", url.hostHeader());
    assertEquals("127.0.0.1:8080", ScepUrl.parse("http://127.0.0.1:8080").hostHeader());
    assertEquals("/", ScepUrl.parse("http://127.0.0.1:8080").path());
  }

  @Test
  void badUrlsGetClearErrors() {
    assertEquals(
        "scep-url scheme must be http, got 'https' in https://ca/scep",
        assertThrows(IllegalArgumentException.class, () -> ScepUrl.parse("https://ca/scep"))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ScepUrl.parse("http://"))
            .getMessage()
            .startsWith("scep-url"));
    assertThrows(IllegalArgumentException.class, () -> ScepUrl.parse("not a url at all"));
    assertThrows(IllegalArgumentException.class, () -> ScepUrl.of("ca", 0, "/"));
  }

  @Test
  void anExistingQueryIsKeptAndExtended() {
    ScepUrl url = ScepUrl.parse("http://127.0.0.1/certsrv/mscep/mscep.dll?profile=fw");
    assertEquals(
        "/certsrv/mscep/mscep.dll?profile=fw&operation=GetCACert",
        ScepHttpRequest.getCaCert(url, null).uri());
  }

  @Test
  void postCarriesNoMessageParameterAndGetCarriesNoEmptyOne() {
    ScepUrl url = ScepUrl.parse("http://127.0.0.1/scep");
    assertEquals(
        "/scep?operation=PKIOperation",
        ScepHttpRequest.pkiOperationPost(url, new byte[] {1}).uri());
    assertEquals("/scep?operation=GetCACaps", ScepHttpRequest.getCaCaps(url, "").uri());
    assertEquals(
        "/scep?operation=GetNextCACert&message=ca1",
        ScepHttpRequest.getNextCaCert(url, "ca1").uri());
  }

  @Test
  void aGetMessageIsEscapedAsNettysQueryEncoderEscapesIt() {
    byte[] message = new byte[3001];
    new java.util.Random(16).nextBytes(message); // every base64 character, '+', '/' and '='
    String base64 = java.util.Base64.getEncoder().encodeToString(message);
    assertTrue(base64.contains("+") && base64.contains("/") && base64.endsWith("="));
    for (String at : new String[] {"http://127.0.0.1/scep", "http://127.0.0.1/mscep.dll?p=f"}) {
      ScepUrl url = ScepUrl.parse(at);
      io.netty.handler.codec.http.QueryStringEncoder query =
          new io.netty.handler.codec.http.QueryStringEncoder("");
      query.addParam("operation", "PKIOperation");
      query.addParam("message", base64);
      String joined = url.path().contains("?") ? "&" : "?";
      assertEquals(
          url.path() + joined + query.toString().substring(1),
          ScepHttpRequest.pkiOperationGet(url, message).uri());
    }
  }

  @Test
  void aGetPkiOperationsTargetIsBuiltWhenMadeAndWrittenAsIs() {
    byte[] message = new byte[3500]; // a 2048-bit pkiMessage's size: some 4.8 KB escaped
    new java.util.Random(5).nextBytes(message);
    ScepUrl url = ScepUrl.parse("http://10.5.149.111/app/cert/scep/");
    io.netty.handler.codec.http.QueryStringEncoder query =
        new io.netty.handler.codec.http.QueryStringEncoder(url.path());
    query.addParam("operation", "PKIOperation");
    query.addParam("message", java.util.Base64.getEncoder().encodeToString(message));

    ScepHttpRequest made = ScepHttpRequest.pkiOperationGet(url, message);
    ScepHttpRequest sent =
        made.withEgress(new Egress("port1", 3, 1, 1, 0, 2, InterfaceSelectMethod.AUTO, "test"))
            .withTimeout(Duration.ofSeconds(5));
    io.netty.handler.codec.http.FullHttpRequest netty = sent.toNetty();
    // Built once, on the thread that made the request: the event loop gets it ready to write.
    assertSame(made.uri(), netty.uri());

    io.netty.channel.embedded.EmbeddedChannel wire =
        new io.netty.channel.embedded.EmbeddedChannel(
            new io.netty.handler.codec.http.HttpRequestEncoder());
    assertTrue(wire.writeOutbound(netty));
    StringBuilder bytes = new StringBuilder();
    for (io.netty.buffer.ByteBuf b; (b = wire.readOutbound()) != null; b.release()) {
      bytes.append(b.toString(java.nio.charset.StandardCharsets.US_ASCII));
    }
    wire.finishAndReleaseAll();
    assertEquals(
        "GET " + query + " HTTP/1.1\r\nHost: 10.5.149.111\r\nConnection: close\r\n\r\n",
        bytes.toString());
  }

  @Test
  void requestValidatesItsInputs() {
    ScepUrl url = ScepUrl.parse("http://127.0.0.1/scep");
    assertThrows(
        IllegalArgumentException.class, () -> ScepHttpRequest.pkiOperationPost(url, new byte[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> ScepHttpRequest.getCaCert(url, null).withTimeout(Duration.ZERO));
    assertThrows(
        NullPointerException.class, () -> ScepHttpRequest.getCaCert(url, null).withEgress(null));
  }

  @Test
  void aRequestCarriesItsEgressForTheBindAndTheTrace() {
    ScepHttpRequest plain = ScepHttpRequest.getCaCert(ScepUrl.parse("http://10.5.149.111/"), null);
    assertNull(plain.egress());
    assertEquals(0, plain.ifindex());
    assertEquals(Ip4.ANY, plain.sourceIp());
    Egress sdwan =
        new Egress(
            "port2",
            4,
            Ip4.parse("192.168.2.99"),
            Ip4.ANY,
            Ip4.parse("192.168.2.1"),
            Ip4.parse("10.5.149.111"),
            InterfaceSelectMethod.SDWAN,
            "test");
    ScepHttpRequest bound = plain.withEgress(sdwan);
    assertSame(sdwan, bound.egress());
    assertEquals(4, bound.ifindex(), "sdwan binds to the device: its index is printed");
    assertEquals(Ip4.ANY, bound.sourceIp(), "no source-ip configured: 0.0.0.0 is printed");
    Egress auto = new Egress("port1", 3, 1, 1, 0, 2, InterfaceSelectMethod.AUTO, "test");
    assertEquals(0, plain.withEgress(auto).ifindex(), "auto prints interface 0");
    assertEquals(1, plain.withEgress(auto).sourceIp());
  }

  @Test
  void contentTypesPerOperation() {
    assertTrue(ScepOperation.GET_CA_CAPS.accepts(null));
    assertTrue(ScepOperation.PKI_OPERATION.accepts("x-pki-message"));
    assertTrue(ScepOperation.PKI_OPERATION.accepts("application/x-pki-message; charset=binary"));
    assertFalse(ScepOperation.PKI_OPERATION.accepts("application/x-x509-ca-cert"));
    assertFalse(ScepOperation.GET_CA_CERT.accepts(null));
  }
}
