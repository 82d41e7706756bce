package org.fwsim.firmware.system;

/**
 * Told when a command moved the appliance's clock ({@code execute date/time}, {@code sim clock
 * set/advance}), so that daemons holding deadlines (forticron) look at them again.
 */
@FunctionalInterface
public interface ClockListener {
  void clockChanged();
}
