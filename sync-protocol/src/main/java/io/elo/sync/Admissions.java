package io.elo.sync;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mempool admission of relayed transactions on the worker pool, several at once, bounded in jobs
 * and bytes (counted from the offer until the job ends). At the bound a job is refused and the
 * caller drops it (another announcer may deliver the transaction later). A job that throws an
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

  /** Starts {@code job} (holding {@code size} bytes) on a worker; false at the bound or closed. */
  boolean offer(long size, Runnable job) {
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

  /** Refuses new jobs (those already started finish). */
  void close() {
    closed = true;
  }

  private void run(long size, Runnable job) {
    try {
      if (!closed) {
        job.run();
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
  }

  private void release(long size) {
    jobs.decrementAndGet();
    bytes.addAndGet(-size);
  }
}
