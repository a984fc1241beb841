package io.elo.consensus;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded scheduler on virtual time, with the matching clock: tasks run only inside
 * {@link #advanceTo}, in due order. A shared test fixture.
 */
public final class ManualScheduler extends AbstractExecutorService
    implements ScheduledExecutorService, InstantSource {
  private final List<Task> tasks = new ArrayList<>();
  private long nowMillis;
  private long sequence;

  /** Starts the virtual clock at {@code start}. */
  public ManualScheduler(Instant start) {
    this.nowMillis = start.toEpochMilli();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(nowMillis);
  }

  /** Runs every task due up to {@code target}, advancing the clock to each due time. */
  public void advanceTo(Instant target) {
    long end = target.toEpochMilli();
    while (true) {
      Task next =
          tasks.stream()
              .filter(t -> !t.cancelled && t.dueMillis <= end)
              .min(Comparator.comparingLong((Task t) -> t.dueMillis).thenComparingLong(t -> t.seq))
              .orElse(null);
      if (next == null) {
        break;
      }
      tasks.remove(next);
      nowMillis = Math.max(nowMillis, next.dueMillis);
      next.done = true;
      next.runnable.run();
    }
    nowMillis = Math.max(nowMillis, end);
    tasks.removeIf(t -> t.cancelled);
  }

  /** Advances the clock by {@code millis}, running due tasks. */
  public void advanceBy(long millis) {
    advanceTo(Instant.ofEpochMilli(nowMillis + millis));
  }

  /** Due times of the pending tasks, in milliseconds since the epoch. */
  public List<Long> pendingDueTimes() {
    return tasks.stream().filter(t -> !t.cancelled).map(t -> t.dueMillis).sorted().toList();
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task task = new Task(command, nowMillis + unit.toMillis(delay), sequence++);
    tasks.add(task);
    return task;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  public void shutdown() {
    tasks.clear();
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  private final class Task implements ScheduledFuture<Object> {
    final Runnable runnable;
    final long dueMillis;
    final long seq;
    boolean cancelled;
    boolean done;

    Task(Runnable runnable, long dueMillis, long seq) {
      this.runnable = runnable;
      this.dueMillis = dueMillis;
      this.seq = seq;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueMillis - nowMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (done) {
        return false;
      }
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
