package org.fwsim.testbench.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The storm instant: a ready shard waits for it, a late one fails in one line. */
class StormStartTest {

  private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");
  private static final Instant AT = T0.plusSeconds(90);

  @Test
  void aShardReadyBeforeTheInstantStartsAtIt() throws Exception {
    SteppedWallClock wall = new SteppedWallClock(T0);
    StormStart start = StormStart.at(AT, wall, wall.jumping());
    start.requireAhead();
    wall.advance(Duration.ofSeconds(30)); // boot and enrollment

    assertEquals(AT, start.await("1/4"));
  }

  @Test
  void aShardReadyAfterTheInstantFailsNamingItselfAndHowLate() {
    SteppedWallClock wall = new SteppedWallClock(T0);
    StormStart start = StormStart.at(AT, wall, wall.jumping());
    wall.advance(Duration.ofMillis(91_250));

    var late = assertThrows(StormStart.LateShardException.class, () -> start.await("2/4"));
    assertEquals(
        "shard 2/4 was ready at 2026-12-07T06:01:31.250Z, 1.250 s after --storm-at"
            + " 2026-12-07T06:01:30Z: start the shards earlier or give a later instant",
        late.getMessage());
  }

  @Test
  void anInstantAlreadyPastIsRefusedBeforeAnythingStarts() {
    SteppedWallClock wall = new SteppedWallClock(AT);
    StormStart start = StormStart.at(AT, wall, wall.jumping());

    var past = assertThrows(StormStart.LateShardException.class, start::requireAhead);
    assertTrue(past.getMessage().startsWith("--storm-at 2026-12-07T06:01:30Z is already past"));
  }

  @Test
  void withoutAnInstantTheStormStartsWhenReady() throws Exception {
    SteppedWallClock wall = new SteppedWallClock(T0);
    StormStart start = StormStart.whenReady(wall);
    start.requireAhead();
    wall.advance(Duration.ofSeconds(5));

    assertEquals(T0.plusSeconds(5), start.await("0/1"));
  }

  @Test
  void theRealPauseReturnsOnceTheClockReadsTheTarget() throws Exception {
    SteppedWallClock wall = new SteppedWallClock(T0);
    StormStart.SLEEP.until(T0, wall); // already there: no wait at all
    StormStart.SLEEP.until(T0.minusSeconds(1), wall);
  }

  @Test
  void theInstantIsReadAsIso8601Utc() {
    StormStart.Converter c = new StormStart.Converter();
    assertEquals(AT, c.convert("2026-12-07T06:01:30Z"));
    var bad = assertThrows(TypeConversionException.class, () -> c.convert("06:01"));
    assertTrue(bad.getMessage().startsWith("--storm-at wants an ISO-8601 UTC instant"));
  }

  @Test
  void shardsOfOneRunAgreeOnItsIdAndAnotherRunDiffers() {
    Map<String, String> fleet = Map.of("devices", "100", "vdoms", "1", "shards", "4");
    String id = RunId.of(null, AT, fleet);
    assertEquals(16, id.length());
    assertEquals(id, RunId.of(" ", AT, Map.of("shards", "4", "vdoms", "1", "devices", "100")));
    assertNotEquals(id, RunId.of(null, AT.plusSeconds(1), fleet));
    assertNotEquals(id, RunId.of(null, AT, Map.of("devices", "101", "vdoms", "1", "shards", "4")));
    assertEquals("nightly-7", RunId.of("nightly-7", AT, fleet));
  }
}
