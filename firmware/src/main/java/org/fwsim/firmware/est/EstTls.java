package org.fwsim.firmware.est;

import io.netty.handler.ssl.SslContext;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * How the connections of one EST call do TLS: the JDK's TLS (the server verified by {@link
 * EstServerTrust}, the client certificate presented when given), or TLS-SRP (RFC 5054) with {@code
 * est-srp-username}/{@code -password} on BouncyCastle's TLS ({@link EstSrpClient}, {@link
 * BcTlsHandler}), which the JDK lacks.
 *
 * @param srpUser the SRP user name, null for the JDK's TLS
 * @param srpTrust verifies the SRP server's certificate too; null for the verifier alone
 */
record EstTls(SslContext jdk, String srpUser, String srpPassword, EstServerTrust srpTrust) {

  /** Never prints the SRP password. */
  @Override
  public String toString() {
    return srpUser == null ? "EstTls[jdk]" : "EstTls[srp " + srpUser + "]";
  }

  /** The JDK's TLS: {@code trust} decides on the server; {@code clientKey} may be null. */
  static EstTls certificate(
      EstServerTrust trust, PrivateKey clientKey, List<X509Certificate> clientChain) {
    return new EstTls(EstHttpsClient.tls(trust, clientKey, clientChain), null, null, null);
  }

  /**
   * TLS-SRP as {@code user}; {@code trust} (null for none) also verifies the server's certificate,
   * which restricts the offer to the SRP suites with an RSA certificate ({@link EstSrpClient}).
   */
  static EstTls srp(String user, String password, EstServerTrust trust) {
    return new EstTls(null, user, password, trust);
  }

  /** The TLS edge of each connection. */
  EstHttpsClient.TlsEdge edge() {
    if (jdk != null) {
      return EstHttpsClient.jdk(jdk);
    }
    return (ch, host, port) ->
        BcTlsHandler.client(new EstSrpClient(srpUser, srpPassword, host, srpTrust));
  }

  /** How the server proved itself over TLS-SRP, for the trace. */
  String serverProof() {
    return srpTrust == null
        ? "server proved the SRP verifier"
        : "server proved the SRP verifier and its certificate";
  }

  /**
   * {@code error} as the user should read it: a TLS-SRP handshake the server refused names the
   * credentials, the likely cause (a wrong password shows only as the server's failed Finished).
   */
  Throwable explain(Throwable error) {
    Throwable t = EstFailure.unwrap(error);
    if (srpUser == null) {
      return error;
    }
    if (t instanceof TlsFatalAlertReceived received) {
      return new SSLException(
          "TLS-SRP handshake refused by the server ("
              + AlertDescription.getText(received.getAlertDescription())
              + "): wrong est-srp-username or est-srp-password for user "
              + srpUser);
    }
    if (t instanceof TlsFatalAlert raised) {
      return new SSLException("TLS-SRP handshake failed: " + raised.getMessage());
    }
    return error;
  }
}
