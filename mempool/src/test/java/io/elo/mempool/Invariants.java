package io.elo.mempool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.validation.ChainState;
import io.elo.validation.StoreException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The pool invariants, checked against a recomputation from scratch. A shared test fixture. */
public final class Invariants {
  private Invariants() {}

  /**
   * Asserts: no two pool transactions spend one output; every input is in the chain's UTXO set or
   * among pool outputs; package figures equal a recomputation; the byte cap holds; entries come
   * parents first.
   */
  public static void check(Mempool pool, ChainState state) throws StoreException {
    List<MempoolEntry> entries = pool.entries();
    Map<Hash, MempoolEntry> byTxid = new HashMap<>();
    Set<OutPoint> spent = new HashSet<>();
    long bytes = 0;
    for (MempoolEntry e : entries) {
      Transaction tx = e.transaction();
      for (TxInput input : tx.inputs()) {
        assertTrue(spent.add(input.outPoint()), "spent twice in the pool: " + input.outPoint());
        MempoolEntry parent = byTxid.get(input.outPoint().txid());
        if (parent != null) {
          assertTrue(input.outPoint().index() < parent.transaction().outputs().size());
        } else {
          assertTrue(
              state.coin(input.outPoint()).isPresent(),
              "input neither unspent on the chain nor a pool output (or parent listed later): "
                  + input.outPoint());
        }
      }
      byTxid.put(tx.txid(), e);
      bytes += tx.size();
    }
    assertEquals(bytes, pool.bytes());
    assertTrue(bytes <= pool.policy().maxBytes(), "over the cap: " + bytes);
    Map<Hash, Set<Hash>> parents = new HashMap<>();
    Map<Hash, Set<Hash>> children = new HashMap<>();
    for (MempoolEntry e : entries) {
      Hash txid = e.transaction().txid();
      parents.put(txid, new LinkedHashSet<>());
      children.putIfAbsent(txid, new LinkedHashSet<>());
      for (TxInput input : e.transaction().inputs()) {
        Hash p = input.outPoint().txid();
        if (byTxid.containsKey(p)) {
          parents.get(txid).add(p);
          children.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(txid);
        }
      }
    }
    for (MempoolEntry e : entries) {
      Hash txid = e.transaction().txid();
      Set<Hash> ancestors = closure(txid, parents);
      Set<Hash> descendants = closure(txid, children);
      assertEquals(ancestors.size(), e.ancestorCount(), "ancestor count of " + txid);
      assertEquals(sumSize(ancestors, byTxid), e.ancestorBytes(), "ancestor bytes of " + txid);
      assertEquals(sumFees(ancestors, byTxid), e.ancestorFees().atoms(), "ancestor fees");
      assertEquals(descendants.size(), e.descendantCount(), "descendant count of " + txid);
      assertEquals(sumSize(descendants, byTxid), e.descendantBytes(), "descendant bytes");
      assertEquals(sumFees(descendants, byTxid), e.descendantFees().atoms(), "descendant fees");
    }
  }

  private static Set<Hash> closure(Hash start, Map<Hash, Set<Hash>> edges) {
    Set<Hash> seen = new LinkedHashSet<>();
    seen.add(start);
    ArrayDeque<Hash> work = new ArrayDeque<>(List.of(start));
    while (!work.isEmpty()) {
      for (Hash next : edges.getOrDefault(work.poll(), Set.of())) {
        if (seen.add(next)) {
          work.add(next);
        }
      }
    }
    return seen;
  }

  private static long sumSize(Set<Hash> txids, Map<Hash, MempoolEntry> byTxid) {
    long total = 0;
    for (Hash txid : txids) {
      total += byTxid.get(txid).transaction().size();
    }
    return total;
  }

  private static long sumFees(Set<Hash> txids, Map<Hash, MempoolEntry> byTxid) {
    long total = 0;
    for (Hash txid : txids) {
      total += byTxid.get(txid).fee().atoms();
    }
    return total;
  }
}
