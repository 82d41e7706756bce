package org.fwsim.firmware.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProbeWindowTest {

  @Test
  void lossLatencyAndJitterOverTheSlidingWindow() {
    ProbeWindow w = new ProbeWindow(5);
    assertEquals(0.0, w.lossPercent());
    assertEquals(0.0, w.latencyMillis());
    w.addSuccess(10_000);
    w.addSuccess(14_000);
    w.addLoss();
    w.addSuccess(12_000);
    assertEquals(25.0, w.lossPercent(), 1e-9);
    assertEquals(12.0, w.latencyMillis(), 1e-9);
    assertEquals(3.0, w.jitterMillis(), 1e-9, "|14-10| and |12-14|, the loss skipped");
    for (int i = 0; i < 5; i++) {
      w.addSuccess(20_000); // the window slides: older samples drop out
    }
    assertEquals(0.0, w.lossPercent());
    assertEquals(20.0, w.latencyMillis(), 1e-9);
    assertEquals(0.0, w.jitterMillis(), 1e-9);
    for (int i = 0; i < 5; i++) {
      w.addLoss();
    }
    assertEquals(100.0, w.lossPercent());
    assertEquals(0.0, w.latencyMillis());
  }
}
