package org.fwsim.firmware.est;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.BasicTlsSRPIdentity;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRPTlsClient;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The appliance's TLS-SRP client (RFC 5054) for EST (RFC 7030 §3.3.3, certificate-less TLS): {@code
 * est-srp-username}/{@code est-srp-password} prove the client, and the server proves it holds the
 * verifier of that password. fwsim's choice of suites: with {@code est-server-cert} the client
 * offers only {@code TLS_SRP_SHA_RSA_*}, so the server must also present an RSA certificate that
 * {@code trust} verifies and that names the address connected to (RFC 7030 §3.3.1); without it only
 * {@code TLS_SRP_SHA_*}, the SRP verifier alone authenticating the server. TLS 1.2 (SRP has no TLS
 * 1.3 suite).
 */
final class EstSrpClient extends SRPTlsClient {

  private static final int[] SRP_ONLY = {
    CipherSuite.TLS_SRP_SHA_WITH_AES_256_CBC_SHA, CipherSuite.TLS_SRP_SHA_WITH_AES_128_CBC_SHA
  };
  private static final int[] SRP_RSA = {
    CipherSuite.TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA,
    CipherSuite.TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA
  };

  private final String host;
  private final EstServerTrust trust;

  /**
   * @param trust verifies the server's certificate; null for the verifier alone
   */
  EstSrpClient(String user, String password, String host, EstServerTrust trust) {
    super(
        crypto(),
        new BasicTlsSRPIdentity(
            user.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8)));
    this.host = host;
    this.trust = trust;
  }

  private static JcaTlsCrypto crypto() {
    return new JcaTlsCryptoProvider().create(new SecureRandom());
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return (trust == null ? SRP_ONLY : SRP_RSA).clone();
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.TLSv12.only();
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate server) throws IOException {
        if (trust == null) {
          throw new TlsFatalAlert(
              AlertDescription.unexpected_message,
              "server sent a certificate to an SRP-only offer");
        }
        TlsCertificate[] list = server.getCertificate().getCertificateList();
        X509Certificate[] chain = new X509Certificate[list.length];
        for (int i = 0; i < list.length; i++) {
          chain[i] =
              JcaTlsCertificate.convert((JcaTlsCrypto) getCrypto(), list[i]).getX509Certificate();
        }
        try {
          if (chain.length == 0) {
            throw new CertificateException("EST server sent no certificate");
          }
          trust.checkServerTrusted(chain, "RSA");
          requireNamed(chain[0], host);
        } catch (CertificateException e) {
          throw new TlsFatalAlert(AlertDescription.bad_certificate, e.getMessage(), e);
        }
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) {
        return null; // SRP is the client's proof
      }
    };
  }

  /**
   * RFC 7030 §3.3.1 (RFC 6125): the certificate names the IPv4 address connected to (the simulated
   * network has no DNS, {@link EstServerUrl}).
   */
  static void requireNamed(X509Certificate cert, String host) throws CertificateException {
    Collection<List<?>> names;
    try {
      names = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new CertificateException("unreadable subjectAltName: " + e.getMessage(), e);
    }
    for (List<?> n : names == null ? List.<List<?>>of() : names) {
      if ((Integer) n.get(0) == GeneralName.iPAddress && host.equals(n.get(1))) {
        return;
      }
    }
    throw new CertificateException(
        "EST server certificate "
            + cert.getSubjectX500Principal().getName()
            + " does not name "
            + host);
  }
}
