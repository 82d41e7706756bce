package org.fwsim.hal.vdom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VdomTableTest {

  private final VdomTable vdoms = new VdomTable(InstantSource.fixed(Instant.EPOCH));

  @Test
  void rootIsAlwaysThereAsVfidZero() {
    assertEquals(0, vdoms.root().vfid());
    assertEquals("root", vdoms.root().name());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> vdoms.delete("root"));
    assertTrue(e.getMessage().contains("cannot be deleted"));
  }

  @Test
  void furtherVdomsKeepStableIds() {
    Vdom r1 = vdoms.getOrCreate("R1");
    Vdom r2 = vdoms.getOrCreate("R2");
    assertEquals(1, r1.vfid());
    assertEquals(2, r2.vfid());
    assertSame(r1, vdoms.getOrCreate("R1"));
    assertTrue(vdoms.delete("R1"));
    assertFalse(vdoms.delete("R1"));
    assertEquals(2, vdoms.find("R2").orElseThrow().vfid(), "deleting R1 does not renumber R2");
    assertEquals(3, vdoms.getOrCreate("R3").vfid(), "ids are not reused");
    assertEquals(List.of("root", "R2", "R3"), List.copyOf(vdoms.all().keySet()));
  }

  @Test
  void readersKeepTheirSnapshot() {
    Map<String, Vdom> before = vdoms.all();
    vdoms.getOrCreate("customer");
    assertEquals(1, before.size());
    assertThrows(UnsupportedOperationException.class, () -> before.remove("root"));
  }

  @Test
  void badNamesAreRefused() {
    for (String bad : List.of("", "has space", "x".repeat(32), "semi;colon")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> vdoms.getOrCreate(bad));
      assertTrue(e.getMessage().startsWith("invalid VDOM name"), e.getMessage());
    }
  }
}
