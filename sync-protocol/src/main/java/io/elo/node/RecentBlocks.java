package io.elo.node;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.validation.ChainListener;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every block connected to the best chain as a {@link BlockArrival}: the last {@link
 * #CAPACITY} are kept (oldest dropped), listeners are told. Also remembers which blocks were
 * submitted locally (last {@link #MAX_LOCAL}, oldest forgotten: such a block then counts as from a
 * peer) and when headers were first announced (last {@link #MAX_ANNOUNCED}, oldest forgotten).
 * Thread-safe.
 */
final class RecentBlocks implements ChainListener {
  static final int CAPACITY = 256;
  static final int MAX_LOCAL = 256;
  static final int MAX_ANNOUNCED = 1024;
  private static final Logger LOG = LoggerFactory.getLogger(RecentBlocks.class);

  private final InstantSource clock;
  private final ArrayDeque<BlockArrival> recent = new ArrayDeque<>(CAPACITY);
  private final Map<Hash, Boolean> local = bounded(MAX_LOCAL);
  private final Map<Hash, Instant> announced = bounded(MAX_ANNOUNCED);
  private final List<Consumer<BlockArrival>> observers = new CopyOnWriteArrayList<>();

  RecentBlocks(InstantSource clock) {
    this.clock = clock;
  }

  synchronized void markLocal(Hash hash) {
    local.put(hash, Boolean.TRUE);
  }

  /** A peer announced {@code hash}; the first announcement counts. */
  synchronized void announced(Hash hash) {
    announced.putIfAbsent(hash, clock.instant());
  }

  void addObserver(Consumer<BlockArrival> observer) {
    observers.add(observer);
  }

  synchronized List<BlockArrival> snapshot() {
    return List.copyOf(recent);
  }

  @Override
  public void blockConnected(Block block, Height height) {
    Hash hash = block.hash();
    BlockArrival arrival;
    synchronized (this) {
      boolean isLocal = local.remove(hash) != null;
      arrival =
          new BlockArrival(
              hash,
              height,
              block.header().time(),
              clock.instant(),
              Optional.ofNullable(announced.remove(hash)),
              isLocal ? BlockArrival.Source.LOCAL : BlockArrival.Source.PEER);
      if (recent.size() == CAPACITY) {
        recent.removeFirst();
      }
      recent.addLast(arrival);
    }
    for (Consumer<BlockArrival> observer : observers) {
      try {
        observer.accept(arrival);
      } catch (RuntimeException e) {
        LOG.warn("block arrival observer {} failed", observer, e);
      }
    }
  }

  private static <V> Map<Hash, V> bounded(int max) {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Hash, V> eldest) {
        return size() > max;
      }
    };
  }
}
