package io.elo.mempool;

import io.elo.crypto.Hash;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The pool's transactions, their spends and their parent/child links, with exact ancestor and
 * descendant figures kept up to date on every insertion and removal, and an eviction order by
 * descendant fee rate.
 *
 * <p>Changes happen under the pool's lock only. The index (by txid, by wtxid, by spent out-point,
 * and the topological order) is made of concurrent maps, so {@link #get}, {@link #getByWtxid},
 * {@link #spender}, {@link #entries}, {@link #size} and {@link #bytes} may be read without the
 * lock: an entry appears in them once its links and figures are set. The links themselves and the
 * eviction order are for the lock holder only.
 *
 * <p>{@link #entries()} iterates by sequence, which is topological: an admitted transaction enters
 * after its in-pool parents, and a transaction put back after a reorganisation (which existing
 * entries may spend) gets a sequence below every existing one ({@link #lowSequences}).
 */
final class TxGraph {
  /** Lowest descendant fee rate first; among equals the newest first (evicted first). */
  private static final Comparator<Entry> EVICTION_ORDER =
      (a, b) -> {
        int byRate = Rates.compare(a.descendantFees(), a.descendantSize(), b.descendantFees(),
            b.descendantSize());
        return byRate != 0 ? byRate : Long.compare(b.sequence, a.sequence);
      };

  private final Map<Hash, Entry> byTxid = new ConcurrentHashMap<>();
  private final Map<Hash, Entry> byWtxid = new ConcurrentHashMap<>();
  private final Map<OutPoint, Entry> spentBy = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, Entry> bySequence = new ConcurrentSkipListMap<>();
  private final TreeSet<Entry> evictionOrder = new TreeSet<>(EVICTION_ORDER); // lock only
  private volatile long bytes;
  private long nextSequence; // lock only
  private long lowestSequence; // lock only

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

  /** All entries in topological order; weakly consistent when read without the lock. */
  Collection<Entry> entries() {
    return bySequence.values();
  }

  /** The entry with the lowest sequence (the oldest admitted, nearly always), or null. */
  Entry first() {
    Map.Entry<Long, Entry> first = bySequence.firstEntry();
    return first == null ? null : first.getValue();
  }

  /** The highest sequence handed out so far (-1 before any). */
  long lastSequence() {
    return nextSequence - 1;
  }

  /** Up to {@code max} entries with sequences below {@code before}, highest first. */
  List<Entry> entriesBelow(long before, int max) {
    List<Entry> found = new ArrayList<>(Math.min(max, 1_024));
    for (Entry entry : bySequence.headMap(before, false).descendingMap().values()) {
      if (found.size() == max) {
        break;
      }
      found.add(entry);
    }
    return found;
  }

  /** The sequence for a transaction entering on top of the pool. */
  long nextSequence() {
    return nextSequence++;
  }

  /**
   * The first of {@code count} consecutive sequences below every existing one, for transactions
   * put back under existing entries, parents first.
   */
  long lowSequences(int count) {
    lowestSequence = Math.min(lowestSequence, 0) - count;
    return lowestSequence;
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
   * {@code parents}; updates every ancestor's descendant figures.
   */
  void add(Entry entry, List<Entry> parents) {
    Set<Entry> ancestors = ancestorsOf(parents);
    for (Entry parent : parents) {
      parent.addChild(entry);
      entry.addParent(parent);
    }
    long ancestorSize = entry.size;
    long ancestorFees = entry.fee;
    for (Entry ancestor : ancestors) {
      ancestorSize += ancestor.size;
      ancestorFees += ancestor.fee;
      evictionOrder.remove(ancestor);
      ancestor.changeDescendants(1, entry.size, entry.fee);
      evictionOrder.add(ancestor);
    }
    entry.setAncestors(1 + ancestors.size(), ancestorSize, ancestorFees);
    index(entry);
  }

  /**
   * Adds {@code entry} (a transaction put back after a reorganisation, with a sequence from {@link
   * #lowSequences}) under the existing entries that spend its outputs: they become its children,
   * and the figures of everything above and below it are recomputed.
   */
  void addUnder(Entry entry, List<Entry> parents) {
    add(entry, parents);
    List<Entry> children = new ArrayList<>(1);
    for (int i = 0; i < entry.tx.outputs().size(); i++) {
      Entry child = spentBy.get(OutPoint.of(entry.txid, i));
      if (child != null && child != entry && !children.contains(child)) {
        children.add(child);
      }
    }
    if (children.isEmpty()) {
      return;
    }
    for (Entry child : children) {
      child.addParent(entry);
      entry.addChild(child);
    }
    Set<Entry> affected = ancestorsOf(entry.parents());
    affected.addAll(withDescendants(entry));
    for (Entry member : affected) {
      evictionOrder.remove(member);
      Set<Entry> up = ancestorsOf(member.parents());
      long upSize = member.size;
      long upFees = member.fee;
      for (Entry ancestor : up) {
        upSize += ancestor.size;
        upFees += ancestor.fee;
      }
      member.setAncestors(1 + up.size(), upSize, upFees);
      Set<Entry> down = withDescendants(member);
      long downSize = 0;
      long downFees = 0;
      for (Entry descendant : down) {
        downSize += descendant.size;
        downFees += descendant.fee;
      }
      member.setDescendants(down.size(), downSize, downFees);
      evictionOrder.add(member);
    }
  }

  private void index(Entry entry) {
    for (TxInput input : entry.tx.inputs()) {
      spentBy.put(input.outPoint(), entry);
    }
    evictionOrder.add(entry);
    bytes += entry.size;
    bySequence.put(entry.sequence, entry);
    byWtxid.put(entry.tx.wtxid(), entry);
    byTxid.put(entry.txid, entry);
  }

  /**
   * Removes one entry, leaving its descendants in place (their ancestor figures shrink), as when it
   * is confirmed; or as one step of removing a whole package.
   */
  void remove(Entry entry) {
    Set<Entry> descendants = withDescendants(entry);
    descendants.remove(entry);
    for (Entry descendant : descendants) {
      descendant.changeAncestors(-1, entry.size, entry.fee);
    }
    for (Entry ancestor : ancestorsOf(entry.parents())) {
      evictionOrder.remove(ancestor);
      ancestor.changeDescendants(-1, entry.size, entry.fee);
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
    bySequence.remove(entry.sequence);
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
}
