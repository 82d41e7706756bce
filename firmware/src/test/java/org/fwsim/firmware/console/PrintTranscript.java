package org.fwsim.firmware.console;

import java.nio.file.Files;
import java.nio.file.Path;

/** Prints the transcript of a script file through the test fixture (for reviewing goldens). */
final class PrintTranscript {
  private PrintTranscript() {}

  public static void main(String[] args) throws Exception {
    try (ConsoleFixture c = new ConsoleFixture()) {
      System.out.print(c.run(Files.readString(Path.of(args[0]))));
    }
  }
}
