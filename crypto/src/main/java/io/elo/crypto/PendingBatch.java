package io.elo.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A batch of checks begun by {@link BatchVerifier#start}: the executor's tasks work through its
 * chunks while the thread that started it does other work, and {@link #join} then makes that
 * thread claim the chunks left and wait for the ones in progress. Index {@code i} of the batch
 * belongs to chunk {@code c} when {@code c * count / chunks <= i < (c + 1) * count / chunks}.
 */
public final class PendingBatch {
  private final int count;
  private final int chunks;
  private final IntPredicate check;
  // Failed until proven valid, so a check that dies with an Error in a helper is not valid.
  private final boolean[] failed;
  private final AtomicInteger nextChunk = new AtomicInteger();
  private final CountDownLatch done;
  private BatchResult result;

  PendingBatch(int count, int chunks, IntPredicate check) {
    this.count = count;
    this.chunks = chunks;
    this.check = check;
    this.failed = new boolean[count];
    Arrays.fill(failed, true);
    this.done = new CountDownLatch(chunks);
  }

  int chunks() {
    return chunks;
  }

  /** Hands {@code helpers} tasks to {@code executor}; a rejection leaves the rest to the joiner. */
  void startHelpers(Executor executor, int helpers) {
    for (int i = 0; i < helpers; i++) {
      try {
        executor.execute(this::work);
      } catch (RejectedExecutionException e) {
        return;
      }
    }
  }

  /** Runs chunks on the calling thread until none is left to claim. */
  private void work() {
    int chunk;
    while ((chunk = nextChunk.getAndIncrement()) < chunks) {
      int from = (int) ((long) chunk * count / chunks);
      int to = (int) ((long) (chunk + 1) * count / chunks);
      try {
        for (int i = from; i < to; i++) {
          failed[i] = !passes(i);
        }
      } finally {
        done.countDown();
      }
    }
  }

  private boolean passes(int index) {
    try {
      return check.test(index);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Runs the chunks nobody has claimed yet on the calling thread, waits for the others and returns
   * the indices for which the check answered {@code false} or threw. Every write the checks made is
   * visible to the caller afterwards. Call it from the thread that started the batch; later calls
   * return the same result.
   */
  public BatchResult join() {
    if (result == null) {
      work();
      awaitUninterruptibly(done);
      // The latch orders every write to failed (and the checks' own writes) before this read.
      List<Integer> failedIndices = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        if (failed[i]) {
          failedIndices.add(i);
        }
      }
      result = BatchResult.of(failedIndices);
    }
    return result;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "PendingBatch{count=" + count + ", chunks=" + chunks + "}";
  }
}
