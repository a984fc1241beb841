package io.elo.examples.internal.rest;

/**
 * Switches the node's block production (mining or sealing) on and off; the admin endpoint {@code
 * /api/v1/admin/block-production} drives it. Implementations must be thread-safe.
 */
public interface BlockProductionControl {
  /** Whether the node produces blocks now. */
  boolean isProducing();

  /** Starts ({@code true}) or stops ({@code false}) block production; idempotent. */
  void setProducing(boolean producing);
}
