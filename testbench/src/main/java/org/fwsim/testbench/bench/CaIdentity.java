package org.fwsim.testbench.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fwsim.firmware.config.EnrollProtocol;
import org.fwsim.firmware.debug.DebugControl;
import org.fwsim.firmware.scep.message.CaCertificates;
import org.fwsim.firmware.scep.message.ScepException;
import org.fwsim.firmware.scep.transport.LoopbackScepConnector;
import org.fwsim.firmware.scep.transport.ScepHttpClient;
import org.fwsim.firmware.scep.transport.ScepHttpRequest;
import org.fwsim.firmware.scep.transport.ScepHttpResponse;
import org.fwsim.firmware.scep.transport.ScepTransportException;
import org.fwsim.firmware.scep.transport.ScepUrl;
import org.fwsim.hal.net.Transports;

/**
 * Who an external CA is, for the key store's record of the keys each CA has seen: the SHA-256 of
 * the CA certificate its GetCACert answers with. A CA set up again at the same URL (a new depot) is
 * a new CA; the same CA behind another URL is the same one.
 */
final class CaIdentity {

  private CaIdentity() {}

  /**
   * The identity of the storm's external CA: for SCEP its GetCACert's ({@link #fetch}); the other
   * protocols share no such request, so their server is known by its URL (the same CA behind
   * another URL is then another one to the key store).
   */
  static String of(StormSettings settings, Duration timeout) throws IOException {
    if (settings.protocol() != EnrollProtocol.SCEP) {
      return sha256(("url " + settings.caUrl()).getBytes(StandardCharsets.UTF_8));
    }
    return fetch(settings.caUrl(), timeout, "--fresh-keys");
  }

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
    ScepHttpRequest request;
    try {
      request = ScepHttpRequest.getCaCert(ScepUrl.parse(url), null).withTimeout(timeout);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot ask " + url + " for its CA certificate: " + e.getMessage(), e);
    }
    ScepHttpResponse response = send(url, request, timeout);
    try {
      CaCertificates cas = CaCertificates.parseLenient(response.contentType(), response.body());
      return sha256(cas.ca().getEncoded());
    } catch (ScepException | CertificateEncodingException e) {
      throw new IOException("GetCACert from " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * One exchange over the firmware's Netty SCEP client, on an event loop of its own that closes
   * with the call: the lookup happens once, before the fleet's loops exist.
   */
  private static ScepHttpResponse send(String url, ScepHttpRequest request, Duration timeout)
      throws IOException {
    Transports transports = Transports.nio(1);
    try {
      ScepHttpClient client =
          new ScepHttpClient(
              new LoopbackScepConnector(
                  transports.group(), transports.socketChannelClass(), timeout));
      CompletableFuture<ScepHttpResponse> answer = new CompletableFuture<>();
      client.send(
          request,
          new DebugControl(InstantSource.system(), line -> {}),
          Runnable::run,
          answer::complete,
          answer::completeExceptionally);
      // the client bounds connect and reply by the timeout; the margin only guards against a hang
      return answer.get(timeout.toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ScepTransportException t
          && t.reason() == ScepTransportException.Reason.HTTP_STATUS) {
        throw new IOException("GetCACert from " + url + ": HTTP " + t.httpStatus(), t);
      }
      throw new IOException(
          "cannot ask " + url + " for its CA certificate: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("cannot ask " + url + " for its CA certificate: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + url + " for its CA certificate", e);
    } finally {
      transports.shutdownGracefully(0, 1_000);
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
