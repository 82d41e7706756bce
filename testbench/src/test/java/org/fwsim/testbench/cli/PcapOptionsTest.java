package org.fwsim.testbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --pcap-devices}: a count takes the first devices, names choose them, typos are refused.
 */
class PcapOptionsTest {

  private static final List<String> NAMES = List.of("FGT-00000", "FGT-00001", "FGT-00002");

  @Test
  void aCountTakesTheFirstDevicesAndNamesChooseThem() {
    assertEquals(List.of(0), PcapOptions.choose("1", NAMES));
    assertEquals(List.of(0, 1, 2), PcapOptions.choose("10", NAMES), "at most the whole fleet");
    assertEquals(List.of(2, 0), PcapOptions.choose("FGT-00002, FGT-00000,FGT-00002", NAMES));
  }

  @Test
  void anUnknownNameOrNoDeviceIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PcapOptions.choose("FGT-9", NAMES));
    assertEquals("--pcap-devices: no device FGT-9 in this run", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PcapOptions.choose("0", NAMES));
    assertThrows(IllegalArgumentException.class, () -> PcapOptions.choose("", NAMES));
  }
}
