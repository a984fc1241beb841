package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The adaptive transaction request window of one peer. */
class RequestWindowPropertyTest {
  /** Any mix of answers (fast, slow) and timeouts keeps the window within its bounds. */
  @Property(tries = 200)
  void window_staysBetweenFloorAndCeiling(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 200) int floor,
      @ForAll @IntRange(min = 0, max = 5_000) int extra) {
    int ceiling = floor + extra;
    Random random = new Random(seed);
    long now = 0;
    RequestWindow w = new RequestWindow(floor, ceiling, now);
    for (int i = 0; i < 5_000; i++) {
      now += random.nextInt(50);
      long sentAt = now - random.nextInt(500);
      int before = w.limit();
      if (random.nextInt(10) == 0) {
        w.timedOut(sentAt, now);
        assertTrue(w.limit() <= before, "a timeout never grows the window");
      } else {
        w.answered(sentAt, now, random.nextBoolean());
        assertTrue(w.limit() >= before, "an answer never shrinks the window");
      }
      assertTrue(w.limit() >= floor && w.limit() <= ceiling, "window " + w.limit());
    }
  }

  /** Answers within the round trip while requests wait: the window reaches the ceiling. */
  @Property(tries = 100)
  void fastAnswers_growTheWindowToTheCeiling(
      @ForAll @IntRange(min = 1, max = 100) int floor,
      @ForAll @IntRange(min = 0, max = 5_000) int extra,
      @ForAll @IntRange(min = 0, max = 300) int roundTrip) {
    int ceiling = floor + extra;
    RequestWindow w = new RequestWindow(floor, ceiling, 0);
    long now = 0;
    int rounds = 0;
    while (w.limit() < ceiling) {
      int inFlight = w.limit();
      now += roundTrip;
      for (int i = 0; i < inFlight; i++) {
        w.answered(now - roundTrip, now, true);
      }
      rounds++;
    }
    // Slow start: the window doubles per round trip, so log2(ceiling / floor) rounds suffice.
    int bound = 1 + 32 - Integer.numberOfLeadingZeros(Math.max(1, ceiling / floor));
    assertTrue(rounds <= bound, rounds + " rounds to grow from " + floor + " to " + ceiling);
  }

  @Test
  void answers_withNothingWaiting_doNotGrowTheWindow() {
    RequestWindow w = new RequestWindow(10, 1_000, 0);
    for (int i = 0; i < 100; i++) {
      w.answered(i, i + 1, false);
    }
    assertEquals(10, w.limit());
  }

  @Test
  void theBaseRoundTrip_isRelearntAfterTwoEpochs_whenThePathGetsSlower() {
    RequestWindow w = new RequestWindow(10, 1_000, 0);
    w.answered(0, 5, true);
    assertEquals(5, w.baseRoundTrip());
    long now = 5;
    for (int epoch = 0; epoch < 3; epoch++) {
      now += RequestWindow.EPOCH_MILLIS;
      w.answered(now - 100, now, true);
    }
    assertEquals(100, w.baseRoundTrip());
  }
}
