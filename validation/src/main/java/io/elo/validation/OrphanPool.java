package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocks whose parent is unknown, waiting for it. Bounded in count and bytes: at a bound the oldest
 * orphans are evicted; orphans older than the expiry are dropped (measured with the injected
 * clock). Not thread-safe: the chain state's writer owns it.
 */
final class OrphanPool {
  private final int maxCount;
  private final long maxBytes;
  private final Duration expiry;
  private final InstantSource clock;
  // Insertion order: the eldest entry is evicted first.
  private final LinkedHashMap<Hash, Entry> orphans = new LinkedHashMap<>();
  private final Map<Hash, List<Hash>> byParent = new HashMap<>();
  private long bytes;

  OrphanPool(int maxCount, long maxBytes, Duration expiry, InstantSource clock) {
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
    this.expiry = expiry;
    this.clock = clock;
  }

  /**
   * Adds {@code block}, evicting the oldest orphans to stay within the bounds; returns false (and
   * keeps nothing) if the block alone exceeds the byte bound or is already held.
   */
  boolean add(Block block) {
    expire();
    if (block.size() > maxBytes || orphans.containsKey(block.hash())) {
      return false;
    }
    while (!orphans.isEmpty() && (orphans.size() >= maxCount || bytes + block.size() > maxBytes)) {
      remove(orphans.keySet().iterator().next());
    }
    orphans.put(block.hash(), new Entry(block, clock.instant()));
    byParent
        .computeIfAbsent(block.header().previousHash(), p -> new ArrayList<>())
        .add(block.hash());
    bytes += block.size();
    return true;
  }

  boolean contains(Hash hash) {
    return orphans.containsKey(hash);
  }

  /** Removes and returns the orphans whose parent is {@code parent}, oldest first. */
  List<Block> takeChildren(Hash parent) {
    List<Hash> children = byParent.get(parent);
    if (children == null) {
      return List.of();
    }
    List<Block> blocks = new ArrayList<>(children.size());
    for (Hash child : List.copyOf(children)) {
      blocks.add(orphans.get(child).block);
      remove(child);
    }
    return blocks;
  }

  /** Returns the hash of the first ancestor of {@code hash} that is not an orphan here. */
  Hash missingAncestor(Hash hash) {
    Hash walk = hash;
    Entry entry;
    while ((entry = orphans.get(walk)) != null) {
      walk = entry.block.header().previousHash();
    }
    return walk;
  }

  int size() {
    return orphans.size();
  }

  long bytes() {
    return bytes;
  }

  private void expire() {
    Instant oldest = clock.instant().minus(expiry);
    for (Iterator<Map.Entry<Hash, Entry>> it = orphans.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Hash, Entry> e = it.next();
      if (!e.getValue().added.isBefore(oldest)) {
        break; // insertion order is arrival order, so the rest are younger
      }
      it.remove();
      unlink(e.getKey(), e.getValue());
    }
  }

  private void remove(Hash hash) {
    Entry entry = orphans.remove(hash);
    if (entry != null) {
      unlink(hash, entry);
    }
  }

  private void unlink(Hash hash, Entry entry) {
    bytes -= entry.block.size();
    Hash parent = entry.block.header().previousHash();
    List<Hash> siblings = byParent.get(parent);
    siblings.remove(hash);
    if (siblings.isEmpty()) {
      byParent.remove(parent);
    }
  }

  private record Entry(Block block, Instant added) {}
}
