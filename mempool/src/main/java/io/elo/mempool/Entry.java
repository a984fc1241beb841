package io.elo.mempool;

import io.elo.crypto.Hash;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One pool transaction with its links and package figures. The links change under the pool's lock
 * only; the figures (which include the entry itself and are kept exact by {@link TxGraph}) are an
 * immutable {@link Figures} behind a volatile field, replaced whole on every change, so a reader
 * without the lock sees one consistent set of them.
 */
final class Entry {
  final Transaction tx;
  final Hash txid;
  final long fee;
  final int size;
  final long addedMillis;
  /** Position in the pool's topological order: parents have lower sequences than children. */
  final long sequence;

  // In-pool parents and children; null while empty, to keep small entries small. Lock only.
  private List<Entry> parents;
  private List<Entry> children;

  private volatile Figures figures;

  /**
   * Ancestor and descendant figures, each including the entry itself.
   *
   * @param ancestorCount in-pool ancestors
   * @param ancestorSize their encoded bytes
   * @param ancestorFees their fees
   * @param descendantCount in-pool descendants
   * @param descendantSize their encoded bytes
   * @param descendantFees their fees
   */
  record Figures(
      int ancestorCount,
      long ancestorSize,
      long ancestorFees,
      int descendantCount,
      long descendantSize,
      long descendantFees) {}

  Entry(Transaction tx, long fee, long addedMillis, long sequence) {
    this.tx = tx;
    this.txid = tx.txid();
    this.fee = fee;
    this.size = tx.size();
    this.addedMillis = addedMillis;
    this.sequence = sequence;
    this.figures = new Figures(1, size, fee, 1, size, fee);
  }

  Figures figures() {
    return figures;
  }

  int ancestorCount() {
    return figures.ancestorCount;
  }

  long ancestorSize() {
    return figures.ancestorSize;
  }

  long ancestorFees() {
    return figures.ancestorFees;
  }

  int descendantCount() {
    return figures.descendantCount;
  }

  long descendantSize() {
    return figures.descendantSize;
  }

  long descendantFees() {
    return figures.descendantFees;
  }

  /** Sets the ancestor figures; under the lock. */
  void setAncestors(int count, long bytes, long fees) {
    Figures f = figures;
    figures = new Figures(count, bytes, fees, f.descendantCount, f.descendantSize, f.descendantFees);
  }

  /** Sets the descendant figures; under the lock. */
  void setDescendants(int count, long bytes, long fees) {
    Figures f = figures;
    figures = new Figures(f.ancestorCount, f.ancestorSize, f.ancestorFees, count, bytes, fees);
  }

  /** Adds {@code sign} times one transaction of {@code bytes} and {@code fees} to the ancestors. */
  void changeAncestors(int sign, long bytes, long fees) {
    Figures f = figures;
    setAncestors(f.ancestorCount + sign, f.ancestorSize + sign * bytes, f.ancestorFees + sign * fees);
  }

  /** Adds {@code sign} times one transaction of {@code bytes} and {@code fees} to the descendants. */
  void changeDescendants(int sign, long bytes, long fees) {
    Figures f = figures;
    setDescendants(
        f.descendantCount + sign, f.descendantSize + sign * bytes, f.descendantFees + sign * fees);
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

  /** A public picture of this entry; its figures are consistent with one another. */
  MempoolEntry toPublic() {
    Figures f = figures;
    return new MempoolEntry(
        tx,
        Amount.ofAtoms(fee),
        Instant.ofEpochMilli(addedMillis),
        f.ancestorCount,
        f.ancestorSize,
        Amount.ofAtoms(f.ancestorFees),
        f.descendantCount,
        f.descendantSize,
        Amount.ofAtoms(f.descendantFees));
  }

  @Override
  public String toString() {
    return "Entry{" + txid + ", fee=" + fee + ", size=" + size + "}";
  }
}
