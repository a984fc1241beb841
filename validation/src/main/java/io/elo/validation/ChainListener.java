package io.elo.validation;

import io.elo.model.Block;
import io.elo.model.Height;

/**
 * Observes the best chain. The chain state calls listeners on its writer thread after each state
 * change, in order: for a reorganisation every disconnected block (tip first), then every connected
 * block (lowest first), then one tip change. Callbacks must be quick; they may read the chain state
 * but must not wait for another thread that writes to it. An exception thrown by a listener is
 * logged and does not affect the chain state or other listeners.
 */
public interface ChainListener {
  /** {@code block} at {@code height} joined the best chain. */
  default void blockConnected(Block block, Height height) {}

  /** {@code block} at {@code height} left the best chain. */
  default void blockDisconnected(Block block, Height height) {}

  /** The best chain now ends at {@code tip} (after any connected and disconnected blocks). */
  default void tipChanged(ChainTip tip) {}

  /**
   * The chain state failed: a write threw {@code cause} (a {@link StoreException}, an unexpected
   * exception or an {@link Error} such as an {@code OutOfMemoryError}), possibly half-way through a
   * change. It now refuses every write and {@link ChainState#close()} will not flush its UTXO cache
   * (docs/storage.md, "Closing after a failure"); whoever owns it should close it and stop. Called
   * once, on the thread whose write failed, before the failure is thrown to that writer.
   */
  default void chainStateFailed(Throwable cause) {}
}
