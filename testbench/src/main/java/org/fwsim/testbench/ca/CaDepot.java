package org.fwsim.testbench.ca;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.fwsim.hal.io.SafeFiles;

/**
 * The CA's directory on disk: its certificates and keys as PEM, the next serial number, the index
 * of issued certificates (append-only, replayed on start) and each issued certificate as PEM, so a
 * restarted CA keeps its identity, continues its serials and can still answer GetCert.
 *
 * <p>Layout: {@code ca.pem ca.key [intermediate.pem intermediate.key] [ra-sign.pem ra-sign.key
 * ra-encrypt.pem ra-encrypt.key] serial index.txt certs/<SERIAL>.pem access.log}. Index lines are
 * tab-separated: {@code V serial notBefore notAfter transactionId subject} for an issue and {@code
 * R serial revokedAt} for a revocation. Calls are serialised by the caller ({@link
 * CertificateIndex}).
 */
public final class CaDepot {

  private final Path dir;

  public CaDepot(Path dir) {
    this.dir = dir;
    try {
      SafeFiles.createPrivateDirectories(dir.resolve("certs"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create CA depot " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public Path accessLogFile() {
    return dir.resolve("access.log");
  }

  /** The stored CA material, or empty when the depot holds none yet. */
  public Optional<CaMaterial> loadMaterial() {
    if (!Files.exists(dir.resolve("ca.pem"))) {
      return Optional.empty();
    }
    return Optional.of(
        new CaMaterial(
            cert("ca.pem"),
            key("ca.key"),
            certOrNull("intermediate.pem"),
            keyOrNull("intermediate.key"),
            certOrNull("ra-sign.pem"),
            keyOrNull("ra-sign.key"),
            certOrNull("ra-encrypt.pem"),
            keyOrNull("ra-encrypt.key")));
  }

  public void storeMaterial(CaMaterial m) {
    writePem("ca.pem", m.rootCert());
    writePem("ca.key", m.rootKey());
    if (m.intermediateCert() != null) {
      writePem("intermediate.pem", m.intermediateCert());
      writePem("intermediate.key", m.intermediateKey());
    }
    if (m.raSignCert() != null) {
      writePem("ra-sign.pem", m.raSignCert());
      writePem("ra-sign.key", m.raSignKey());
      writePem("ra-encrypt.pem", m.raEncryptCert());
      writePem("ra-encrypt.key", m.raEncryptKey());
    }
  }

  /** The next serial to use, or {@code fallback} when none was stored. */
  public BigInteger loadNextSerial(BigInteger fallback) {
    Path p = dir.resolve("serial");
    if (!Files.exists(p)) {
      return fallback;
    }
    String text = read(p).trim();
    try {
      return new BigInteger(text, 16);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("depot " + p + " holds no hex serial: '" + text + "'", e);
    }
  }

  public void storeNextSerial(BigInteger next) {
    writeAtomically("serial", next.toString(16).toUpperCase() + "\n");
  }

  /** Replays index.txt into rows, the latest status of each serial winning. */
  public List<IssuedCertificate> loadIndex() {
    Path p = dir.resolve("index.txt");
    if (!Files.exists(p)) {
      return List.of();
    }
    Map<BigInteger, IssuedCertificate> rows = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : read(p).split("\n")) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      try {
        BigInteger serial = new BigInteger(f[1], 16);
        if (f[0].equals("V") && f.length == 6) {
          X509Certificate cert = cert("certs/" + f[1] + ".pem");
          rows.put(serial, IssuedCertificate.of(cert, f[4].isEmpty() ? null : f[4]));
        } else if (f[0].equals("R") && f.length == 3 && rows.containsKey(serial)) {
          rows.put(serial, rows.get(serial).revoked(Instant.parse(f[2])));
        } else {
          throw new IllegalArgumentException("unknown record");
        }
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "depot " + p + " line " + lineNo + " is malformed (" + e.getMessage() + "): " + line,
            e);
      }
    }
    return new ArrayList<>(rows.values());
  }

  void appendIssued(IssuedCertificate row) {
    String serialHex = hex(row.serial());
    writePem("certs/" + serialHex + ".pem", row.certificate());
    append(
        String.join(
            "\t",
            "V",
            serialHex,
            row.notBefore().toString(),
            row.notAfter().toString(),
            row.transactionId() == null ? "" : LogText.escape(row.transactionId()),
            LogText.escape(row.subject())));
  }

  void appendRevoked(BigInteger serial, Instant at) {
    append(String.join("\t", "R", hex(serial), at.toString()));
  }

  static String hex(BigInteger serial) {
    return serial.toString(16).toUpperCase();
  }

  private void append(String line) {
    try {
      SafeFiles.append(dir.resolve("index.txt"), line + "\n", SafeFiles.Access.PRIVATE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to depot index: " + e.getMessage(), e);
    }
  }

  private void writePem(String name, Object o) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + name + ": " + e.getMessage(), e);
    }
    writeAtomically(name, sw.toString());
  }

  private void writeAtomically(String name, String text) {
    Path target = dir.resolve(name);
    try {
      SafeFiles.write(target, text, SafeFiles.Access.PRIVATE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write depot file " + target + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read depot file " + p + ": " + e.getMessage(), e);
    }
  }

  private X509Certificate certOrNull(String name) {
    return Files.exists(dir.resolve(name)) ? cert(name) : null;
  }

  private PrivateKey keyOrNull(String name) {
    return Files.exists(dir.resolve(name)) ? key(name) : null;
  }

  private X509Certificate cert(String name) {
    Object o = pem(name);
    if (!(o instanceof X509CertificateHolder h)) {
      throw new IllegalStateException("depot file " + dir.resolve(name) + " holds no certificate");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("depot file " + dir.resolve(name) + ": " + e.getMessage(), e);
    }
  }

  private PrivateKey key(String name) {
    Object o = pem(name);
    try {
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return conv.getKeyPair(kp).getPrivate();
      }
      if (o instanceof PrivateKeyInfo pki) {
        return conv.getPrivateKey(pki);
      }
    } catch (IOException e) {
      throw new IllegalStateException("depot file " + dir.resolve(name) + ": " + e.getMessage(), e);
    }
    throw new IllegalStateException("depot file " + dir.resolve(name) + " holds no private key");
  }

  private Object pem(String name) {
    Path p = dir.resolve(name);
    try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8);
        PEMParser parser = new PEMParser(r)) {
      Object o = parser.readObject();
      if (o == null) {
        throw new IllegalStateException("depot file " + p + " holds no PEM object");
      }
      return o;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read depot file " + p + ": " + e.getMessage(), e);
    }
  }
}
