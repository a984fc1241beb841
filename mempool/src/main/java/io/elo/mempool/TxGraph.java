package io.elo.mempool;

import io.elo.crypto.Hash;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pool's transactions, their spends and their parent/child links, with exact ancestor and
 * descendant statistics kept up to date on every insertion and removal, and an eviction order by
 * descendant fee rate. Not thread-safe: the pool's lock guards it.
 *
 * <p>{@link #entries()} iterates in insertion order, which is topological: a transaction enters
 * only after its in-pool parents.
 */
final class TxGraph {
  /** Lowest descendant fee rate first; among equals the newest first (evicted first). */
  private static final Comparator<Entry> EVICTION_ORDER =
      (a, b) -> {
        int byRate = Rates.compare(a.descendantFees, a.descendantSize, b.descendantFees,
            b.descendantSize);
        return byRate != 0 ? byRate : Long.compare(b.sequence, a.sequence);
      };

  private final LinkedHashMap<Hash, Entry> byTxid = new LinkedHashMap<>();
  private final Map<Hash, Entry> byWtxid = new HashMap<>();
  private final Map<OutPoint, Entry> spentBy = new HashMap<>();
  private final TreeSet<Entry> evictionOrder = new TreeSet<>(EVICTION_ORDER);
  private long bytes;

  int size() {
    return byTxid.size();
  }

  long bytes() {
    return bytes;
  }

  Entry get(Hash txid) {
    return byTxid.get(txid);
  }

  Entry getByWtxid(Hash wtxid) {
    return byWtxid.get(wtxid);
  }

  /** The pool transaction spending {@code outPoint}, or null. */
  Entry spender(OutPoint outPoint) {
    return spentBy.get(outPoint);
  }

  /** All entries in insertion (topological) order; do not modify the graph while iterating. */
  Collection<Entry> entries() {
    return byTxid.values();
  }

  /** The entry with the lowest descendant fee rate, or null if the pool is empty. */
  Entry worstPackage() {
    return evictionOrder.isEmpty() ? null : evictionOrder.first();
  }

  /** The distinct in-pool transactions whose outputs {@code tx} spends, in input order. */
  List<Entry> parentsOf(Transaction tx) {
    List<Entry> parents = new ArrayList<>(2);
    for (TxInput input : tx.inputs()) {
      Entry parent = byTxid.get(input.outPoint().txid());
      if (parent != null && !parents.contains(parent)) {
        parents.add(parent);
      }
    }
    return parents;
  }

  /** The distinct pool transactions spending any out-point that {@code tx} spends. */
  List<Entry> conflictsOf(Transaction tx) {
    List<Entry> conflicts = new ArrayList<>(1);
    for (TxInput input : tx.inputs()) {
      Entry spender = spentBy.get(input.outPoint());
      if (spender != null && !conflicts.contains(spender)) {
        conflicts.add(spender);
      }
    }
    return conflicts;
  }

  /** Every in-pool ancestor reachable from {@code parents} (the parents included). */
  static Set<Entry> ancestorsOf(Collection<Entry> parents) {
    Set<Entry> seen = new LinkedHashSet<>(parents);
    ArrayDeque<Entry> work = new ArrayDeque<>(parents);
    while (!work.isEmpty()) {
      for (Entry parent : work.poll().parents()) {
        if (seen.add(parent)) {
          work.add(parent);
        }
      }
    }
    return seen;
  }

  /** {@code entry} and every in-pool descendant of it, {@code entry} first. */
  static Set<Entry> withDescendants(Entry entry) {
    Set<Entry> seen = new LinkedHashSet<>();
    seen.add(entry);
    ArrayDeque<Entry> work = new ArrayDeque<>();
    work.add(entry);
    while (!work.isEmpty()) {
      for (Entry child : work.poll().children()) {
        if (seen.add(child)) {
          work.add(child);
        }
      }
    }
    return seen;
  }

  /**
   * Adds {@code entry}, which must conflict with nothing in the pool and whose in-pool parents are
   * {@code parents}; updates every ancestor's descendant statistics.
   */
  void add(Entry entry, List<Entry> parents) {
    Set<Entry> ancestors = ancestorsOf(parents);
    for (Entry parent : parents) {
      parent.addChild(entry);
      entry.addParent(parent);
    }
    entry.ancestorCount = 1 + ancestors.size();
    entry.ancestorSize = entry.size;
    entry.ancestorFees = entry.fee;
    for (Entry ancestor : ancestors) {
      entry.ancestorSize += ancestor.size;
      entry.ancestorFees += ancestor.fee;
      evictionOrder.remove(ancestor);
      ancestor.descendantCount++;
      ancestor.descendantSize += entry.size;
      ancestor.descendantFees += entry.fee;
      evictionOrder.add(ancestor);
    }
    byTxid.put(entry.txid, entry);
    byWtxid.put(entry.tx.wtxid(), entry);
    for (TxInput input : entry.tx.inputs()) {
      spentBy.put(input.outPoint(), entry);
    }
    evictionOrder.add(entry);
    bytes += entry.size;
  }

  /**
   * Removes one entry, leaving its descendants in place (their ancestor statistics shrink), as
   * when it is confirmed; or as one step of removing a whole package.
   */
  void remove(Entry entry) {
    Set<Entry> descendants = withDescendants(entry);
    descendants.remove(entry);
    for (Entry descendant : descendants) {
      descendant.ancestorCount--;
      descendant.ancestorSize -= entry.size;
      descendant.ancestorFees -= entry.fee;
    }
    for (Entry ancestor : ancestorsOf(entry.parents())) {
      evictionOrder.remove(ancestor);
      ancestor.descendantCount--;
      ancestor.descendantSize -= entry.size;
      ancestor.descendantFees -= entry.fee;
      evictionOrder.add(ancestor);
    }
    for (Entry parent : entry.parents()) {
      parent.removeChild(entry);
    }
    for (Entry child : List.copyOf(entry.children())) {
      child.removeParent(entry);
      entry.removeChild(child);
    }
    for (Entry parent : List.copyOf(entry.parents())) {
      entry.removeParent(parent);
    }
    evictionOrder.remove(entry);
    byTxid.remove(entry.txid);
    byWtxid.remove(entry.tx.wtxid());
    for (TxInput input : entry.tx.inputs()) {
      spentBy.remove(input.outPoint(), entry);
    }
    bytes -= entry.size;
  }

  /**
   * Removes {@code roots} and all their descendants, leaves first, and returns the removed entries
   * in topological order (parents before children).
   */
  List<Entry> removeWithDescendants(Collection<Entry> roots) {
    Set<Entry> all = new LinkedHashSet<>();
    for (Entry root : roots) {
      if (byTxid.get(root.txid) == root) {
        all.addAll(withDescendants(root));
      }
    }
    List<Entry> ordered = new ArrayList<>(all);
    ordered.sort(Comparator.comparingLong(e -> e.sequence));
    for (int i = ordered.size() - 1; i >= 0; i--) {
      remove(ordered.get(i));
    }
    return ordered;
  }

  /** Removes everything. */
  void clear() {
    byTxid.clear();
    byWtxid.clear();
    spentBy.clear();
    evictionOrder.clear();
    bytes = 0;
  }
}
