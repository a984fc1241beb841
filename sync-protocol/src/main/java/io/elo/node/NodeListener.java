package io.elo.node;

import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.validation.ChainTip;

/**
 * Observes a {@link Node}. Chain callbacks run on the chain writer after each change (for a
 * reorganisation: disconnected blocks tip first, connected blocks lowest first, then one tip
 * change); peer callbacks run on network threads. Callbacks must be quick and must not block; an
 * exception is logged and otherwise ignored.
 */
public interface NodeListener {
  /** {@code block} at {@code height} joined the best chain. */
  default void blockConnected(Block block, Height height) {}

  /** {@code block} at {@code height} left the best chain. */
  default void blockDisconnected(Block block, Height height) {}

  /** The best chain now ends at {@code tip}. */
  default void tipChanged(ChainTip tip) {}

  /**
   * A block joined the best chain, with its local arrival time and source; runs on the chain
   * writer as the block is connected (in no fixed order with {@link #blockConnected}). {@link
   * Node#recentBlocks()} keeps the last ones.
   */
  default void blockArrived(BlockArrival arrival) {}

  /** A peer completed the handshake. */
  default void peerConnected(Peer peer) {}

  /** A connected peer is gone. */
  default void peerDisconnected(Peer peer, DisconnectReason reason) {}
}
