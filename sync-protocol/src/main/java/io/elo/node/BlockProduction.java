package io.elo.node;

import io.elo.consensus.BlockProducer;

/**
 * Switches the node's {@link BlockProducer} (a {@code Miner} or a {@code Sealer}) on and off: it
 * runs while production is enabled and the node is in sync. During initial sync (the best header
 * more than the allowed lag ahead of the tip, see {@link SyncWatch}) it is paused, so mining does
 * not compete with block download and validation for the CPU, and no block is built on a tip the
 * network has long left. Thread-safe.
 */
final class BlockProduction {
  private final BlockProducer producer;
  private boolean enabled;
  private boolean inSync = true;

  BlockProduction(BlockProducer producer) {
    this.producer = producer;
  }

  synchronized void enable(boolean value) {
    enabled = value;
    apply();
  }

  synchronized void syncChanged(boolean value) {
    inSync = value;
    apply();
  }

  synchronized boolean isEnabled() {
    return enabled;
  }

  synchronized boolean isPaused() {
    return enabled && !inSync;
  }

  /** Tells the producer the tip changed; producers are thread-safe, so no lock here. */
  void onNewTip() {
    producer.onNewTip();
  }

  long blocksProduced() {
    return producer.blocksProduced();
  }

  private void apply() {
    boolean run = enabled && inSync;
    if (run && !producer.isRunning()) {
      producer.start();
    } else if (!run && producer.isRunning()) {
      producer.stop();
    }
  }

  @Override
  public String toString() {
    return "BlockProduction{" + producer + ", enabled=" + enabled + ", inSync=" + inSync + "}";
  }
}
