package org.fwsim.firmware.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** {@code | grep} over command output, with the options FortiOS's grep takes. */
class OutputGrepTest {
  private static final String SHOWN =
      """
      config system interface
          edit "port1"
              set ip 192.168.1.99 255.255.255.0
              set allowaccess ping https ssh
          next
          edit "port2"
              set alias "uplink"
          next
      end
      """;

  private static String grep(String options) {
    OutputGrep.Piped p = OutputGrep.split("show system interface | grep " + options);
    return p.grep() == null ? p.error() : p.grep().apply(SHOWN);
  }

  @Test
  void splitsOnlyAtAnUnquotedPipeBeforeGrep() {
    assertNull(OutputGrep.split("set comments \"a | grep b\""));
    assertNull(OutputGrep.split("show system interface"));
    assertEquals(
        "show system interface", OutputGrep.split("show system interface | grep x").command());
  }

  @Test
  void keepsMatchingLinesWithTheOptionsFortiOsGrepTakes() {
    assertEquals("    edit \"port1\"\n", grep("port1"));
    assertEquals("        set alias \"uplink\"\n", grep("-i UPLINK"));
    assertEquals("3\n", grep("-c set"));
    assertEquals("7:        set alias \"uplink\"\n", grep("-n alias"));
    assertEquals(6, grep("-v set").lines().count());
    assertEquals(
        "    edit \"port2\"\n        set alias \"uplink\"\n    next\n", grep("-C 1 uplink"));
  }

  @Test
  void dashFShowsTheBlocksAroundEachMatch() {
    assertEquals(
        """
        config system interface
            edit "port2"
                set alias "uplink"
            next
        end
        """,
        grep("-f alias"));
  }

  @Test
  void aBadGrepSaysWhy() {
    assertEquals("Usage: grep [-invfcABC] PATTERN", grep(""));
    assertEquals("grep: invalid option -- 'z'", grep("-z x"));
  }
}
