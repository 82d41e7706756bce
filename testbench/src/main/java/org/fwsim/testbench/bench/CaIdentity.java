package org.fwsim.testbench.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.HexFormat;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.ScepException;
import org.fwsim.firmware.scep.transport.ScepHttpRequest;
import org.fwsim.firmware.scep.transport.ScepUrl;

/**
 * Who an external CA is, for the key store's record of the keys each CA has seen: the SHA-256 of
 * the CA certificate its GetCACert answers with. A CA set up again at the same URL (a new depot) is
 * a new CA; the same CA behind another URL is the same one.
 */
final class CaIdentity {

  private CaIdentity() {}

  /**
   * GetCACert from {@code url}, once, from the host (before the fleet exists; the storm's own
   * traffic goes through the firmware's SCEP client).
   *
   * @param without the option that runs without the key store, named in the error
   * @return the lower-case hex SHA-256 of the CA certificate
   * @throws IOException when the CA cannot be reached or its answer is no CA certificate
   */
  static String fetch(String url, Duration timeout, String without) throws IOException {
    try {
      return fetch(url, timeout);
    } catch (IOException e) {
      throw new IOException(
          e.getMessage()
              + " (the key store asks the CA who it is, to send it no key twice; "
              + without
              + " runs without the store)",
          e);
    }
  }

  private static String fetch(String url, Duration timeout) throws IOException {
    ScepHttpRequest request = ScepHttpRequest.getCaCert(ScepUrl.parse(url), null);
    ScepUrl u = request.url();
    URI uri = URI.create("http://" + u.host() + ":" + u.port() + request.uri());
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade: SCEP servers speak 1.1
            .connectTimeout(timeout)
            .build();
    HttpResponse<byte[]> response;
    try {
      response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IOException("cannot ask " + url + " for its CA certificate: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + url + " for its CA certificate", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("GetCACert from " + url + ": HTTP " + response.statusCode());
    }
    try {
      CaCertificates cas =
          CaCertificates.parseLenient(
              response.headers().firstValue("Content-Type").orElse(""), response.body());
      return sha256(cas.ca().getEncoded());
    } catch (ScepException | CertificateEncodingException e) {
      throw new IOException("GetCACert from " + url + ": " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] der) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
