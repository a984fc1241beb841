package io.elo.sync;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol thread: runs tasks one at a time, in the order they were posted, on the node's
 * scheduler (the simulated scheduler in a simulation, so a run replays exactly). It is the single
 * owner of the chain protocol's state: whatever touches that state is posted here, and nothing
 * here takes a lock or waits. Runs at most {@value #BATCH} tasks per turn, then gives the scheduler
 * back (its timers and other users stay served), and after each turn runs the after-turn action
 * (publishing status snapshots).
 *
 * <p>The task queue has no bound of its own: every producer is bounded at its source (one drain
 * task per peer inbox, the chain writer and admission bounds, one pending mempool drain, one
 * pending tip announcement, the timers). A task that throws is logged and the loop goes on.
 */
final class ProtocolLoop implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolLoop.class);
  static final int BATCH = 64;

  private final ScheduledExecutorService scheduler;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean closed;
  private volatile Thread owner;
  private Runnable afterTurn = () -> {};

  ProtocolLoop(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Sets what runs after each turn (on the loop). Call before the first task. */
  void afterTurn(Runnable action) {
    this.afterTurn = action;
  }

  /** Posts {@code task}; any thread. Dropped after {@link #close}. */
  @Override
  public void execute(Runnable task) {
    if (closed) {
      return;
    }
    tasks.add(task);
    if (scheduled.compareAndSet(false, true)) {
      submit();
    }
  }

  /** Posts {@code task} after {@code delayMillis}. */
  ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
    return scheduler.schedule(() -> execute(task), delayMillis, TimeUnit.MILLISECONDS);
  }

  /** Posts {@code task} every {@code periodMillis}. */
  ScheduledFuture<?> every(Runnable task, long periodMillis) {
    return scheduler.scheduleWithFixedDelay(
        () -> execute(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Whether the caller runs on the loop now (for assertions in tests). */
  boolean inLoop() {
    return owner == Thread.currentThread();
  }

  /** Drops queued and future tasks. */
  void close() {
    closed = true;
    tasks.clear();
  }

  private void submit() {
    try {
      scheduler.execute(this::turn);
    } catch (RejectedExecutionException e) {
      LOG.debug("scheduler refused the protocol loop (shutting down)");
      scheduled.set(false);
    }
  }

  private void turn() {
    owner = Thread.currentThread();
    try {
      for (int i = 0; i < BATCH && !closed; i++) {
        Runnable task = tasks.poll();
        if (task == null) {
          break;
        }
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.warn("chain protocol task failed", e);
        }
      }
      if (!closed) {
        afterTurn.run();
      }
    } finally {
      owner = null;
    }
    scheduled.set(false);
    if (!tasks.isEmpty() && !closed && scheduled.compareAndSet(false, true)) {
      submit();
    }
  }
}
