package org.fwsim.firmware.cli;

import java.util.concurrent.CompletionStage;

/**
 * Work that a command leaves running after it returns (an enrollment in flight), and the lines it
 * prints when that work ends. Offered by the firmware as a {@link Services service}.
 */
public interface CommandWork {

  /**
   * Marks work a command started, so that a scripted console waits for it before exiting. Call on
   * the appliance's mailbox.
   *
   * @return {@code work} itself, for chaining
   */
  <T> CompletionStage<T> track(CompletionStage<T> work);

  /** Prints a line on the attached console (an asynchronous command result). Any thread. */
  void print(String line);
}
