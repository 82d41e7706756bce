package org.fwsim.testbench.ca;

/**
 * How deep the constructed values of a BER/DER encoding nest, read from the tag and length octets
 * alone, without recursion and without decoding any value. BouncyCastle's reader recurses once per
 * level, so a request of 64 KB of nested SEQUENCEs costs a worker a stack overflow of hundreds of
 * milliseconds; this check turns it away in microseconds. It only frames: every value is still
 * parsed by BouncyCastle, and a malformed encoding is left for it to refuse.
 */
final class Asn1Depth {

  /** Deeper than any pkiMessage (about 15 levels, certificates included) will ever nest. */
  static final int MAX_DEPTH = 64;

  private Asn1Depth() {}

  /** True if constructed values nest deeper than {@code max} anywhere in {@code encoding}. */
  static boolean exceeds(byte[] encoding, int max) {
    int[] ends = new int[max + 1]; // end offset of each open level, -1 for indefinite length
    int depth = 0;
    int pos = 0;
    int n = encoding.length;
    while (pos < n) {
      while (depth > 0 && ends[depth - 1] >= 0 && pos >= ends[depth - 1]) {
        depth--;
      }
      if (depth > 0
          && ends[depth - 1] < 0
          && pos + 1 < n
          && encoding[pos] == 0
          && encoding[pos + 1] == 0) {
        pos += 2; // end-of-contents of an indefinite-length value
        depth--;
        continue;
      }
      int tag = encoding[pos++] & 0xff;
      boolean constructed = (tag & 0x20) != 0;
      if ((tag & 0x1f) == 0x1f) {
        while (pos < n && (encoding[pos] & 0x80) != 0) {
          pos++;
        }
        pos++;
      }
      if (pos >= n) {
        return false;
      }
      int first = encoding[pos++] & 0xff;
      int length;
      if (first == 0x80) {
        length = -1;
      } else if (first < 0x80) {
        length = first;
      } else {
        int octets = first & 0x7f;
        if (octets > 4 || pos + octets > n) {
          return false;
        }
        long l = 0;
        for (int i = 0; i < octets; i++) {
          l = (l << 8) | (encoding[pos++] & 0xff);
        }
        if (l > n - pos) {
          return false;
        }
        length = (int) l;
      }
      if (constructed) {
        if (depth == max) {
          return true;
        }
        ends[depth++] = length < 0 ? -1 : pos + length;
      } else if (length < 0) {
        return false;
      } else {
        pos += length;
      }
    }
    return false;
  }
}
