package org.fwsim.firmware.cli;

/**
 * FortiOS CLI return codes used by the simulator.
 *
 * <p>-61 for an invalid command or value is seen in public console captures. The others are
 * INFERENCE from memory of FortiOS consoles and are not confirmed by the reference: -3 for an entry
 * that does not exist, -651 for an {@code edit} block refused by {@code node_check_object}, -1 for
 * a command not allowed in the current context, -23 for deleting an entry other tables use.
 */
public final class ReturnCodes {
  /** Command or value could not be parsed. */
  public static final int INVALID = -61;

  /** Entry not found. */
  public static final int NOT_FOUND = -3;

  /** The staged object failed validation and was discarded. */
  public static final int CHECK_FAILED = -651;

  /** The entry is used by other entries (a datasource reference), so it may not be deleted. */
  public static final int IN_USE = -23;

  /** Operation not permitted here (e.g. deleting the root VDOM). */
  public static final int NOT_PERMITTED = -1;

  private ReturnCodes() {}
}
