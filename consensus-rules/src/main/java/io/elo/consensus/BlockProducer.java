package io.elo.consensus;

/**
 * Something that makes blocks on the current tip: a {@link Miner} for proof of work, a {@link
 * Sealer} for proof of authority.
 *
 * <p>The owner calls {@link #onNewTip()} whenever the best chain changes, so the producer abandons
 * work on the old tip at once. Methods are thread-safe.
 */
public interface BlockProducer {
  /**
   * Starts producing on the current tip.
   *
   * @throws IllegalStateException if already running
   */
  void start();

  /** Stops producing and waits briefly for the workers to end. Idempotent; may be started again. */
  void stop();

  /** Whether the producer is running. */
  boolean isRunning();

  /** Tells the producer the tip changed: it drops its current candidate and builds on the new tip. */
  void onNewTip();

  /** Number of blocks produced and submitted since creation. */
  long blocksProduced();
}
