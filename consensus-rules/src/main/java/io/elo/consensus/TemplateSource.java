package io.elo.consensus;

/**
 * Supplies block producers with transactions to include; the mempool implements it.
 *
 * <p>Implementations must be thread-safe: miner threads call it concurrently.
 */
@FunctionalInterface
public interface TemplateSource {
  /** A source that never offers transactions. */
  TemplateSource EMPTY = maxBytes -> BlockTemplate.EMPTY;

  /**
   * Returns transactions valid on the current tip whose encodings total at most {@code maxBytes}.
   */
  BlockTemplate template(int maxBytes);
}
