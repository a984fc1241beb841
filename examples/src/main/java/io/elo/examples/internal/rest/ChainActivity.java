package io.elo.examples.internal.rest;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.node.Node;
import io.elo.node.NodeListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dashboard charts: transactions confirmed (and their rate over the last minute), and for
 * each block connected its arrival time and propagation delay, defined as arrival time minus the
 * block's header timestamp (clamped at zero; header times have one-second resolution and are set
 * by the producer; during initial sync the "delay" is the block's age). Thread-safe.
 */
final class ChainActivity {
  /** The window of {@link #txPerSecond}. */
  static final Duration RATE_WINDOW = Duration.ofSeconds(60);

  /** Block arrivals remembered. */
  static final int MAX_ARRIVALS = 200;

  private final InstantSource clock;
  private final Deque<Instant> confirmTimes = new ArrayDeque<>();
  private final Deque<Integer> confirmCounts = new ArrayDeque<>();
  private final Map<Hash, Instant> arrivals = new LinkedHashMap<>();
  private final List<Meter> meters = new ArrayList<>();
  private long confirmed;
  private double lastDelaySeconds;
  private volatile boolean closed;

  private ChainActivity(InstantSource clock) {
    this.clock = clock;
  }

  static ChainActivity follow(Node node, InstantSource clock, MeterRegistry registry) {
    ChainActivity activity = new ChainActivity(clock);
    node.addListener(
        new NodeListener() {
          @Override
          public void blockConnected(Block block, Height height) {
            activity.connected(block);
          }
        });
    activity.meters.add(
        FunctionCounter.builder("elo.transactions.confirmed", activity, ChainActivity::confirmed)
            .description("non-coinbase transactions in blocks connected since start")
            .register(registry));
    activity.meters.add(
        Gauge.builder("elo.block.propagation.last.seconds", activity, ChainActivity::lastDelay)
            .description("arrival time minus header time of the last block connected")
            .strongReference(true)
            .register(registry));
    return activity;
  }

  void close(MeterRegistry registry) {
    closed = true;
    meters.forEach(registry::remove);
  }

  private void connected(Block block) {
    if (closed) {
      return;
    }
    // Runs on the chain writer under the chain state's lock: take no other lock of the node here.
    Instant now = clock.instant();
    synchronized (this) {
      int txs = block.transactions().size() - 1;
      confirmed += txs;
      confirmTimes.addLast(now);
      confirmCounts.addLast(txs);
      prune(now);
      arrivals.put(block.hash(), now);
      if (arrivals.size() > MAX_ARRIVALS) {
        arrivals.remove(arrivals.keySet().iterator().next());
      }
      Duration delay = Duration.between(block.header().time(), now);
      lastDelaySeconds = delay.isNegative() ? 0 : delay.toMillis() / 1000.0;
    }
  }

  private void prune(Instant now) {
    Instant cutoff = now.minus(RATE_WINDOW);
    while (!confirmTimes.isEmpty() && confirmTimes.peekFirst().isBefore(cutoff)) {
      confirmTimes.removeFirst();
      confirmCounts.removeFirst();
    }
  }

  synchronized long confirmed() {
    return confirmed;
  }

  synchronized double lastDelay() {
    return lastDelaySeconds;
  }

  /** Confirmed transactions per second over the last {@link #RATE_WINDOW}. */
  synchronized double txPerSecond() {
    prune(clock.instant());
    long sum = 0;
    for (int count : confirmCounts) {
      sum += count;
    }
    return sum / (double) RATE_WINDOW.toSeconds();
  }

  /** When the block arrived here, if it was connected since start (the last few hundred). */
  synchronized Optional<Instant> arrival(Hash hash) {
    return Optional.ofNullable(arrivals.get(hash));
  }
}
