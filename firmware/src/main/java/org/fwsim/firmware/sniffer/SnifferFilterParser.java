package org.fwsim.firmware.sniffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fwsim.firmware.sniffer.SnifferFilter.Dir;
import org.fwsim.hal.net.Ip4;
import org.fwsim.hal.net.Ip4Prefix;
import org.fwsim.hal.net.SniffedPacket;

/**
 * Parses the tcpdump-like filter FortiOS's sniffer takes ({@code 'host 10.5.149.111 and port 80'},
 * {@code 'udp and port 1812 and host a and ( b or c )'}): {@code host}, {@code net}, {@code port}
 * with optional {@code src}/{@code dst}, the protocols {@code tcp}, {@code udp}, {@code icmp},
 * {@code ip}, {@code and}/{@code or}/{@code not} (also {@code &&}, {@code ||}, {@code !}) and
 * parentheses. As in pcap-filter, a bare address or number repeats the qualifiers of the primitive
 * before it ({@code host a and ( b or c )}). {@code and} binds tighter than {@code or}. Host names
 * are not resolved: the simulation has no DNS for filters.
 */
public final class SnifferFilterParser {

  /** A filter FortiOS's libpcap would refuse; the message says why. */
  public static final class FilterException extends Exception {
    public FilterException(String message) {
      super(message);
    }
  }

  private enum Kind {
    HOST,
    NET,
    PORT
  }

  private final List<String> tokens;
  private int at;
  private Kind lastKind;
  private Dir lastDir = Dir.EITHER;
  private int lastProto = -1;

  private SnifferFilterParser(List<String> tokens) {
    this.tokens = tokens;
  }

  /** The predicate of {@code text}; {@code none} or blank passes everything. */
  public static SnifferFilter parse(String text) throws FilterException {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty() || t.equalsIgnoreCase("none")) {
      return new SnifferFilter.All();
    }
    SnifferFilterParser p = new SnifferFilterParser(tokenize(t));
    SnifferFilter f = p.or();
    if (p.at < p.tokens.size()) {
      throw syntax();
    }
    return f;
  }

  private SnifferFilter or() throws FilterException {
    SnifferFilter left = and();
    while (accept("or") || accept("||")) {
      left = new SnifferFilter.Or(left, and());
    }
    return left;
  }

  private SnifferFilter and() throws FilterException {
    SnifferFilter left = not();
    while (accept("and") || accept("&&")) {
      left = new SnifferFilter.And(left, not());
    }
    return left;
  }

  private SnifferFilter not() throws FilterException {
    if (accept("not") || accept("!")) {
      return new SnifferFilter.Not(not());
    }
    return primary();
  }

  private SnifferFilter primary() throws FilterException {
    if (accept("(")) {
      SnifferFilter inner = or();
      if (!accept(")")) {
        throw syntax();
      }
      return inner;
    }
    String word = next();
    int proto = protocol(word);
    if (proto != Integer.MIN_VALUE) {
      if (!peekIs("port") && !peekIs("src") && !peekIs("dst")) {
        return new SnifferFilter.Proto(proto);
      }
      if (proto != SniffedPacket.TCP && proto != SniffedPacket.UDP) {
        throw new FilterException("illegal qualifier of 'port'");
      }
      word = next();
    } else {
      proto = -1;
    }
    Dir dir = Dir.EITHER;
    if (word.equals("src") || word.equals("dst")) {
      dir = word.equals("src") ? Dir.SRC : Dir.DST;
      word = next();
    }
    Kind kind =
        switch (word) {
          case "host" -> Kind.HOST;
          case "net" -> Kind.NET;
          case "port" -> Kind.PORT;
          default -> null;
        };
    if (kind != null && peekIs("(")) {
      // port ( 80 or 443 ): the values inside take the qualifiers before the parenthesis
      remember(kind, dir, proto, null);
      return primary();
    }
    return switch (word) {
      case "host" -> remember(Kind.HOST, dir, proto, host(next()));
      case "net" -> remember(Kind.NET, dir, proto, net(next()));
      case "port" -> remember(Kind.PORT, dir, proto, port(next()));
      default -> implied(word, dir, proto);
    };
  }

  /** A bare value: the qualifiers of the primitive before it, or a host when it is an address. */
  private SnifferFilter implied(String word, Dir dir, int proto) throws FilterException {
    Kind kind = lastKind;
    if (dir == Dir.EITHER && proto < 0) {
      dir = lastDir;
      proto = lastProto;
    }
    if (kind == null) {
      kind = Character.isDigit(word.charAt(0)) && word.indexOf('.') > 0 ? Kind.HOST : null;
    }
    if (kind == null) {
      throw syntax();
    }
    return switch (kind) {
      case HOST -> new SnifferFilter.Net(dir, host(word));
      case NET -> new SnifferFilter.Net(dir, net(word));
      case PORT -> new SnifferFilter.Port(dir, port(word), proto);
    };
  }

  private SnifferFilter remember(Kind kind, Dir dir, int proto, Object value)
      throws FilterException {
    if (proto >= 0 && kind != Kind.PORT) {
      throw syntax();
    }
    lastKind = kind;
    lastDir = dir;
    lastProto = proto;
    if (value == null) {
      return null;
    }
    return switch (kind) {
      case HOST, NET -> new SnifferFilter.Net(dir, (Ip4Prefix) value);
      case PORT -> new SnifferFilter.Port(dir, (Integer) value, proto);
    };
  }

  private static Ip4Prefix host(String word) throws FilterException {
    try {
      return Ip4Prefix.host(Ip4.parse(word));
    } catch (IllegalArgumentException e) {
      throw new FilterException("unknown host '" + word + "'");
    }
  }

  private static Ip4Prefix net(String word) throws FilterException {
    try {
      Ip4Prefix p = Ip4Prefix.parse(word.contains("/") ? word : word + "/32");
      if (p.network() != Ip4.parse(word.split("/")[0])) {
        throw new FilterException("non-network bits set in \"" + word + "\"");
      }
      return p;
    } catch (IllegalArgumentException e) {
      throw new FilterException("invalid network '" + word + "'");
    }
  }

  private static int port(String word) throws FilterException {
    try {
      int port = Integer.parseInt(word);
      if (port >= 0 && port <= 65535) {
        return port;
      }
      throw new FilterException("illegal port number " + port + " > 65535");
    } catch (NumberFormatException e) {
      throw new FilterException("unknown port '" + word + "'");
    }
  }

  private static int protocol(String word) {
    return switch (word) {
      case "tcp" -> SniffedPacket.TCP;
      case "udp" -> SniffedPacket.UDP;
      case "icmp" -> SniffedPacket.ICMP;
      case "ip" -> -1;
      default -> Integer.MIN_VALUE;
    };
  }

  private boolean accept(String token) {
    if (peekIs(token)) {
      at++;
      return true;
    }
    return false;
  }

  private boolean peekIs(String token) {
    return at < tokens.size() && tokens.get(at).equals(token);
  }

  private String next() throws FilterException {
    if (at >= tokens.size()) {
      throw syntax();
    }
    String t = tokens.get(at++);
    if (t.equals("(") || t.equals(")") || t.equals("and") || t.equals("or")) {
      throw syntax();
    }
    return t;
  }

  private static FilterException syntax() {
    return new FilterException("syntax error");
  }

  /** Words, parentheses and the operator symbols, lower-cased as pcap-filter's keywords are. */
  private static List<String> tokenize(String text) throws FilterException {
    List<String> out = new ArrayList<>();
    String s = text.toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        out.add(String.valueOf(c));
        i++;
      } else if (s.startsWith("&&", i) || s.startsWith("||", i)) {
        out.add(s.substring(i, i + 2));
        i += 2;
      } else if (c == '!') {
        out.add("!");
        i++;
      } else if (Character.isLetterOrDigit(c) || c == '.' || c == '/' || c == '-' || c == '_') {
        int start = i;
        while (i < s.length()
            && (Character.isLetterOrDigit(s.charAt(i)) || ".-_/:".indexOf(s.charAt(i)) >= 0)) {
          i++;
        }
        out.add(s.substring(start, i));
      } else {
        throw new FilterException("illegal character: '" + c + "'");
      }
    }
    return out;
  }
}
