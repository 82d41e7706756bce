package org.fwsim.testbench.ca;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --listen} or {@code --tls-listen} {@code ADDRESS:PORT}: a literal loopback address
 * ({@code localhost} stands for 127.0.0.1; IPv6 in brackets) and a port. Names are not resolved and
 * other addresses are refused: fwsim never serves beyond loopback. Messages do not name the option:
 * the command's error line puts the one the user typed in front of them.
 */
public final class LoopbackListenAddress implements ITypeConverter<InetSocketAddress> {

  @Override
  public InetSocketAddress convert(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw bad("needs ADDRESS:PORT, e.g. 127.0.0.1:8080, got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw bad("port is not a number: '" + text.substring(colon + 1) + "'");
    }
    if (port < 0 || port > 65535) {
      throw bad("port must be 0..65535, got " + port);
    }
    if (host.equalsIgnoreCase("localhost")) {
      host = "127.0.0.1";
    }
    if (!host.matches("[0-9A-Fa-f.:]+")) {
      // Only literals: resolving a name would ask a DNS server, and fwsim stays on loopback.
      throw bad("needs a literal loopback address such as 127.0.0.1 or ::1, got '" + host + "'");
    }
    InetAddress addr;
    try {
      addr = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw bad("address is unknown: '" + host + "'");
    }
    if (!addr.isLoopbackAddress()) {
      throw bad(
          "must be a loopback address (127.0.0.0/8 or ::1); refusing '"
              + host
              + "': fwsim never serves on other addresses");
    }
    return new InetSocketAddress(addr, port);
  }

  private static TypeConversionException bad(String message) {
    return new TypeConversionException(message);
  }
}
