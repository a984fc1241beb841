package io.elo.mempool;

import io.elo.crypto.Hash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rolling filter of recently refused transactions, by wtxid (which commits to every byte, so a
 * mutated copy of a valid transaction never blocks the real one). Two bounded sets, oldest evicted
 * first: consensus failures, kept until evicted, and policy refusals, forgotten when the tip
 * changes (a new block may make them acceptable). Not thread-safe: the pool's lock guards it.
 */
final class RecentRejects {
  private final Map<Hash, Boolean> consensus;
  private final Map<Hash, Boolean> policy;

  RecentRejects(int capacity) {
    this.consensus = bounded(capacity);
    this.policy = bounded(capacity);
  }

  private static Map<Hash, Boolean> bounded(int capacity) {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  boolean contains(Hash wtxid) {
    return consensus.containsKey(wtxid) || policy.containsKey(wtxid);
  }

  void addConsensus(Hash wtxid) {
    consensus.put(wtxid, Boolean.TRUE);
  }

  void addPolicy(Hash wtxid) {
    policy.put(wtxid, Boolean.TRUE);
  }

  void tipChanged() {
    policy.clear();
  }

  int size() {
    return consensus.size() + policy.size();
  }
}
