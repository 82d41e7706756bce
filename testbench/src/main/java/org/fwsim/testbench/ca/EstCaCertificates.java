package org.fwsim.testbench.ca;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fwsim.firmware.est.EstAnswer;
import org.fwsim.firmware.est.EstHttpsClient;
import org.fwsim.firmware.est.EstRequest;
import org.fwsim.firmware.est.EstServerUrl;

/**
 * The CA certificates of an external EST server, fetched once by the testbench itself from {@code
 * /cacerts} (RFC 7030 §4.1.1's bootstrap: the server is not verified, the caller shows the
 * fingerprints), so that a storm's appliances can verify the server with them.
 */
public final class EstCaCertificates {

  private EstCaCertificates() {}

  /**
   * @throws IllegalStateException naming why the server gave none
   */
  public static List<X509Certificate> fetch(String url, Duration timeout) {
    EstServerUrl u = EstServerUrl.parse(url);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      InetSocketAddress server = new InetSocketAddress(u.host(), u.port());
      EstHttpsClient.Response r =
          new EstHttpsClient(256 * 1024, timeout)
              .send(
                  EstHttpsClient.direct(
                      new Bootstrap().group(group).channel(NioSocketChannel.class), server),
                  u.host(),
                  u.port(),
                  EstHttpsClient.tls(
                      InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0], null, null),
                  EstRequest.cacerts(""))
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return EstAnswer.cacerts(r);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot fetch the CA certificates of " + url + ": " + cause.getMessage(), e);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
