package io.elo.crypto;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntPredicate;

/**
 * Verifies many signatures in parallel on a caller-supplied executor.
 *
 * <p>The list is split into chunks of at most {@value #MAX_CHUNK} items, and at least four per
 * thread of parallelism (the pool's parallelism for a {@link ForkJoinPool}, else the number of
 * processors) when there are enough items: the last chunk leaves the other threads idle for a few
 * signatures' time at most (a block of thousands does not end on one thread finishing an eighth of
 * it), and claiming a chunk costs one atomic increment. Each executor task runs chunks until none
 * is left, so a batch costs at most one task per thread, never one per item. Chunks are claimed
 * from a shared counter by the executor's tasks and by the calling thread alike: the caller never
 * idles while work is queued, a saturated or rejecting executor only makes the caller do more of
 * the work, and calling from inside the executor cannot deadlock. A check that throws counts as
 * failed. {@link #checkAll} offers the same scheme for any per-index check, and {@link #start}
 * begins it while the caller does something else.
 */
public final class BatchVerifier {
  private static final int CHUNKS_PER_THREAD = 4;

  /** Items per chunk at most: about a millisecond of key decodes and verifications. */
  static final int MAX_CHUNK = 8;

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
    PendingBatch batch = batch(count, check, executor);
    // The caller is one of the workers, so at most chunks - 1 helpers are useful.
    batch.startHelpers(executor, Math.min(batch.chunks() - 1, parallelism(executor)));
    return batch.join();
  }

  /**
   * Begins {@link #checkAll} without taking part: the executor's tasks start on the chunks and this
   * returns at once, so the caller can do other work (on a thread of its own: with an executor
   * that runs tasks on the calling thread, every check has run when this returns). {@link
   * PendingBatch#join} then finishes the batch with the caller's help and gives its result.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public static PendingBatch start(int count, IntPredicate check, Executor executor) {
    PendingBatch batch = batch(count, check, executor);
    batch.startHelpers(executor, Math.min(batch.chunks(), parallelism(executor)));
    return batch;
  }

  private static PendingBatch batch(int count, IntPredicate check, Executor executor) {
    checkArgument(count >= 0, "count must not be negative, got %s", count);
    checkNotNull(check);
    checkNotNull(executor);
    return new PendingBatch(count, chunks(count, parallelism(executor)), check);
  }

  /** How many chunks a batch of {@code count} items has on {@code parallelism} threads. */
  static int chunks(int count, int parallelism) {
    if (count == 0) {
      return 0;
    }
    return Math.min(
        count, Math.max(CHUNKS_PER_THREAD * Math.max(1, parallelism), ceilDiv(count, MAX_CHUNK)));
  }

  private static int parallelism(Executor executor) {
    return executor instanceof ForkJoinPool pool
        ? pool.getParallelism()
        : Runtime.getRuntime().availableProcessors();
  }

  private static BatchResult run(
      List<SignatureCheck> checks, Executor executor, SignatureCache cache) {
    checkNotNull(executor);
    List<SignatureCheck> items = List.copyOf(checks);
    return checkAll(items.size(), i -> check(items.get(i), cache), executor);
  }

  /** {@code ceil(dividend / divisor)} for a positive dividend, without overflow. */
  private static int ceilDiv(int dividend, int divisor) {
    return 1 + (dividend - 1) / divisor;
  }

  private static boolean check(SignatureCheck check, SignatureCache cache) {
    return cache == null ? check.verify() : check.verify(cache);
  }
}
