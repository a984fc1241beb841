package io.elo.mempool;

import io.elo.crypto.Hash;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transactions waiting for missing parents. Bounded in count, bytes and per source; at a bound the
 * oldest orphan of the source that holds the most goes first (so one flooding source mostly evicts
 * its own); orphans expire; a source's orphans are forgotten when the caller says it is gone.
 * Thread-safe through its own monitor, held for one short operation: the pool adds an orphan while
 * holding its lock (so a parent committed meanwhile is seen) and takes children after releasing it.
 */
final class Orphans {
  /** One waiting transaction. */
  record Orphan(Transaction tx, SourceKey source, long expiresMillis) {}

  private final MempoolPolicy policy;
  private final LinkedHashMap<Hash, Orphan> byWtxid = new LinkedHashMap<>(); // arrival order
  private final Map<Hash, Set<Hash>> byParent = new HashMap<>(); // parent txid -> orphan wtxids
  private final Map<SourceKey, Integer> perSource = new HashMap<>();
  private long bytes;

  Orphans(MempoolPolicy policy) {
    this.policy = policy;
  }

  synchronized int size() {
    return byWtxid.size();
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized boolean contains(Hash wtxid) {
    return byWtxid.containsKey(wtxid);
  }

  synchronized int countFrom(SourceKey source) {
    return perSource.getOrDefault(source, 0);
  }

  /** Keeps {@code tx} (not larger than the policy's orphan size), evicting as the bounds need. */
  synchronized void add(Transaction tx, SourceKey source, long nowMillis) {
    Hash wtxid = tx.wtxid();
    if (byWtxid.containsKey(wtxid)) {
      return;
    }
    expire(nowMillis);
    while (countFrom(source) >= policy.maxOrphansPerSource()) {
      evictOldestOf(source);
    }
    while (!byWtxid.isEmpty()
        && (byWtxid.size() >= policy.maxOrphans()
            || bytes + tx.size() > policy.maxOrphanBytes())) {
      evictOldestOf(largestSource());
    }
    byWtxid.put(wtxid, new Orphan(tx, source, nowMillis + policy.orphanExpiry().toMillis()));
    for (TxInput input : tx.inputs()) {
      byParent.computeIfAbsent(input.outPoint().txid(), k -> new LinkedHashSet<>()).add(wtxid);
    }
    perSource.merge(source, 1, Integer::sum);
    bytes += tx.size();
  }

  /** Removes and returns the orphans spending outputs of {@code parentTxid}, oldest first. */
  synchronized List<Orphan> takeChildrenOf(Hash parentTxid) {
    Set<Hash> children = byParent.get(parentTxid);
    if (children == null) {
      return List.of();
    }
    List<Orphan> taken = new ArrayList<>();
    // Arrival order: walk the ordered map, which is as long as the bounded pool.
    for (Map.Entry<Hash, Orphan> e : byWtxid.entrySet()) {
      if (children.contains(e.getKey())) {
        taken.add(e.getValue());
      }
    }
    for (Orphan orphan : taken) {
      remove(orphan.tx().wtxid());
    }
    return taken;
  }

  /** Forgets every orphan from {@code source}. */
  synchronized void removeSource(SourceKey source) {
    List<Hash> doomed = new ArrayList<>();
    for (Map.Entry<Hash, Orphan> e : byWtxid.entrySet()) {
      if (e.getValue().source().equals(source)) {
        doomed.add(e.getKey());
      }
    }
    doomed.forEach(this::remove);
  }

  /** Drops orphans past their expiry. */
  synchronized void expire(long nowMillis) {
    List<Hash> doomed = new ArrayList<>();
    for (Map.Entry<Hash, Orphan> e : byWtxid.entrySet()) {
      if (e.getValue().expiresMillis() <= nowMillis) {
        doomed.add(e.getKey());
      }
    }
    doomed.forEach(this::remove);
  }

  private SourceKey largestSource() {
    SourceKey largest = null;
    int most = -1;
    for (Map.Entry<SourceKey, Integer> e : perSource.entrySet()) {
      if (e.getValue() > most) {
        most = e.getValue();
        largest = e.getKey();
      }
    }
    return largest;
  }

  private void evictOldestOf(SourceKey source) {
    for (Iterator<Map.Entry<Hash, Orphan>> it = byWtxid.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Hash, Orphan> e = it.next();
      if (e.getValue().source().equals(source)) {
        remove(e.getKey());
        return;
      }
    }
  }

  private void remove(Hash wtxid) {
    Orphan orphan = byWtxid.remove(wtxid);
    if (orphan == null) {
      return;
    }
    for (TxInput input : orphan.tx().inputs()) {
      Hash parent = input.outPoint().txid();
      Set<Hash> children = byParent.get(parent);
      if (children != null) {
        children.remove(wtxid);
        if (children.isEmpty()) {
          byParent.remove(parent);
        }
      }
    }
    perSource.computeIfPresent(orphan.source(), (k, n) -> n == 1 ? null : n - 1);
    bytes -= orphan.tx().size();
  }
}
