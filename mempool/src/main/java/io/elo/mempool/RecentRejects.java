package io.elo.mempool;

import io.elo.crypto.Hash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rolling filter of recently refused transactions, by wtxid (which commits to every byte, so a
 * mutated copy of a valid transaction never blocks the real one). Two bounded sets, oldest evicted
 * first: consensus failures, kept until evicted, and policy refusals, forgotten when the tip
 * changes (a new block may make them acceptable). Thread-safe through its own monitor. A policy
 * refusal decided against one tip is dropped if the tip changed meanwhile ({@link #generation()}).
 */
final class RecentRejects {
  private final Map<Hash, Boolean> consensus;
  private final Map<Hash, Boolean> policy;
  private long generation;

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

  synchronized boolean contains(Hash wtxid) {
    return consensus.containsKey(wtxid) || policy.containsKey(wtxid);
  }

  synchronized void addConsensus(Hash wtxid) {
    consensus.put(wtxid, Boolean.TRUE);
  }

  /** Remembers a policy refusal decided at the current tip. */
  synchronized void addPolicy(Hash wtxid) {
    policy.put(wtxid, Boolean.TRUE);
  }

  /** Remembers a policy refusal decided at tip {@code generation}, unless the tip changed since. */
  synchronized void addPolicy(Hash wtxid, long generation) {
    if (generation == this.generation) {
      policy.put(wtxid, Boolean.TRUE);
    }
  }

  /** Counts tip changes: a check that started at one generation may outlive it. */
  synchronized long generation() {
    return generation;
  }

  synchronized void tipChanged() {
    policy.clear();
    generation++;
  }

  synchronized int size() {
    return consensus.size() + policy.size();
  }
}
