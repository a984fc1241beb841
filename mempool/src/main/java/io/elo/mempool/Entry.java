package io.elo.mempool;

import io.elo.crypto.Hash;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One pool transaction with its links and package statistics. Mutable, guarded by the pool's lock;
 * the statistics include the entry itself and are kept exact by {@link TxGraph}.
 */
final class Entry {
  final Transaction tx;
  final Hash txid;
  final long fee;
  final int size;
  final long addedMillis;
  final long sequence;

  // In-pool parents and children; null while empty, to keep small entries small.
  private List<Entry> parents;
  private List<Entry> children;

  int ancestorCount = 1;
  long ancestorSize;
  long ancestorFees;
  int descendantCount = 1;
  long descendantSize;
  long descendantFees;

  Entry(Transaction tx, long fee, long addedMillis, long sequence) {
    this.tx = tx;
    this.txid = tx.txid();
    this.fee = fee;
    this.size = tx.size();
    this.addedMillis = addedMillis;
    this.sequence = sequence;
    this.ancestorSize = size;
    this.ancestorFees = fee;
    this.descendantSize = size;
    this.descendantFees = fee;
  }

  List<Entry> parents() {
    return parents == null ? List.of() : parents;
  }

  List<Entry> children() {
    return children == null ? List.of() : children;
  }

  void addParent(Entry parent) {
    if (parents == null) {
      parents = new ArrayList<>(2);
    }
    parents.add(parent);
  }

  void addChild(Entry child) {
    if (children == null) {
      children = new ArrayList<>(2);
    }
    children.add(child);
  }

  void removeParent(Entry parent) {
    if (parents != null && parents.remove(parent) && parents.isEmpty()) {
      parents = null;
    }
  }

  void removeChild(Entry child) {
    if (children != null && children.remove(child) && children.isEmpty()) {
      children = null;
    }
  }

  MempoolEntry toPublic() {
    return new MempoolEntry(
        tx,
        Amount.ofAtoms(fee),
        Instant.ofEpochMilli(addedMillis),
        ancestorCount,
        ancestorSize,
        Amount.ofAtoms(ancestorFees),
        descendantCount,
        descendantSize,
        Amount.ofAtoms(descendantFees));
  }

  @Override
  public String toString() {
    return "Entry{" + txid + ", fee=" + fee + ", size=" + size + "}";
  }
}
