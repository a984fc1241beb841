package io.elo.mempool;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain changes queued by the chain writer for the pool: the writer's callbacks only append here
 * (a few field writes under this object's monitor), so the writer never waits on the pool. Bounded
 * in blocks and bytes: at the bound the queued blocks are dropped and the pool resynchronises
 * (revalidates everything against the newest tip, putting no disconnected transaction back).
 */
final class ChainEvents {
  /** A block joined ({@code connected}) or left the best chain. */
  record BlockEvent(Block block, boolean connected) {}

  /** Everything queued since the last drain, in order. */
  record Batch(List<BlockEvent> blocks, Hash lastTip, boolean overflowed) {
    boolean isEmpty() {
      return blocks.isEmpty() && lastTip == null && !overflowed;
    }

    boolean anyDisconnected() {
      for (BlockEvent event : blocks) {
        if (!event.connected()) {
          return true;
        }
      }
      return false;
    }

    Batch plus(Batch later) {
      if (later.isEmpty()) {
        return this;
      }
      List<BlockEvent> all = new ArrayList<>(blocks);
      all.addAll(later.blocks);
      return new Batch(
          all, later.lastTip != null ? later.lastTip : lastTip, overflowed || later.overflowed);
    }
  }

  static final Batch EMPTY = new Batch(List.of(), null, false);

  private final int maxBlocks;
  private final long maxBytes;
  private List<BlockEvent> blocks = new ArrayList<>();
  private long bytes;
  private Hash lastTip;
  private boolean overflowed;
  private volatile boolean queued; // anything since the last drain; read without the monitor

  ChainEvents(int maxBlocks, long maxBytes) {
    this.maxBlocks = maxBlocks;
    this.maxBytes = maxBytes;
  }

  synchronized void block(Block block, boolean connected) {
    queued = true;
    if (overflowed) {
      return;
    }
    if (blocks.size() + 1 > maxBlocks || bytes + block.size() > maxBytes) {
      overflowed = true;
      blocks = new ArrayList<>();
      bytes = 0;
      return;
    }
    blocks.add(new BlockEvent(block, connected));
    bytes += block.size();
  }

  /** Drops what is queued and asks for a resynchronisation (the pool fell too far behind). */
  synchronized void resync() {
    queued = true;
    overflowed = true;
    blocks = new ArrayList<>();
    bytes = 0;
  }

  synchronized void tip(Hash tip) {
    queued = true;
    lastTip = tip;
  }

  /** Whether nothing is queued; takes no lock. */
  boolean isEmpty() {
    return !queued;
  }

  synchronized Batch drain() {
    if (!queued) {
      return EMPTY;
    }
    queued = false;
    Batch batch = new Batch(List.copyOf(blocks), lastTip, overflowed);
    blocks = new ArrayList<>();
    bytes = 0;
    lastTip = null;
    overflowed = false;
    return batch;
  }
}
