package io.elo.sync;

import io.elo.consensus.HeaderChain;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.validation.ChainTip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A header chain that is not stored: a known fork point plus the last few headers after it, as
 * many as the consensus rules and the median-time-past rule look back. Older headers are gone, so
 * it uses memory bounded by that window whatever the chain's length.
 */
final class PresyncChain implements HeaderChain {
  private final ChainTip forkPoint;
  private final int capacity;
  private final int mtpWindow;
  private final BlockHeader[] ring;
  private int size;
  private int next;
  private int height;

  PresyncChain(ChainTip forkPoint, int capacity, int mtpWindow) {
    this.forkPoint = forkPoint;
    this.capacity = capacity;
    this.mtpWindow = mtpWindow;
    this.ring = new BlockHeader[capacity];
    this.height = forkPoint.height().value();
  }

  void add(BlockHeader header) {
    ring[next] = header;
    next = (next + 1) % capacity;
    size = Math.min(size + 1, capacity);
    height++;
  }

  /** Headers held now (at most the capacity). */
  int held() {
    return size;
  }

  @Override
  public Height height() {
    return Height.of(height);
  }

  @Override
  public BlockHeader header() {
    return size == 0 ? forkPoint.header() : ring[(next - 1 + capacity) % capacity];
  }

  @Override
  public Optional<BlockHeader> ancestor(Height at) {
    int h = at.value();
    if (h > height || h < 0) {
      return Optional.empty();
    }
    int back = height - h;
    if (back < size) {
      return Optional.of(ring[(next - 1 - back + 2 * capacity) % capacity]);
    }
    if (h <= forkPoint.height().value()) {
      return forkPoint.ancestor(at);
    }
    return Optional.empty(); // older than the window: the rules never look this far back
  }

  @Override
  public long medianTimePast() {
    List<Long> times = new ArrayList<>(mtpWindow);
    for (int h = height; h >= 0 && times.size() < mtpWindow; h--) {
      times.add(ancestor(Height.of(h)).orElseThrow().timestamp());
    }
    long[] sorted = times.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
