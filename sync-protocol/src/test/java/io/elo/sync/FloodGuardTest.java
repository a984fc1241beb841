package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloodGuardTest {
  @Test
  void withinTheRate_everythingIsGranted() {
    FloodGuard guard = new FloodGuard(100, 500, 0);
    for (int second = 0; second < 60; second++) {
      FloodGuard.Outcome o = guard.take(100, second * 1000L);
      assertEquals(100, o.granted());
      assertFalse(o.firstDrop() || o.sustained());
    }
    assertEquals(0, guard.dropped());
  }

  @Test
  void overTheBurst_dropsTheExcess_reportingOnlyTheFirstDropOfARun() {
    FloodGuard guard = new FloodGuard(100, 500, 0);
    FloodGuard.Outcome first = guard.take(600, 0);
    assertEquals(500, first.granted());
    assertTrue(first.firstDrop());
    assertFalse(first.sustained());
    FloodGuard.Outcome second = guard.take(10, 0);
    assertEquals(0, second.granted());
    assertFalse(second.firstDrop(), "same run");
    assertEquals(110, guard.dropped());
    assertEquals(100, guard.take(100, 1000).granted(), "refilled after a second");
  }

  @Test
  void sustainedFlood_exhaustsTheSecondBucket() {
    FloodGuard guard = new FloodGuard(100, 500, 0);
    boolean sustained = false;
    long t = 0;
    for (; t < 10_000 && !sustained; t += 10) {
      sustained = guard.take(50, t).sustained(); // 5,000 a second, 50 times the rate
    }
    assertTrue(sustained);
    assertTrue(t < 500, "disconnected within half a second: " + t);
  }

  @Test
  void betweenOnceAndTwiceTheRate_isThrottledButNeverSustained() {
    FloodGuard guard = new FloodGuard(100, 500, 0);
    for (long t = 0; t < 60_000; t += 100) {
      assertFalse(guard.take(15, t).sustained()); // 150 a second
    }
    assertTrue(guard.dropped() > 0);
  }
}
