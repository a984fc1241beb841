package io.elo.p2p;

import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A task of a {@link SimulatedScheduler}, ordered by due time and then by submission. */
final class SimulatedTask<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
  private final SimulatedScheduler scheduler;
  // > 0: fixed rate; < 0: fixed delay; 0: one shot.
  private final long period;
  private long dueNanos;
  private long sequence;

  SimulatedTask(
      SimulatedScheduler scheduler, Callable<V> callable, long dueNanos, long sequence, long period) {
    super(callable);
    this.scheduler = scheduler;
    this.dueNanos = dueNanos;
    this.sequence = sequence;
    this.period = period;
  }

  long dueNanos() {
    return dueNanos;
  }

  void reschedule(long due, long seq) {
    this.dueNanos = due;
    this.sequence = seq;
  }

  @Override
  public boolean isPeriodic() {
    return period != 0;
  }

  @Override
  public void run() {
    if (!isPeriodic()) {
      super.run();
    } else if (runAndReset()) {
      long next = period > 0 ? dueNanos + period : scheduler.nanoTime() - period;
      scheduler.requeue(this, next);
    }
  }

  @Override
  public long getDelay(TimeUnit unit) {
    return unit.convert(dueNanos - scheduler.nanoTime(), TimeUnit.NANOSECONDS);
  }

  @Override
  public int compareTo(Delayed other) {
    if (other instanceof SimulatedTask<?> task) {
      int byTime = Long.compare(dueNanos, task.dueNanos);
      return byTime != 0 ? byTime : Long.compare(sequence, task.sequence);
    }
    return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
