package io.elo.mempool;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.validation.CheckedTransaction;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool after a disconnection (or a queue overflow), in place and in bounded steps, as Bitcoin
 * Core does after a reorganisation. First step: transactions of blocks that ended connected leave
 * ({@code CONFIRMED}, their children stay), then those of blocks that ended disconnected go back
 * (at most the policy's bound, parents first), each checked against the new tip without signatures
 * (they were verified before and commit to the spent amounts, which an out-point fixes), without
 * dust and within the ancestor limits; a pool transaction spending the same output leaves ({@code
 * REORG}) and pool transactions spending its outputs become its children. Then every entry that was
 * in the pool is revalidated the same way, {@value #CHUNK} per step, newest first, so those that
 * now break a limit are the newest; failures leave with their descendants ({@code REORG}). Last,
 * the byte cap is applied.
 */
final class Rebuild implements ChainSync.Work {
  private static final Logger LOG = LoggerFactory.getLogger(Rebuild.class);
  /** Entries revalidated per step under the pool's lock (a few milliseconds). */
  static final int CHUNK = 500;

  private final PoolState pool;
  private final ChainEvents.Batch batch;
  private final MempoolChain.Snapshot snap;
  private final Map<String, Integer> why = new TreeMap<>(); // for the log
  private long cursor = Long.MIN_VALUE; // revalidate sequences below it; MIN_VALUE: first step
  private int restored;
  private int dropped;

  Rebuild(PoolState pool, ChainEvents.Batch batch, MempoolChain.Snapshot snap) {
    this.pool = pool;
    this.batch = batch;
    this.snap = snap;
  }

  @Override
  public boolean step() {
    try {
      if (cursor == Long.MIN_VALUE) {
        ChainSync.begin(pool, snap);
        putBack();
        cursor = pool.graph.lastSequence() + 1;
        return true;
      }
      List<Entry> chunk = pool.graph.entriesBelow(cursor, CHUNK);
      for (Entry entry : chunk) {
        if (pool.graph.get(entry.txid) == entry && !stillValid(entry)) {
          dropped += pool.removeWithDescendants(List.of(entry), RemovalReason.REORG).size();
        }
        cursor = entry.sequence;
      }
      if (!chunk.isEmpty()) {
        return true;
      }
    } catch (IllegalStateException e) {
      // Our snapshot outlived the chain state's history: start over against a fresh one.
      LOG.debug("mempool rebuild overtaken by the chain; resynchronising");
      pool.events.resync();
      return false;
    }
    pool.trimToSize();
    ChainSync.finish(pool, batch);
    LOG.debug(
        "mempool rebuilt after reorganisation: {} put back, {} dropped, overflow {}{}",
        restored,
        dropped,
        batch.overflowed(),
        why.isEmpty() ? "" : "; not taken (back): " + why);
    return false;
  }

  @Override
  public void done() {
    Journal journal = pool.journal;
    if (restored == 0 || journal == null) {
      return;
    }
    long offset = journal.written();
    try {
      pool.executor.execute(
          () -> {
            try {
              journal.awaitDurable(offset);
            } catch (IOException e) {
              LOG.warn("could not sync transactions put back after a reorganisation", e);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("executor refused the journal sync; the next admission's sync covers it");
    }
  }

  /** Removes what the new chain confirms and puts back what it dropped. */
  private void putBack() {
    // The last event of each block decides whether it ends up on the chain or off it.
    Map<Hash, ChainEvents.BlockEvent> last = new LinkedHashMap<>();
    for (ChainEvents.BlockEvent event : batch.blocks()) {
      last.remove(event.block().hash());
      last.put(event.block().hash(), event);
    }
    Set<Hash> confirmed = new HashSet<>();
    List<Block> disconnected = new ArrayList<>();
    for (ChainEvents.BlockEvent event : last.values()) {
      if (event.connected()) {
        for (Transaction tx : event.block().transactions()) {
          confirmed.add(tx.txid());
          Entry entry = pool.graph.get(tx.txid());
          if (entry != null) {
            pool.graph.remove(entry);
            pool.notifier.removed(entry.tx, RemovalReason.CONFIRMED);
          }
        }
      } else {
        disconnected.add(event.block());
      }
    }
    Collections.reverse(disconnected); // disconnected tip first: put the lowest back first
    List<Transaction> putBack = boundedPutBack(disconnected, confirmed);
    long sequence = pool.graph.lowSequences(putBack.size());
    long now = pool.clock.millis();
    for (Transaction tx : putBack) {
      Entry entry = reinsert(tx, now, sequence++);
      if (entry != null) {
        restored++;
        pool.notifier.added(tx, entry.fee);
        try {
          pool.journal(tx, now); // durable with the sync done() asks for; the block store has it
        } catch (IOException e) {
          LOG.warn("could not journal a transaction put back after a reorganisation", e);
        }
      }
    }
  }

  private List<Transaction> boundedPutBack(List<Block> disconnected, Set<Hash> confirmed) {
    Map<Hash, Transaction> byTxid = new LinkedHashMap<>();
    long bytes = 0;
    outer:
    for (Block block : disconnected) {
      List<Transaction> txs = block.transactions();
      for (int i = 1; i < txs.size(); i++) {
        Transaction tx = txs.get(i);
        if (byTxid.size() >= pool.policy.maxReorgTransactions()
            || bytes + tx.size() > pool.policy.maxReorgBytes()) {
          break outer;
        }
        if (!confirmed.contains(tx.txid())) {
          // A decoded block's transactions keep views of the whole block's bytes: re-decoded
          // from their own, so the pool never holds a disconnected block's array for one of them.
          byTxid.putIfAbsent(tx.txid(), Transaction.decode(tx.encode()));
          bytes += tx.size();
        }
      }
    }
    // Parents first, whatever order the blocks came in.
    List<Transaction> ordered = new ArrayList<>(byTxid.size());
    Map<Hash, Boolean> visiting = new HashMap<>();
    for (Transaction tx : byTxid.values()) {
      visit(tx, byTxid, visiting, ordered);
    }
    return ordered;
  }

  private static void visit(
      Transaction tx, Map<Hash, Transaction> all, Map<Hash, Boolean> done, List<Transaction> out) {
    if (done.putIfAbsent(tx.txid(), Boolean.TRUE) != null) {
      return;
    }
    for (TxInput input : tx.inputs()) {
      Transaction parent = all.get(input.outPoint().txid());
      if (parent != null) {
        visit(parent, all, done, out);
      }
    }
    out.add(tx);
  }

  /** Puts {@code tx} back under the pool if it is valid, without dust and within limits. */
  private Entry reinsert(Transaction tx, long addedMillis, long sequence) {
    if (pool.graph.get(tx.txid()) != null) {
      return null;
    }
    if (Dust.firstDustOutput(tx, pool.dustThreshold) >= 0) {
      why.merge(RejectReason.DUST.toString(), 1, Integer::sum); // mined by a non-standard miner
      return null;
    }
    CheckedTransaction checked = check(tx);
    if (checked == null) {
      return null;
    }
    List<Entry> parents = pool.graph.parentsOf(tx);
    RejectReason overLimit =
        Limits.check(pool.policy, TxGraph.ancestorsOf(parents), tx.size(), Set.of());
    if (overLimit != null) {
      why.merge(overLimit.toString(), 1, Integer::sum);
      return null;
    }
    List<Entry> conflicts = pool.graph.conflictsOf(tx);
    if (!conflicts.isEmpty()) {
      // The chain had it first: pool transactions spending the same outputs go.
      dropped += pool.removeWithDescendants(conflicts, RemovalReason.REORG).size();
      why.merge("conflict", conflicts.size(), Integer::sum);
    }
    Entry entry = new Entry(tx, checked.fee().orElseThrow().atoms(), addedMillis, sequence);
    pool.graph.addUnder(entry, parents);
    return entry;
  }

  /** Whether a pool entry still spends what exists and keeps within the limits. */
  private boolean stillValid(Entry entry) {
    if (check(entry.tx) == null) {
      return false;
    }
    if (entry.ancestorCount() > pool.policy.maxAncestorCount()
        || entry.ancestorSize() > pool.policy.maxAncestorBytes()) {
      why.merge("ancestor limits", 1, Integer::sum);
      return false;
    }
    if (entry.ancestorCount() > 1) {
      for (Entry ancestor : TxGraph.ancestorsOf(entry.parents())) {
        if (ancestor.descendantCount() > pool.policy.maxDescendantCount()
            || ancestor.descendantSize() > pool.policy.maxDescendantBytes()) {
          why.merge("descendant limits", 1, Integer::sum);
          return false;
        }
      }
    }
    return true;
  }

  /** The checks without signatures against the new tip and the pool; null (counted) if invalid. */
  private CheckedTransaction check(Transaction tx) {
    Height next = snap.tipHeight().next();
    CheckedTransaction checked;
    try {
      checked =
          pool.validator.checkWithoutSignatures(
              tx, new PoolView(pool.graph, snap.coins(), next), next);
    } catch (StoreException e) {
      LOG.warn("chain store failed while revalidating {}", tx.txid(), e);
      why.merge("store failure", 1, Integer::sum);
      return null;
    }
    if (!checked.isValid()) {
      why.merge(String.valueOf(checked.result().reason().orElse(null)), 1, Integer::sum);
      return null;
    }
    return checked;
  }
}
