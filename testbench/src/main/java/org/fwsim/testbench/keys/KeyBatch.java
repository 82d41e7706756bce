package org.fwsim.testbench.keys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fwsim.hal.pki.BouncyCastle;
import org.fwsim.hal.pki.KeyType;

/**
 * The bytes of one file of the {@link KeyCache}: key pairs of one type, each as its public key
 * (X.509 SubjectPublicKeyInfo) and private key (PKCS #8), behind a magic line and the type's label,
 * and followed by a SHA-256 of everything before it. A file is read whole or not at all: a
 * truncated, altered or foreign file fails its digest or its header and is refused with the reason.
 * No IO here.
 */
final class KeyBatch {

  static final byte[] MAGIC = "fwsim-keys 1\n".getBytes(StandardCharsets.US_ASCII);

  /** The most keys one file may claim to hold, so that a damaged count cannot ask for gigabytes. */
  static final int MAX_KEYS = 1 << 16;

  private static final int DIGEST_BYTES = 32;

  /**
   * EC keys are read by BouncyCastle, as the hypervisor's key pool makes them (an instance of its
   * own, never registered).
   */
  private static final Provider BOUNCY_CASTLE = BouncyCastle.provider();

  private KeyBatch() {}

  /** A batch the reader refuses, with the reason. */
  static final class BadBatchException extends Exception {
    private static final long serialVersionUID = 1L;

    BadBatchException(String reason) {
      super(reason);
    }
  }

  /** The store's name for a key type: the spelling of {@code --key} ({@code rsa2048}, ...). */
  static String label(KeyType type) {
    return type.isEc()
        ? "ec" + type.bits()
        : type.algorithm().toLowerCase(Locale.ROOT) + type.bits();
  }

  static byte[] encode(KeyType type, List<KeyPair> keys) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(keys.size() * 1600 + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeUTF(label(type));
      out.writeInt(keys.size());
      for (KeyPair k : keys) {
        writeBlock(out, k.getPublic().getEncoded());
        writeBlock(out, k.getPrivate().getEncoded());
      }
      out.flush();
      out.write(sha256(bytes.toByteArray(), bytes.size()));
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The keys of a batch of {@code type}.
   *
   * @throws BadBatchException when the file is short, altered, of another type or not a batch
   */
  static List<KeyPair> decode(KeyType type, byte[] file) throws BadBatchException {
    if (file.length < MAGIC.length + DIGEST_BYTES
        || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new BadBatchException("not a key batch (no fwsim-keys header)");
    }
    int body = file.length - DIGEST_BYTES;
    byte[] digest = sha256(file, body);
    if (!Arrays.equals(file, body, file.length, digest, 0, DIGEST_BYTES)) {
      throw new BadBatchException("truncated or altered (its SHA-256 does not match)");
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(file, MAGIC.length, body - MAGIC.length))) {
      String label = in.readUTF();
      if (!label.equals(label(type))) {
        throw new BadBatchException("holds " + label + " keys, not " + label(type));
      }
      int count = in.readInt();
      if (count < 0 || count > MAX_KEYS) {
        throw new BadBatchException("claims " + count + " keys");
      }
      KeyFactory factory = factory(type);
      List<KeyPair> keys = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] publicDer = readBlock(in);
        byte[] privateDer = readBlock(in);
        keys.add(
            new KeyPair(
                factory.generatePublic(new X509EncodedKeySpec(publicDer)),
                factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer))));
      }
      if (in.available() != 0) {
        throw new BadBatchException("has bytes after its last key");
      }
      for (KeyPair k : keys) {
        if (KeyType.of(k.getPublic()) != type) {
          throw new BadBatchException("holds a key of another type");
        }
      }
      return keys;
    } catch (EOFException e) {
      throw new BadBatchException("ends inside a key");
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new BadBatchException("holds a key that does not decode: " + e.getMessage());
    }
  }

  private static KeyFactory factory(KeyType type) throws NoSuchAlgorithmException {
    return type.isEc()
        ? KeyFactory.getInstance("EC", BOUNCY_CASTLE)
        : KeyFactory.getInstance(type.algorithm());
  }

  private static void writeBlock(DataOutputStream out, byte[] der) throws IOException {
    out.writeInt(der.length);
    out.write(der);
  }

  private static byte[] readBlock(DataInputStream in) throws IOException, BadBatchException {
    int n = in.readInt();
    if (n <= 0 || n > in.available()) {
      throw new BadBatchException("has a key block of " + n + " bytes");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  private static byte[] sha256(byte[] data, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(data, 0, length);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
