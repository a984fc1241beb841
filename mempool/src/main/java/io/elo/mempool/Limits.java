package io.elo.mempool;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The ancestor and descendant limits for a transaction about to join the pool. */
final class Limits {
  private Limits() {}

  /**
   * Returns the limit a transaction of {@code size} bytes with in-pool {@code ancestors} would
   * break, or null. {@code evicted} (a replacement's victims) no longer count as descendants.
   */
  static RejectReason check(
      MempoolPolicy policy, Set<Entry> ancestors, int size, Set<Entry> evicted) {
    if (ancestors.size() + 1 > policy.maxAncestorCount()) {
      return RejectReason.TOO_MANY_ANCESTORS;
    }
    long ancestorBytes = size;
    for (Entry ancestor : ancestors) {
      ancestorBytes += ancestor.size;
    }
    if (ancestorBytes > policy.maxAncestorBytes()) {
      return RejectReason.ANCESTORS_TOO_LARGE;
    }
    Map<Entry, long[]> leaving = evicted.isEmpty() ? Map.of() : leavingBelow(evicted);
    for (Entry ancestor : ancestors) {
      long[] gone = leaving.getOrDefault(ancestor, new long[2]);
      if (ancestor.descendantCount() - gone[0] + 1 > policy.maxDescendantCount()) {
        return RejectReason.TOO_MANY_DESCENDANTS;
      }
      if (ancestor.descendantSize() - gone[1] + size > policy.maxDescendantBytes()) {
        return RejectReason.DESCENDANTS_TOO_LARGE;
      }
    }
    return null;
  }

  /** For each ancestor of an evicted entry: how many evicted descendants and bytes it loses. */
  private static Map<Entry, long[]> leavingBelow(Set<Entry> evicted) {
    Map<Entry, long[]> leaving = new HashMap<>();
    for (Entry gone : evicted) {
      for (Entry ancestor : TxGraph.ancestorsOf(gone.parents())) {
        long[] counts = leaving.computeIfAbsent(ancestor, k -> new long[2]);
        counts[0]++;
        counts[1] += gone.size;
      }
    }
    return leaving;
  }
}
