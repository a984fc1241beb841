package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimulatedSchedulerTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private final SimulatedScheduler scheduler = SimulatedScheduler.startingAt(START);
  private final List<String> log = new ArrayList<>();

  @Test
  void tasks_runByDueTimeThenSubmissionOrder_andClockJumps() {
    scheduler.schedule(() -> log.add("b@2 " + scheduler.instant()), 2, TimeUnit.SECONDS);
    scheduler.schedule(() -> log.add("a@1"), 1, TimeUnit.SECONDS);
    scheduler.schedule(() -> log.add("c@2"), 2, TimeUnit.SECONDS);
    scheduler.execute(() -> log.add("now"));

    scheduler.runFor(Duration.ofSeconds(10));

    assertEquals(List.of("now", "a@1", "b@2 " + START.plusSeconds(2), "c@2"), log);
    assertEquals(START.plusSeconds(10), scheduler.instant());
  }

  @Test
  void nothingRunsUntilDriven() {
    scheduler.execute(() -> log.add("x"));
    assertTrue(log.isEmpty());
    assertTrue(scheduler.runNext());
    assertEquals(List.of("x"), log);
    assertFalse(scheduler.runNext());
  }

  @Test
  void fixedRate_repeatsUntilCancelled() {
    ScheduledFuture<?> f =
        scheduler.scheduleAtFixedRate(() -> log.add(scheduler.instant().toString()), 1, 2, TimeUnit.SECONDS);

    scheduler.runFor(Duration.ofSeconds(6));
    f.cancel(false);
    scheduler.runFor(Duration.ofSeconds(6));

    assertEquals(
        List.of(
            START.plusSeconds(1).toString(),
            START.plusSeconds(3).toString(),
            START.plusSeconds(5).toString()),
        log);
  }

  @Test
  void runUntilCondition_stopsEarlyOrAtLimit() {
    scheduler.schedule(() -> log.add("late"), 1, TimeUnit.HOURS);

    assertFalse(scheduler.runUntil(() -> !log.isEmpty(), Duration.ofMinutes(1)));
    assertEquals(START.plusSeconds(60), scheduler.instant());
    assertTrue(scheduler.runUntil(() -> !log.isEmpty(), Duration.ofHours(2)));
    assertEquals(START.plusSeconds(3600), scheduler.instant());
  }

  @Test
  void failingExecuteTask_isCountedAndOthersRun() {
    scheduler.execute(() -> { throw new IllegalStateException("boom"); });
    scheduler.execute(() -> log.add("after"));

    scheduler.runFor(Duration.ZERO);

    assertEquals(1, scheduler.failedTasks());
    assertEquals(List.of("after"), log);
  }

  @Test
  void shutdown_rejectsNewTasks() {
    scheduler.shutdown();
    assertThrows(RejectedExecutionException.class, () -> scheduler.execute(() -> {}));
    assertTrue(scheduler.isTerminated());
  }
}
