package org.fwsim.firmware.scep.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
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
  void requestValidatesItsInputs() {
    ScepUrl url = ScepUrl.parse("http://127.0.0.1/scep");
    assertThrows(
        IllegalArgumentException.class, () -> ScepHttpRequest.pkiOperationPost(url, new byte[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> ScepHttpRequest.getCaCert(url, null).withTimeout(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> ScepHttpRequest.getCaCert(url, null).withEgress(-1, "0.0.0.0"));
  }

  @Test
  void addressesAreParsedWithoutDns() {
    assertNull(ScepHttpClient.sourceAddress("0.0.0.0"), "0.0.0.0 means any source");
    assertEquals("127.0.0.9", ScepHttpClient.sourceAddress("127.0.0.9").getHostAddress());
    assertEquals(
        "source-ip is not an IP address: 'fw.example'",
        assertThrows(
                IllegalArgumentException.class, () -> ScepHttpClient.sourceAddress("fw.example"))
            .getMessage());
    InetSocketAddress named =
        ScepHttpClient.destination(ScepUrl.parse("http://ca.example:8080/scep"));
    assertTrue(named.isUnresolved(), "a name is left for the connector to map");
    assertFalse(ScepHttpClient.destination(ScepUrl.parse("http://10.5.149.111/")).isUnresolved());
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
