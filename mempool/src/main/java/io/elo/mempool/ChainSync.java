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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies queued chain events to the pool, under its lock. Blocks connected on top of the tip
 * remove what they confirm and what now conflicts. Any disconnection (or a queue overflow) rebuilds
 * the pool instead: the disconnected blocks' transactions go back first (bounded, parents first),
 * then every previous pool transaction, each revalidated against the new tip without signatures
 * (their signatures were verified before and commit to nothing a reorganisation changes); those
 * that fail or break a limit are dropped.
 */
final class ChainSync {
  private static final Logger LOG = LoggerFactory.getLogger(ChainSync.class);
  private static final int MAX_SNAPSHOT_ROUNDS = 16;

  private final PoolState pool;

  ChainSync(PoolState pool) {
    this.pool = pool;
  }

  void apply() {
    ChainEvents.Batch batch = ChainEvents.EMPTY;
    MempoolChain.Snapshot snap;
    int rounds = 0;
    do {
      // The chain state queues a change's events before releasing its lock, and a snapshot takes
      // that lock: every event up to the snapshot's tip is queued by the time it returns.
      snap = pool.chain.snapshot();
      batch = batch.plus(pool.events.drain());
    } while (batch.lastTip() != null
        && !batch.lastTip().equals(snap.tipHash())
        && ++rounds < MAX_SNAPSHOT_ROUNDS);
    pool.snapshot = snap;
    if (batch.isEmpty()) {
      return;
    }
    pool.rejects.tipChanged();
    boolean anyConnected = false;
    for (ChainEvents.BlockEvent event : batch.blocks()) {
      anyConnected |= event.connected();
    }
    if (batch.overflowed() || batch.anyDisconnected()) {
      rebuild(batch);
    } else {
      for (ChainEvents.BlockEvent event : batch.blocks()) {
        removeForBlock(event.block());
      }
    }
    if (anyConnected) {
      pool.feeFloor.blockConnected();
    }
    releaseOrphansOf(batch);
    pool.version++;
  }

  /** A confirmed transaction is a parent arriving too: its waiting orphans get another chance. */
  private void releaseOrphansOf(ChainEvents.Batch batch) {
    for (ChainEvents.BlockEvent event : batch.blocks()) {
      if (!event.connected()) {
        continue;
      }
      List<Transaction> txs = event.block().transactions();
      for (int i = 1; i < txs.size(); i++) {
        pool.released.addAll(pool.orphans.takeChildrenOf(txs.get(i).txid()));
      }
    }
  }

  private void removeForBlock(Block block) {
    List<Transaction> txs = block.transactions();
    for (int i = 1; i < txs.size(); i++) {
      Entry confirmed = pool.graph.get(txs.get(i).txid());
      if (confirmed != null) {
        pool.graph.remove(confirmed);
        pool.notifier.removed(confirmed.tx, RemovalReason.CONFIRMED);
      }
    }
    for (int i = 1; i < txs.size(); i++) {
      for (TxInput input : txs.get(i).inputs()) {
        Entry conflict = pool.graph.spender(input.outPoint());
        if (conflict != null) {
          pool.removeWithDescendants(List.of(conflict), RemovalReason.CONFLICT);
        }
      }
    }
  }

  private void rebuild(ChainEvents.Batch batch) {
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
        }
      } else {
        disconnected.add(event.block());
      }
    }
    Collections.reverse(disconnected); // disconnected tip first: put the lowest back first
    List<Transaction> putBack = boundedPutBack(disconnected, confirmed);
    List<Entry> previous = new ArrayList<>(pool.graph.entries());
    Map<String, Integer> notBack = new TreeMap<>(); // why a transaction did not return, for the log
    pool.graph.clear();
    long now = pool.clock.millis();
    int restored = 0;
    for (Transaction tx : putBack) {
      Entry entry = reinsert(tx, now, notBack);
      if (entry != null) {
        restored++;
        pool.notifier.added(tx, entry.fee);
        try {
          pool.journal(tx, now); // durable with the next sync; the block store has it meanwhile
        } catch (IOException e) {
          LOG.warn("could not journal a transaction put back after a reorganisation", e);
        }
      }
    }
    int dropped = 0;
    for (Entry old : previous) {
      if (confirmed.contains(old.txid)) {
        pool.notifier.removed(old.tx, RemovalReason.CONFIRMED);
      } else if (pool.graph.get(old.txid) == null
          && reinsert(old.tx, old.addedMillis, notBack) == null) {
        pool.notifier.removed(old.tx, RemovalReason.REORG);
        dropped++;
      }
    }
    pool.trimToSize();
    LOG.debug(
        "mempool rebuilt after reorganisation: {} put back, {} dropped, overflow {}{}",
        restored,
        dropped,
        batch.overflowed(),
        notBack.isEmpty() ? "" : "; not taken (back): " + notBack);
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
          byTxid.putIfAbsent(tx.txid(), tx);
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
      Transaction tx,
      Map<Hash, Transaction> all,
      Map<Hash, Boolean> done,
      List<Transaction> ordered) {
    if (done.putIfAbsent(tx.txid(), Boolean.TRUE) != null) {
      return;
    }
    for (TxInput input : tx.inputs()) {
      Transaction parent = all.get(input.outPoint().txid());
      if (parent != null) {
        visit(parent, all, done, ordered);
      }
    }
    ordered.add(tx);
  }

  /** Puts {@code tx} into the pool if it is still valid, without dust and within limits. */
  private Entry reinsert(Transaction tx, long addedMillis, Map<String, Integer> why) {
    if (pool.graph.get(tx.txid()) != null) {
      return null;
    }
    if (!pool.graph.conflictsOf(tx).isEmpty()) {
      why.merge("conflict", 1, Integer::sum);
      return null;
    }
    if (Dust.firstDustOutput(tx, pool.dustThreshold) >= 0) {
      why.merge(RejectReason.DUST.toString(), 1, Integer::sum); // mined by a non-standard miner
      return null;
    }
    Height next = pool.snapshot.tipHeight().next();
    CheckedTransaction checked;
    try {
      checked =
          pool.validator.checkWithoutSignatures(
              tx, new PoolView(pool.graph, pool.snapshot.coins(), next), next);
    } catch (StoreException e) {
      LOG.warn("chain store failed while revalidating {}", tx.txid(), e);
      why.merge("store failure", 1, Integer::sum);
      return null;
    }
    if (!checked.isValid()) {
      why.merge(String.valueOf(checked.result().reason().orElse(null)), 1, Integer::sum);
      return null;
    }
    List<Entry> parents = pool.graph.parentsOf(tx);
    RejectReason overLimit =
        Limits.check(pool.policy, TxGraph.ancestorsOf(parents), tx.size(), Set.of());
    if (overLimit != null) {
      why.merge(overLimit.toString(), 1, Integer::sum);
      return null;
    }
    Entry entry =
        new Entry(tx, checked.fee().orElseThrow().atoms(), addedMillis, pool.nextSequence());
    pool.add(entry, parents);
    return entry;
  }
}
