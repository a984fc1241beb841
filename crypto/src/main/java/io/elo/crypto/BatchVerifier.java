package io.elo.crypto;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Verifies many signatures in parallel on a caller-supplied executor.
 *
 * <p>The list is split into at most four chunks per thread of parallelism (the pool's parallelism
 * for a {@link ForkJoinPool}, else the number of processors), so a slow chunk does not hold the
 * batch up. Chunks are claimed from a shared counter by the executor's tasks and by the calling
 * thread alike: the caller never idles while work is queued, a saturated or rejecting executor only
 * makes the caller do more of the work, and calling from inside the executor cannot deadlock. A
 * check that throws counts as failed. {@link #checkAll} offers the same scheme for any per-index
 * check.
 */
public final class BatchVerifier {
  private static final int CHUNKS_PER_THREAD = 4;

  private BatchVerifier() {}

  /** Verifies every check; the result lists the failed indices in ascending order. */
  public static BatchResult verifyAll(List<SignatureCheck> checks, Executor executor) {
    return run(checks, executor, null);
  }

  /**
   * Verifies every check through {@code cache}: cached valid signatures are not verified again and
   * newly valid ones are added.
   */
  public static BatchResult verifyAll(
      List<SignatureCheck> checks, Executor executor, SignatureCache cache) {
    return run(checks, executor, checkNotNull(cache));
  }

  /**
   * Runs {@code check} for every index in {@code [0, count)} on the same chunked scheme as the
   * signature batches, and lists the indices for which it answered {@code false} or threw. This is
   * the building block for batches whose items are not plain {@link SignatureCheck}s, such as
   * checks whose key is still encoded (look the signature up in a {@link SignatureCache}, and only
   * on a miss decode the key and verify). {@code check} runs concurrently for distinct indices; it
   * may record per-index details in distinct array slots, and every such write is visible to the
   * caller when this method returns.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public static BatchResult checkAll(int count, IntPredicate check, Executor executor) {
    checkArgument(count >= 0, "count must not be negative, got %s", count);
    checkNotNull(check);
    checkNotNull(executor);
    if (count == 0) {
      return BatchResult.of(List.of());
    }
    int parallelism =
        executor instanceof ForkJoinPool pool
            ? pool.getParallelism()
            : Runtime.getRuntime().availableProcessors();
    int chunks = Math.min(count, CHUNKS_PER_THREAD * Math.max(1, parallelism));
    // Failed until proven valid, so a check that dies with an Error in a helper is not valid.
    boolean[] failed = new boolean[count];
    Arrays.fill(failed, true);
    AtomicInteger nextChunk = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(chunks);
    Runnable worker =
        () -> {
          int chunk;
          while ((chunk = nextChunk.getAndIncrement()) < chunks) {
            // Chunk c covers [c * count / chunks, (c + 1) * count / chunks).
            int from = (int) ((long) chunk * count / chunks);
            int to = (int) ((long) (chunk + 1) * count / chunks);
            try {
              for (int i = from; i < to; i++) {
                failed[i] = !passes(check, i);
              }
            } finally {
              done.countDown();
            }
          }
        };
    // The caller is one of the workers, so at most chunks - 1 helpers are useful.
    int helpers = Math.min(chunks - 1, parallelism);
    for (int i = 0; i < helpers; i++) {
      try {
        executor.execute(worker);
      } catch (RejectedExecutionException e) {
        break; // the caller does the rest
      }
    }
    worker.run();
    awaitUninterruptibly(done);
    // The latch orders every write to failed (and the checks' own writes) before this read.
    List<Integer> failedIndices = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (failed[i]) {
        failedIndices.add(i);
      }
    }
    return BatchResult.of(failedIndices);
  }

  private static BatchResult run(
      List<SignatureCheck> checks, Executor executor, SignatureCache cache) {
    checkNotNull(executor);
    List<SignatureCheck> items = List.copyOf(checks);
    return checkAll(items.size(), i -> check(items.get(i), cache), executor);
  }

  private static boolean passes(IntPredicate check, int index) {
    try {
      return check.test(index);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean check(SignatureCheck check, SignatureCache cache) {
    return cache == null ? check.verify() : check.verify(cache);
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
}
