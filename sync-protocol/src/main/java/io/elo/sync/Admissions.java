package io.elo.sync;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mempool admission of relayed transactions on the worker pool, several at once, bounded in jobs
 * and bytes (counted from the offer until the job ends). At the bound a job is refused and the
 * caller drops it (another announcer may deliver the transaction later); the protocol keeps
 * below the bound by requesting no more transactions than there is room for (back-pressure).
 * A job returns what to run once its room is given back (the report to the protocol thread), so
 * whoever hears of the end sees the room already free. A job that throws an
 * exception is logged; one that throws an {@link Error} closes the admissions (no more are taken)
 * and is reported to the fatal-error handler, once. Thread-safe and lock-free.
 */
final class Admissions {
  private static final Logger LOG = LoggerFactory.getLogger(Admissions.class);

  private final Executor workers;
  private final int maxJobs;
  private final long maxBytes;
  private final Consumer<Throwable> onFatal;
  private final AtomicInteger jobs = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private volatile boolean closed;

  Admissions(Executor workers, int maxJobs, long maxBytes, Consumer<Throwable> onFatal) {
    this.workers = workers;
    this.maxJobs = maxJobs;
    this.maxBytes = maxBytes;
    this.onFatal = onFatal;
  }

  /**
   * Starts {@code job} (holding {@code size} bytes) on a worker; false at the bound or closed.
   * What the job returns runs after its room is released.
   */
  boolean offer(long size, Supplier<Runnable> job) {
    if (closed) {
      return false;
    }
    int n = jobs.incrementAndGet();
    long b = bytes.addAndGet(size);
    if (n > maxJobs || b > maxBytes) {
      release(size);
      return false;
    }
    try {
      workers.execute(() -> run(size, job));
      return true;
    } catch (RejectedExecutionException e) {
      release(size);
      return false;
    }
  }

  /** Admissions running or waiting for a worker now. */
  int size() {
    return jobs.get();
  }

  /** Bytes of the admissions running or waiting now. */
  long bytes() {
    return bytes.get();
  }

  /** Refuses new jobs (those already started finish). */
  void close() {
    closed = true;
  }

  private void run(long size, Supplier<Runnable> job) {
    Runnable after = null;
    try {
      if (!closed) {
        after = job.get();
      }
    } catch (RuntimeException e) {
      LOG.error("transaction admission failed", e);
    } catch (Error e) {
      closed = true;
      LOG.error("transaction admission failed with an error: admissions closed", e);
      onFatal.accept(e);
    } finally {
      release(size);
    }
    if (after != null) {
      after.run();
    }
  }

  private void release(long size) {
    jobs.decrementAndGet();
    bytes.addAndGet(-size);
  }
}
