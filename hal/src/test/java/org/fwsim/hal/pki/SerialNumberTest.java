package org.fwsim.hal.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SerialNumberTest {

  @Test
  void firstDeviceOfAFleetIsSequenceOne() {
    assertEquals("FGVM02TM24000001", SerialNumber.of(2024, 0));
    assertEquals("FGVM02TM26000017", SerialNumber.of(2026, 16));
    assertEquals("FGVM02TM26999999", SerialNumber.of(2026, SerialNumber.MAX_INDEX));
    assertEquals("FGT60FTK20001234", SerialNumber.of("FGT60FTK", 2020, 1233));
  }

  @Test
  void theIndexComesBackFromTheSerial() {
    for (int index : new int[] {0, 1, 9_999, SerialNumber.MAX_INDEX}) {
      assertEquals(index, SerialNumber.indexOf(SerialNumber.of(2025, index)));
    }
  }

  @Test
  void badInputIsNamed() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> SerialNumber.of(2024, -1))
            .getMessage()
            .contains("-1"));
    assertThrows(
        IllegalArgumentException.class, () -> SerialNumber.of(2024, SerialNumber.MAX_INDEX + 1));
    assertThrows(IllegalArgumentException.class, () -> SerialNumber.of(1999, 0));
    assertThrows(IllegalArgumentException.class, () -> SerialNumber.of("fgvm02tm", 2024, 0));
    assertThrows(IllegalArgumentException.class, () -> SerialNumber.of("FGVM02", 2024, 0));
    assertThrows(IllegalArgumentException.class, () -> SerialNumber.indexOf("FGVM02TM2400001"));
    assertThrows(IllegalArgumentException.class, () -> SerialNumber.indexOf("FGVM02TM24000000"));
    assertThrows(IllegalArgumentException.class, () -> SerialNumber.indexOf(null));
  }
}
