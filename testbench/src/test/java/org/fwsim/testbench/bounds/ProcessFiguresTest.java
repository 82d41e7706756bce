package org.fwsim.testbench.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProcessFiguresTest {

  @Test
  void readsG1sHeapLineAsJdk17PrintsIt() {
    assertEquals(
        23456,
        ProcessFigures.heapUsedKb(
            " garbage-first heap   total 262144K, used 23456K [0x0000000687400000, 0x0000000800000000)\n"
                + "  region size 4096K, 6 young (24576K), 1 survivors (4096K)\n"));
  }

  @Test
  void readsG1sHeapLineAsJdk25PrintsIt() {
    // JDK 25 splits the total into reserved and committed; ca-bounds printed -1 KB on it.
    assertEquals(
        65227,
        ProcessFigures.heapUsedKb(
            "garbage-first heap   total reserved 6172672K, committed 393216K, used 65227K"
                + " [0x0000000687400000, 0x0000000800000000)\n"
                + " region size 4096K, 16 young (65536K), 1 survivors (4096K)\n"));
  }

  @Test
  void addsTheGenerationsOfTheSerialCollector() {
    assertEquals(
        300,
        ProcessFigures.heapUsedKb(
            " def new generation   total 1000K, used 100K [0x0, 0x1, 0x2)\n"
                + " tenured generation   total 2000K, used 200K [0x0, 0x1, 0x2)\n"));
  }

  @Test
  void saysMinusOneWhenNoLineNamesTheHeap() {
    assertEquals(-1, ProcessFigures.heapUsedKb("Could not attach\n"));
  }
}
