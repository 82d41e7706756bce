package org.fwsim.testbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** Durations as people write them on the command line, and back. */
class DurationConverterTest {

  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S, 250ms",
    "90s, PT1M30S, 90s",
    "5m, PT5M, 5m",
    "2h, PT2H, 2h",
    "1d, PT24H, 1d",
    "PT1H30M, PT1H30M, 90m",
    "0s, PT0S, 0s"
  })
  void readsAndWritesTheShortForms(String text, Duration expected, String shortest) {
    Duration d = new DurationConverter().convert(text);
    assertEquals(expected, d);
    assertEquals(shortest, DurationConverter.format(d));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "5", "-5s", "5w", "PT-1S", ""})
  void refusesWhatIsNoDurationQuotingIt(String text) {
    TypeConversionException e =
        assertThrows(TypeConversionException.class, () -> new DurationConverter().convert(text));
    assertEquals("'" + text + "' is no duration (e.g. 90s, 5m, 2h, 1d)", e.getMessage());
  }
}
