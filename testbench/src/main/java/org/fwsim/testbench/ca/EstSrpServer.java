package org.fwsim.testbench.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRPTlsServer;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * One TLS-SRP (RFC 5054) connection of the CA's EST server, on BouncyCastle's TLS: the client
 * proves the SRP password of {@link EstSrpLogin}; the server proves its verifier and, with the
 * {@code TLS_SRP_SHA_RSA_*} suites, its RSA certificate (for clients that also verify the server by
 * certificate, as an appliance with {@code est-server-cert} does). TLS 1.2 only.
 */
final class EstSrpServer extends SRPTlsServer {

  private static final int[] SUITES = {
    CipherSuite.TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA,
    CipherSuite.TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA,
    CipherSuite.TLS_SRP_SHA_WITH_AES_256_CBC_SHA,
    CipherSuite.TLS_SRP_SHA_WITH_AES_128_CBC_SHA
  };

  private final EstTlsIdentity rsa;

  EstSrpServer(EstSrpLogin login, EstTlsIdentity rsa) {
    super(new JcaTlsCryptoProvider().create(new SecureRandom()), login);
    this.rsa = rsa;
  }

  /** The SRP user the client proved, once the handshake completed; null before. */
  String user() {
    return srpIdentity == null ? null : new String(srpIdentity, StandardCharsets.UTF_8);
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return SUITES.clone();
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.TLSv12.only();
  }

  @Override
  protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
    JcaTlsCrypto crypto = (JcaTlsCrypto) getCrypto();
    List<java.security.cert.X509Certificate> chain = rsa.chain();
    TlsCertificate[] certs = new TlsCertificate[chain.size()];
    for (int i = 0; i < certs.length; i++) {
      certs[i] = new JcaTlsCertificate(crypto, chain.get(i));
    }
    return new JcaDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context), crypto, rsa.key(), new Certificate(certs), signature());
  }

  /** An RSA PKCS#1 signature the client offered (RFC 5246 §7.4.1.4.1), SHA-256 by default. */
  private SignatureAndHashAlgorithm signature() {
    @SuppressWarnings("unchecked")
    Vector<SignatureAndHashAlgorithm> offered =
        context.getSecurityParametersHandshake().getClientSigAlgs();
    if (offered != null) {
      for (SignatureAndHashAlgorithm a : offered) {
        if (a.getSignature() == SignatureAlgorithm.rsa && a.getHash() >= HashAlgorithm.sha256) {
          return a;
        }
      }
    }
    return SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa);
  }
}
