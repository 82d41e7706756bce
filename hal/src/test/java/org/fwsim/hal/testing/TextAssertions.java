package org.fwsim.hal.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/**
 * Assertions on text (console output, traces, the messages of refused values), reporting what is
 * missing together with the whole text.
 */
public final class TextAssertions {
  private TextAssertions() {}

  /**
   * Fails unless {@code text} contains every one of {@code parts}, naming each missing part and
   * showing the text.
   */
  public static void assertContainsAll(String text, String... parts) {
    List<String> missing = new ArrayList<>();
    for (String part : parts) {
      if (!text.contains(part)) {
        missing.add(part);
      }
    }
    if (!missing.isEmpty()) {
      throw new AssertionError("missing " + missing + " in:\n" + text);
    }
  }

  /**
   * Fails unless {@code call} refuses its argument with an {@link IllegalArgumentException} whose
   * message contains every one of {@code parts}; returns the exception.
   */
  public static IllegalArgumentException assertRefusedNaming(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertContainsAll(String.valueOf(e.getMessage()), parts);
    return e;
  }
}
