package org.fwsim.hal.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real program an interop test talks to, and the one place that decides what a test does when it
 * is missing: fail, naming the program and the Debian packages that install it, so that the
 * README's test command never passes with tests silently skipped. A developer who wants the rest to
 * run without the peers passes {@code -Dfwsim.peers=skip} to Maven (never the default).
 */
public enum Peer {
  SCEPSERVER("scepserver", "scep"),
  SCEPCLIENT("scepclient", "scep"),
  // pki fetches over HTTP through libstrongswan-extra-plugins' curl plugin.
  PKI("pki", "strongswan-pki libstrongswan-extra-plugins"),
  OPENSSL("openssl", "openssl"),
  SSH("ssh", "openssh-client"),
  SSHPASS("sshpass", "sshpass"),
  // Debian's netmiko lives beside Debian's python3, not in whatever python3 comes first on PATH.
  NETMIKO("python3", "python3-netmiko"),
  CURL("curl", "curl"),
  // Wireshark's dissectors read the sniffer's captures as a user's Wireshark would.
  TSHARK("tshark", "tshark"),
  // Let's Encrypt's ACME test server and its mock DNS (which points pebble at the appliance).
  PEBBLE("pebble", "pebble"),
  PEBBLE_CHALLTESTSRV("pebble-challtestsrv", "pebble");

  /** The system property (set with {@code -D} on Maven's command line) that opts out. */
  public static final String OPT_OUT = "fwsim.peers";

  private final String program;
  private final String debianPackages;

  Peer(String program, String debianPackages) {
    this.program = program;
    this.debianPackages = debianPackages;
  }

  /**
   * The peer's executable; when it is missing the calling test fails (or, with {@code
   * -Dfwsim.peers=skip}, is skipped) with a message that says how to install it.
   */
  public Path require() {
    return require(find(), System.getProperty(OPT_OUT));
  }

  Path require(Optional<Path> found, String optOut) {
    if (found.isPresent()) {
      return found.get();
    }
    if (skipping(optOut)) {
      Assumptions.abort(missing(optOut));
    }
    return Assertions.fail(missing(optOut));
  }

  /** Where the peer is installed, if it is. */
  public Optional<Path> find() {
    if (this == NETMIKO) {
      Path python = Path.of("/usr/bin/python3");
      return Files.isExecutable(python)
              && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/netmiko"))
          ? Optional.of(python)
          : Optional.empty();
    }
    return onPath(program, System.getenv("PATH"));
  }

  /** The text a test shows when the peer is missing, given the opt-out property's value. */
  String missing(String optOut) {
    String what = this == NETMIKO ? "Debian's netmiko (python3-netmiko)" : program;
    String text =
        what
            + " is not installed: `apt-get install "
            + debianPackages
            + "` (or run .ci/run, which installs every peer)";
    return skipping(optOut)
        ? text + "; skipped because -D" + OPT_OUT + "=skip"
        : text + "; -D" + OPT_OUT + "=skip skips the tests that need it";
  }

  static boolean skipping(String optOut) {
    return "skip".equals(optOut);
  }

  static Optional<Path> onPath(String program, String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }
}
