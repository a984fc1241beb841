package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The deficit token buckets behind the request limits: burst, refill, messages, items, bytes. */
class RequestBudgetPropertyTest {
  private static final RequestLimit LIMIT = RequestLimit.of(10, 100, 10_000, Duration.ofSeconds(2));

  @Test
  void fullBurst_isServedAtOnce_thenOneMessageEveryTenthOfASecond() {
    RequestBudget budget = new RequestBudget(LIMIT, 0);
    for (int i = 0; i < 20; i++) {
      assertTrue(budget.ready(0), "burst of 2 s x 10/s, request " + i);
      budget.take(1);
    }
    assertFalse(budget.ready(0));
    assertEquals(1, budget.waitMillis(0), "at 0 tokens the next millisecond brings some back");
    budget.take(1); // one in debt, as a request served in the same instant would leave it
    long wait = budget.waitMillis(0);
    assertTrue(wait >= 100 && wait <= 101, "one message of debt at 10/s: " + wait);
    assertFalse(budget.ready(99));
    assertTrue(budget.ready(101));
  }

  @Test
  void items_limitOnTheirOwn() {
    RequestBudget budget = new RequestBudget(LIMIT, 0);
    budget.take(200); // the whole item burst in one message
    assertFalse(budget.ready(0), "messages are left, items are not");
    assertTrue(budget.ready(10), "10 ms later one item is back");
    budget.take(21); // served, leaving 20 items of debt: 200 ms more at 100 items/s
    long wait = budget.waitMillis(10);
    assertTrue(wait >= 200 && wait <= 201, "wait " + wait);
  }

  @Test
  void bytes_chargedAfterTheAnswer_putTheBudgetInDebt() {
    RequestBudget budget = new RequestBudget(LIMIT, 0);
    budget.take(1);
    budget.charge(50_000); // a 50 KB answer against a 20 KB burst: 30 KB of debt, 3 s at 10 KB/s
    assertEquals(3_001, budget.waitMillis(0));
    assertTrue(budget.ready(3_001));
  }

  @Test
  void refill_stopsAtTheBurst() {
    RequestBudget budget = new RequestBudget(LIMIT, 0);
    int served = 0;
    while (budget.ready(3_600_000)) { // an hour idle refills no more than the burst
      budget.take(1);
      served++;
    }
    assertEquals(20, served);
  }

  /**
   * A peer asking at random times, each request served only when the budget is ready: over every
   * interval the served messages, items and bytes stay within rate x (burst + interval) plus the
   * largest single request.
   */
  @Property(tries = 300)
  void servedCost_neverExceedsRateTimesIntervalPlusBurst(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int meanGapMillis) {
    Random random = new Random(seed);
    RequestBudget budget = new RequestBudget(LIMIT, 0);
    List<long[]> served = new ArrayList<>(); // time, items, bytes
    long now = 0;
    for (int i = 0; i < 2_000; i++) {
      now += random.nextInt(2 * meanGapMillis + 1);
      int items = 1 + random.nextInt(16);
      long bytes = random.nextInt(4_000);
      if (budget.ready(now)) {
        budget.take(items);
        budget.charge(bytes);
        served.add(new long[] {now, items, bytes});
      }
    }
    double burstSeconds = LIMIT.burst().toMillis() / 1000.0;
    for (int from = 0; from < served.size(); from += 7) {
      long messages = 0;
      long items = 0;
      long bytes = 0;
      for (int to = from; to < served.size(); to++) {
        messages++;
        items += served.get(to)[1];
        bytes += served.get(to)[2];
        double seconds = (served.get(to)[0] - served.get(from)[0]) / 1000.0;
        assertTrue(messages <= LIMIT.messagesPerSecond() * (burstSeconds + seconds) + 1);
        assertTrue(items <= LIMIT.itemsPerSecond() * (burstSeconds + seconds) + 16);
        assertTrue(bytes <= LIMIT.bytesPerSecond() * (burstSeconds + seconds) + 4_000);
      }
    }
  }

  /**
   * A peer that never asks for more than the rates, however it spaces its requests, waits never.
   */
  @Property(tries = 300)
  void withinTheRates_isAlwaysReady(@ForAll long seed) {
    Random random = new Random(seed);
    RequestBudget budget = new RequestBudget(LIMIT, 0);
    long now = 0;
    for (int i = 0; i < 2_000; i++) {
      int items = 1 + random.nextInt(10);
      long bytes = random.nextInt(1_000);
      // Spaced by the largest of the three costs at their rates: never above any rate.
      now += (long) Math.ceil(Math.max(100, Math.max(items * 10, bytes / 10.0)));
      assertTrue(budget.ready(now), "request " + i);
      budget.take(items);
      budget.charge(bytes);
    }
  }
}
