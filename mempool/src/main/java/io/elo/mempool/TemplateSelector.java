package io.elo.mempool;

import io.elo.consensus.BlockTemplate;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Selects a block template by ancestor fee rate (child pays for parent), as Bitcoin Core's block
 * assembler does: repeatedly take the not-yet-included transaction whose package (itself with its
 * not-yet-included ancestors) pays the highest rate, add the package parents first if it fits, and
 * lower the package figures of its descendants. Ties go to the smaller package, then the lower txid,
 * so equal pools give equal templates. Runs under the pool's lock (it reads links and figures).
 */
final class TemplateSelector {
  /** After this many packages in a row that do not fit a nearly full block, stop looking. */
  private static final int MAX_CONSECUTIVE_FAILURES = 1_000;

  private static final int NEARLY_FULL_MARGIN = 4_000;

  /** A candidate with its package figures when it was queued; stale once they change. */
  private record Candidate(Entry entry, long fees, long size) {}

  private static final Comparator<Candidate> BEST_FIRST =
      (a, b) -> {
        int byRate = Rates.compare(b.fees, b.size, a.fees, a.size);
        if (byRate != 0) {
          return byRate;
        }
        int bySize = Long.compare(a.size, b.size);
        return bySize != 0 ? bySize : a.entry.txid.compareTo(b.entry.txid);
      };

  private TemplateSelector() {}

  static BlockTemplate select(TxGraph graph, long maxBytes) {
    PriorityQueue<Candidate> queue = new PriorityQueue<>(Math.max(1, graph.size()), BEST_FIRST);
    for (Entry entry : graph.entries()) {
      queue.add(new Candidate(entry, entry.ancestorFees(), entry.ancestorSize()));
    }
    // Package figures of entries some of whose ancestors are already in the block.
    Map<Entry, long[]> modified = new HashMap<>();
    Set<Entry> included = new HashSet<>();
    List<Transaction> block = new ArrayList<>();
    long room = maxBytes;
    long fees = 0;
    int failures = 0;
    Candidate next;
    while ((next = queue.poll()) != null) {
      Entry entry = next.entry();
      if (included.contains(entry)) {
        continue;
      }
      long[] current = modified.get(entry);
      long size = current != null ? current[1] : entry.ancestorSize();
      if (size != next.size()) {
        continue; // stale: a fresher candidate for this entry is queued
      }
      if (size > room) {
        if (++failures > MAX_CONSECUTIVE_FAILURES && room < NEARLY_FULL_MARGIN) {
          break;
        }
        continue;
      }
      failures = 0;
      List<Entry> pkg = new ArrayList<>();
      for (Entry ancestor : TxGraph.ancestorsOf(entry.parents())) {
        if (!included.contains(ancestor)) {
          pkg.add(ancestor);
        }
      }
      pkg.add(entry);
      pkg.sort(Comparator.comparingLong(e -> e.sequence)); // insertion order is topological
      for (Entry member : pkg) {
        included.add(member);
        block.add(member.tx);
        room -= member.size;
        fees += member.fee;
      }
      for (Entry member : pkg) {
        for (Entry descendant : TxGraph.withDescendants(member)) {
          if (descendant == member || included.contains(descendant)) {
            continue;
          }
          long[] figures =
              modified.computeIfAbsent(
                  descendant, d -> new long[] {d.ancestorFees(), d.ancestorSize()});
          figures[0] -= member.fee;
          figures[1] -= member.size;
          queue.add(new Candidate(descendant, figures[0], figures[1]));
        }
      }
    }
    return BlockTemplate.of(block, Amount.ofAtoms(fees));
  }
}
