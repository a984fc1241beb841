package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic discrete-event scheduler on virtual time: both the {@link
 * ScheduledExecutorService} and the {@link InstantSource} of the nodes of a {@link
 * SimulatedNetwork}, so production code runs on it unchanged.
 *
 * <p>Nothing runs until the test drives it with {@link #runFor}, {@link #runUntil} or {@link
 * #runNext}; tasks run one at a time on the driving thread, in order of due time and then of
 * submission, and the clock jumps to each task's due time. The same submissions therefore give
 * the same run. Submitting from other threads is safe, but only one thread may drive. An
 * exception thrown by a task given to {@link #execute} is logged and counted ({@link
 * #failedTasks()}); other tasks report it through their futures, as usual.
 */
public final class SimulatedScheduler extends AbstractExecutorService
    implements ScheduledExecutorService, InstantSource {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedScheduler.class);

  private final Instant epoch;
  private final PriorityQueue<SimulatedTask<?>> queue = new PriorityQueue<>();
  private long nowNanos;
  private long sequence;
  private long executed;
  private long failed;
  private boolean shutdown;

  private SimulatedScheduler(Instant epoch) {
    this.epoch = checkNotNull(epoch);
  }

  /** Returns a scheduler whose virtual clock starts at {@code start}. */
  public static SimulatedScheduler startingAt(Instant start) {
    return new SimulatedScheduler(start);
  }

  @Override
  public synchronized Instant instant() {
    return epoch.plusNanos(nowNanos);
  }

  /** Virtual nanoseconds elapsed since the start. */
  public synchronized long nanoTime() {
    return nowNanos;
  }

  /** Tasks run so far. */
  public synchronized long executedTasks() {
    return executed;
  }

  /** Tasks given to {@link #execute} that threw. */
  public synchronized long failedTasks() {
    return failed;
  }

  /** Tasks waiting to run (cancelled ones included until they reach the head). */
  public synchronized int pendingTasks() {
    return queue.size();
  }

  /** Runs the next due task, advancing the clock to it; returns false if there is none. */
  public boolean runNext() {
    SimulatedTask<?> task;
    synchronized (this) {
      task = queue.poll();
      while (task != null && task.isCancelled()) {
        task = queue.poll();
      }
      if (task == null) {
        return false;
      }
      nowNanos = Math.max(nowNanos, task.dueNanos());
      executed++;
    }
    task.run();
    return true;
  }

  /** Runs every task due within {@code duration} from now, then sets the clock to the end. */
  public void runFor(Duration duration) {
    checkArgument(!duration.isNegative(), "negative duration");
    runUntil(instant().plus(duration));
  }

  /** Runs every task due at or before {@code end}, then sets the clock to {@code end}. */
  public void runUntil(Instant end) {
    long endNanos = Duration.between(epoch, end).toNanos();
    while (true) {
      synchronized (this) {
        SimulatedTask<?> head = queue.peek();
        if (head == null || head.dueNanos() > endNanos) {
          nowNanos = Math.max(nowNanos, endNanos);
          return;
        }
      }
      runNext();
    }
  }

  /**
   * Runs tasks until {@code condition} holds (checked before each task) or {@code limit} of
   * virtual time has passed; returns whether the condition holds.
   */
  public boolean runUntil(BooleanSupplier condition, Duration limit) {
    long endNanos = nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      synchronized (this) {
        SimulatedTask<?> head = queue.peek();
        if (head == null || head.dueNanos() > endNanos) {
          nowNanos = Math.max(nowNanos, endNanos);
          return condition.getAsBoolean();
        }
      }
      runNext();
    }
    return true;
  }

  @Override
  public void execute(Runnable command) {
    checkNotNull(command);
    schedule(
        () -> {
          try {
            command.run();
          } catch (RuntimeException | Error e) {
            synchronized (this) {
              failed++;
            }
            LOG.error("simulated task failed", e);
          }
        },
        0,
        TimeUnit.NANOSECONDS);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(Executors.callable(command), unit.toNanos(delay), 0);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(callable, unit.toNanos(delay), 0);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    checkArgument(period > 0, "period must be positive");
    return enqueue(Executors.callable(command), unit.toNanos(initialDelay), unit.toNanos(period));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    checkArgument(delay > 0, "delay must be positive");
    return enqueue(Executors.callable(command), unit.toNanos(initialDelay), -unit.toNanos(delay));
  }

  private synchronized <V> SimulatedTask<V> enqueue(Callable<V> callable, long delay, long period) {
    if (shutdown) {
      throw new RejectedExecutionException("scheduler shut down");
    }
    SimulatedTask<V> task =
        new SimulatedTask<>(this, callable, nowNanos + Math.max(0, delay), sequence++, period);
    queue.add(task);
    return task;
  }

  /** Puts a periodic task back in the queue for its next run. */
  synchronized void requeue(SimulatedTask<?> task, long nextDueNanos) {
    if (!shutdown) {
      task.reschedule(Math.max(nowNanos, nextDueNanos), sequence++);
      queue.add(task);
    }
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> pending = new ArrayList<>(queue);
    queue.clear();
    return pending;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  /** Returns at once: a virtual scheduler never waits for real time. */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }
}
