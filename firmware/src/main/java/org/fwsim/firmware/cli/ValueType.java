package org.fwsim.firmware.cli;

import java.util.List;
import org.fwsim.hal.net.Ip4;

/**
 * The type of one configuration attribute: how a {@code set} argument is parsed to the canonical
 * stored text, and how that text is printed by {@code show} and {@code get}.
 *
 * <p>Instances are immutable and shared by every appliance. Values are stored canonical, so two
 * spellings of the same value ({@code 10.0.0.0/8} and {@code 10.0.0.0 255.0.0.0}) are one value.
 */
public abstract class ValueType {

  ValueType() {}

  /** Parses the {@code set} arguments of a single-valued attribute to canonical text. */
  abstract String parse(List<String> args) throws CliException;

  /** Number of tokens one value takes in a {@code set} line (2 for {@code a.b.c.d m.m.m.m}). */
  int arity(List<String> args, int from) {
    return 1;
  }

  /** The value as written after {@code set name } by {@code show}. */
  String show(String canonical) {
    return canonical;
  }

  /** The value as printed by {@code get}. */
  String get(String canonical) {
    return canonical;
  }

  /** Candidate values for completion and help; empty when free-form. */
  public List<String> options() {
    return List.of();
  }

  /** Short type description for {@code ?} help, FortiOS style ({@code <string>}). */
  public abstract String describe();

  /** The token at {@code from}, or the empty text when the line ends before it. */
  static String tokenAt(List<String> args, int from) {
    return from < args.size() ? args.get(from) : "";
  }

  static String single(List<String> args) throws CliException {
    if (args.isEmpty()) {
      throw new CliException("value parse error before ''", ReturnCodes.INVALID);
    }
    if (args.size() > 1) {
      throw CliException.parse(args.get(1));
    }
    return args.get(0);
  }

  /** Free text up to a maximum length, shown quoted. */
  static final class Text extends ValueType {
    final int maxLength;

    Text(int maxLength) {
      this.maxLength = maxLength;
    }

    @Override
    String parse(List<String> args) throws CliException {
      String v = single(args);
      if (v.length() > maxLength) {
        throw CliException.value(v);
      }
      return v;
    }

    @Override
    String show(String canonical) {
      return Quoting.quote(canonical);
    }

    @Override
    public String describe() {
      return "<string>  (max " + maxLength + ")";
    }
  }

  /** Integer within an inclusive range, shown bare. */
  static final class Int extends ValueType {
    final long min;
    final long max;

    Int(long min, long max) {
      this.min = min;
      this.max = max;
    }

    @Override
    String parse(List<String> args) throws CliException {
      String v = single(args);
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw CliException.value(v);
      }
      if (n < min || n > max) {
        throw CliException.value(v);
      }
      return Long.toString(n);
    }

    @Override
    public String describe() {
      return "<integer>  (" + min + "-" + max + ")";
    }
  }

  /** One of a fixed set of words, shown bare ({@code enable|disable} is one of these). */
  static final class Choice extends ValueType {
    private final List<String> options;

    Choice(List<String> options) {
      this.options = List.copyOf(options);
    }

    @Override
    String parse(List<String> args) throws CliException {
      String v = single(args);
      if (!options.contains(v)) {
        throw CliException.parse(v);
      }
      return v;
    }

    @Override
    public List<String> options() {
      return options;
    }

    @Override
    public String describe() {
      return "{" + String.join(" | ", options) + "}";
    }
  }

  /** A dotted-quad IPv4 address. */
  static final class Ipv4 extends ValueType {
    @Override
    String parse(List<String> args) throws CliException {
      String v = single(args);
      return Ip4.toString(address(v));
    }

    @Override
    public String describe() {
      return "<ipv4-address>";
    }
  }

  /**
   * An IPv4 address with mask, accepted as {@code a.b.c.d m.m.m.m} or {@code a.b.c.d/n}, shown as
   * {@code a.b.c.d m.m.m.m}. A class network additionally refuses host bits.
   */
  static final class Ipv4Mask extends ValueType {
    final boolean classnet;

    Ipv4Mask(boolean classnet) {
      this.classnet = classnet;
    }

    @Override
    int arity(List<String> args, int from) {
      return tokenAt(args, from).contains("/") ? 1 : 2;
    }

    @Override
    String parse(List<String> args) throws CliException {
      if (args.isEmpty()) {
        throw new CliException("value parse error before ''", ReturnCodes.INVALID);
      }
      String first = args.get(0);
      int address;
      int length;
      if (first.contains("/")) {
        if (args.size() > 1) {
          throw CliException.parse(args.get(1));
        }
        int slash = first.indexOf('/');
        address = address(first.substring(0, slash));
        try {
          length = Integer.parseInt(first.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw CliException.value(first);
        }
        if (length < 0 || length > 32) {
          throw CliException.value(first);
        }
      } else {
        if (args.size() != 2) {
          throw args.size() < 2 ? CliException.value(first) : CliException.parse(args.get(2));
        }
        address = address(first);
        length = maskLength(args.get(1));
      }
      int mask = Ip4.mask(length);
      if (classnet && (address & ~mask) != 0) {
        throw CliException.value(args.get(0));
      }
      return Ip4.toString(address) + " " + Ip4.toString(mask);
    }

    @Override
    public String describe() {
      return classnet ? "<ipv4-classnet>" : "<ipv4-classnet-host>";
    }
  }

  /** A dotted quad, or FortiOS's value error naming it. */
  static int address(String text) throws CliException {
    try {
      return Ip4.parse(text);
    } catch (IllegalArgumentException e) {
      throw CliException.value(text);
    }
  }

  /** The prefix length of a contiguous dotted mask, or FortiOS's value error naming it. */
  static int maskLength(String text) throws CliException {
    try {
      return Ip4.prefixLength(address(text));
    } catch (IllegalArgumentException e) {
      throw CliException.value(text);
    }
  }

  /**
   * A secret, stored and shown as {@code ENC <base64>}; never printed in clear. A one-way password
   * (an administrator's) is kept as a salted hash instead, {@code ENC SH2...} as FortiOS shows it:
   * a restored hash is taken as it is, clear text is hashed.
   */
  static final class Password extends ValueType {
    private final int maxLength;
    private final boolean oneWay;

    Password(int maxLength) {
      this(maxLength, false);
    }

    Password(int maxLength, boolean oneWay) {
      this.maxLength = maxLength;
      this.oneWay = oneWay;
    }

    @Override
    int arity(List<String> args, int from) {
      return "ENC".equals(tokenAt(args, from)) ? 2 : 1;
    }

    @Override
    String parse(List<String> args) throws CliException {
      if (args.size() == 2 && args.get(0).equals("ENC")) {
        String enc = args.get(1);
        if (oneWay ? !PasswordHash.isHash(enc) : Secrets.tryReveal(enc) == null) {
          throw CliException.value(enc);
        }
        return enc;
      }
      String clear = single(args);
      if (clear.length() > maxLength) {
        throw CliException.value("*");
      }
      return oneWay ? PasswordHash.hash(clear) : Secrets.conceal(clear);
    }

    @Override
    String show(String canonical) {
      return "ENC " + canonical;
    }

    @Override
    String get(String canonical) {
      return "*";
    }

    @Override
    public String describe() {
      return "<password>";
    }
  }

  /** A multi-line text blob such as a PEM certificate, shown as one quoted string. */
  static final class Blob extends ValueType {
    @Override
    String parse(List<String> args) throws CliException {
      return single(args);
    }

    @Override
    String show(String canonical) {
      return Quoting.quote(canonical);
    }

    @Override
    public String describe() {
      return "<user>";
    }
  }
}
