package org.fwsim.testbench.mgmt.ssh;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/**
 * SSHD logs through SLF4J 1.7, which prints "Failed to load class
 * org.slf4j.impl.StaticLoggerBinder" at every start unless a binding is on the class path: the
 * fleet ships slf4j-nop for it.
 */
class LoggingBindingTest {

  @Test
  void slf4jFindsABindingSoItPrintsNoWarningAtStart() {
    assertDoesNotThrow(() -> Class.forName("org.slf4j.impl.StaticLoggerBinder"));
  }
}
