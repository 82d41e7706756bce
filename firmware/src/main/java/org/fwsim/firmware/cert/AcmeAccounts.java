package org.fwsim.firmware.cert;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.fwsim.firmware.acme.AccountKey;
import org.fwsim.firmware.cli.ConfigObject;
import org.fwsim.firmware.cli.ConfigTree;

/**
 * The ACME accounts of {@code config system acme}: one per CA directory and contact, written when a
 * CA registers a new account and found again for later orders, so a restarted appliance keeps its
 * account. The key is kept as two PEM blocks, the PKCS#8 private key and its public key (the JWK
 * needs it, and a JDK key's PKCS#8 form leaves it out).
 */
final class AcmeAccounts {

  static final String PATH = "system acme";
  static final String TABLE = "accounts";

  /** A registered account: its key and the URL the CA knows it by. */
  record Account(AccountKey key, URI url) {}

  private final Supplier<ConfigTree> config;

  AcmeAccounts(Supplier<ConfigTree> config) {
    this.config = config;
  }

  /** The valid account for that directory and contact, if one was registered. */
  Optional<Account> find(URI directory, String email) {
    for (ConfigObject a : accounts().entries()) {
      if (a.text("ca_url").equals(directory.toString())
          && a.text("email").equals(email)
          && a.text("status").equals("valid")) {
        return Optional.of(new Account(new AccountKey(keyPair(a.text("privatekey"))), url(a)));
      }
    }
    return Optional.empty();
  }

  /** Records a newly registered account under the last segment of its URL. */
  void remember(URI directory, String email, AccountKey key, URI url) {
    String path = url.getPath();
    String id = path.substring(path.lastIndexOf('/') + 1);
    if (id.isEmpty() || accounts().get(id) != null) {
      id = Integer.toString(accounts().size() + 1);
    }
    config
        .get()
        .putNestedEntry(
            PATH,
            TABLE,
            id,
            Map.of(
                "status", "valid",
                "url", url.toString(),
                "ca_url", directory.toString(),
                "email", email,
                "privatekey", pem(key.pair())));
  }

  private org.fwsim.firmware.cli.ConfigTable accounts() {
    return config.get().global().singleton(PATH).table(TABLE);
  }

  private static URI url(ConfigObject a) {
    return URI.create(a.text("url"));
  }

  private static String pem(KeyPair pair) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(
          new org.bouncycastle.util.io.pem.PemObject(
              "PRIVATE KEY", pair.getPrivate().getEncoded()));
      w.writeObject(pair.getPublic());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static KeyPair keyPair(String pem) {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      PrivateKeyInfo privateKey = (PrivateKeyInfo) p.readObject();
      SubjectPublicKeyInfo publicKey = (SubjectPublicKeyInfo) p.readObject();
      // The JDK's key factory by name: BouncyCastle's PEM converter asks for "ECDSA", which a
      // BouncyCastle registered globally (Apache SSHD does so) answers with keys the JDK's
      // P1363 signature refuses.
      KeyFactory f =
          KeyFactory.getInstance(
              X9ObjectIdentifiers.id_ecPublicKey.equals(publicKey.getAlgorithm().getAlgorithm())
                  ? "EC"
                  : "RSA");
      return new KeyPair(
          f.generatePublic(new X509EncodedKeySpec(publicKey.getEncoded())),
          f.generatePrivate(new PKCS8EncodedKeySpec(privateKey.getEncoded())));
    } catch (IOException | ClassCastException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "the ACME account key in config system acme is unreadable", e);
    }
  }
}
