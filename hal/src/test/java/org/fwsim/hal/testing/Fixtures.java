package org.fwsim.hal.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Test fixtures kept as files under {@code src/test/resources} (configuration snippets, scripts,
 * expected output) instead of text blocks pasted into tests, so one snippet has one home and reads
 * as the FortiOS text it is.
 */
public final class Fixtures {
  private Fixtures() {}

  /**
   * The UTF-8 text of a classpath resource, e.g. {@code "/fixtures/FirmwareTest/multi-vdom.conf"}.
   *
   * @throws IllegalArgumentException when there is no such resource
   */
  public static String text(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test fixture " + resource + " on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test fixture " + resource, e);
    }
  }
}
