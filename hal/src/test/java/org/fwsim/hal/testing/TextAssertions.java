package org.fwsim.hal.testing;

import java.util.ArrayList;
import java.util.List;

/** Assertions on console and trace text, reporting what is missing together with the whole text. */
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
}
