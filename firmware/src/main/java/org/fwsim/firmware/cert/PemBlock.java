package org.fwsim.firmware.cert;

import java.util.Base64;

/**
 * Writes DER as a PEM block the way BouncyCastle's {@code PemWriter} does (64 characters a line,
 * the platform's line separator after each line), without its 8 KiB writer buffer and object
 * generator: a renewed certificate and its sealed key are written this way at every write-back.
 */
final class PemBlock {

  private static final String NEWLINE = System.lineSeparator();
  private static final Base64.Encoder LINES = Base64.getMimeEncoder(64, NEWLINE.getBytes());

  private PemBlock() {}

  /** Appends the {@code type} block holding {@code der} to {@code out}. */
  static StringBuilder append(StringBuilder out, String type, byte[] der) {
    return out.append("-----BEGIN ")
        .append(type)
        .append("-----")
        .append(NEWLINE)
        .append(LINES.encodeToString(der))
        .append(NEWLINE)
        .append("-----END ")
        .append(type)
        .append("-----")
        .append(NEWLINE);
  }
}
