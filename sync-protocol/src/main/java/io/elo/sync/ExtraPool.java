package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.model.Transaction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BIP 152's "extra transactions": a small pool of transactions recently replaced in, evicted from
 * or refused by the mempool (and orphans, from transaction relay), kept because a miner may still
 * include them. Compact blocks are rebuilt from the mempool and this pool. Bounded in count and
 * bytes; at either bound the oldest entries are forgotten. Thread-safe (its own monitor; never held
 * while calling out).
 */
final class ExtraPool {
  private final int maxCount;
  private final long maxBytes;
  private final Map<Hash, Transaction> byWtxid = new LinkedHashMap<>();
  private long bytes;

  ExtraPool(int maxCount, long maxBytes) {
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
  }

  /** Remembers {@code tx}, forgetting the oldest entries past the bounds. */
  synchronized void add(Transaction tx) {
    if (maxCount == 0 || tx.size() > maxBytes || byWtxid.containsKey(tx.wtxid())) {
      return;
    }
    byWtxid.put(tx.wtxid(), tx);
    bytes += tx.size();
    Iterator<Transaction> oldest = byWtxid.values().iterator();
    while (byWtxid.size() > maxCount || bytes > maxBytes) {
      bytes -= oldest.next().size();
      oldest.remove();
    }
  }

  /** The transactions held now, oldest first. */
  synchronized List<Transaction> snapshot() {
    return new ArrayList<>(byWtxid.values());
  }

  synchronized int size() {
    return byWtxid.size();
  }

  synchronized long bytes() {
    return bytes;
  }
}
