package org.fwsim.hal.lang;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RequireTest {

  @Test
  void passesWhenEveryValueIsThere() {
    assertDoesNotThrow(() -> Require.nonNull("clock, egress interface, reason", 1, "port1", ""));
  }

  @Test
  void namesTheFirstNullValue() {
    NullPointerException first =
        assertThrows(
            NullPointerException.class, () -> Require.nonNull("clock, mailbox", null, null));
    assertEquals("clock", first.getMessage());
    NullPointerException middle =
        assertThrows(
            NullPointerException.class,
            () -> Require.nonNull("clock, egress interface, reason", 1, null, "x"));
    assertEquals("egress interface", middle.getMessage());
    NullPointerException last =
        assertThrows(
            NullPointerException.class,
            () -> Require.nonNull("clock, interface-select-method", 1, null));
    assertEquals("interface-select-method", last.getMessage());
  }

  @Test
  void refusesNamesThatDoNotMatchTheValues() {
    assertThrows(IllegalArgumentException.class, () -> Require.nonNull("clock", 1, 2));
    assertThrows(IllegalArgumentException.class, () -> Require.nonNull("clock, mailbox", 1));
    assertThrows(IllegalArgumentException.class, () -> Require.nonNull("clock, mailbox, ", 1, 2));
  }
}
