package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue in front of the single chain writer. Network threads {@link #offer} jobs and
 * never wait: at the bound (count or bytes) a job is refused and the caller drops it (a refused
 * block is requested again later). Jobs run one at a time, in order, on the writer executor; a
 * drain runs at most {@value #BATCH} jobs and then yields the executor, so a shared (simulated)
 * scheduler stays fair. The writer never waits on the network: a job's callback only updates
 * in-memory state and sends without blocking.
 *
 * <p>A job that throws an exception is logged and the queue goes on. A job that throws an {@link
 * Error} (an {@code OutOfMemoryError}, a {@code StackOverflowError}) may have stopped half-way, and
 * a queue stuck in its drain would freeze the node: the queue closes (waiting jobs are cancelled)
 * and reports the error to its fatal-error handler, once.
 */
final class WriterQueue {
  private static final Logger LOG = LoggerFactory.getLogger(WriterQueue.class);
  private static final int BATCH = 16;

  /** One unit of chain-writer work. */
  interface Job {
    /** Bytes the job holds while queued (a block's or headers' encoded size). */
    long bytes();

    /** Runs on the writer. */
    void run();

    /** Called instead of {@link #run} when the queue closes first. */
    void cancel();
  }

  private final Executor executor;
  private final int maxJobs;
  private final long maxBytes;
  private final Consumer<Throwable> onFatal;
  private final Deque<Job> jobs = new ArrayDeque<>();
  private long bytes;
  private boolean draining;
  private boolean closed;

  WriterQueue(Executor executor, int maxJobs, long maxBytes, Consumer<Throwable> onFatal) {
    checkArgument(maxJobs > 0 && maxBytes > 0, "bounds must be positive");
    this.executor = executor;
    this.maxJobs = maxJobs;
    this.maxBytes = maxBytes;
    this.onFatal = onFatal;
  }

  /** Where this queue reports an {@link Error} of a job. */
  Consumer<Throwable> onFatal() {
    return onFatal;
  }

  /** Queues {@code job}; returns false (and does nothing) at the bound or after close. */
  boolean offer(Job job) {
    boolean start;
    synchronized (this) {
      if (closed || jobs.size() >= maxJobs || bytes + job.bytes() > maxBytes) {
        return false;
      }
      jobs.add(job);
      bytes += job.bytes();
      start = !draining;
      draining = true;
    }
    if (start) {
      schedule();
    }
    return true;
  }

  /** Jobs waiting now. */
  synchronized int size() {
    return jobs.size();
  }

  /** Refuses new jobs and cancels the waiting ones. */
  void close() {
    Deque<Job> dropped;
    synchronized (this) {
      closed = true;
      dropped = new ArrayDeque<>(jobs);
      jobs.clear();
      bytes = 0;
    }
    dropped.forEach(WriterQueue::cancelQuietly);
  }

  private void schedule() {
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      LOG.warn("chain writer executor refused work; closing the queue");
      synchronized (this) {
        draining = false;
      }
      close();
    }
  }

  private void drain() {
    for (int i = 0; i < BATCH; i++) {
      Job job;
      synchronized (this) {
        job = jobs.poll();
        if (job == null) {
          draining = false;
          return;
        }
        bytes -= job.bytes();
      }
      try {
        job.run();
      } catch (RuntimeException e) {
        LOG.error("chain writer job failed", e);
      } catch (Error e) {
        fail(e);
        return;
      }
    }
    synchronized (this) {
      if (jobs.isEmpty()) {
        draining = false;
        return;
      }
    }
    schedule();
  }

  private void fail(Error e) {
    synchronized (this) {
      draining = false;
    }
    try {
      LOG.error("chain writer job failed with an error: closing the queue", e);
      close();
    } finally {
      onFatal.accept(e);
    }
  }

  private static void cancelQuietly(Job job) {
    try {
      job.cancel();
    } catch (RuntimeException e) {
      LOG.warn("cancelling a chain writer job failed", e);
    }
  }
}
