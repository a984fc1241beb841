package io.elo.mempool;

import io.elo.crypto.Hash;
import io.elo.model.Amount;
import io.elo.model.Transaction;
import io.elo.validation.InvalidReason;
import io.elo.validation.ValidationResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits one transaction, cheapest checks first, with the pool's lock held only for the commit:
 * size and dust; already known or recently rejected (the concurrent index); stateless checks;
 * inputs, amounts and fee rate against the pool's chain snapshot and pool outputs, read without
 * the lock (so submitters on many threads read coins at once); replacement rules and limits;
 * public keys and signatures. Then, under the lock, the plan is confirmed cheaply (same snapshot,
 * same in-pool parents; conflicts, fee floor, replacement and limits checked again on the current
 * graph) or, if the chain snapshot or a parent changed, made again ({@link Planner}); the
 * transaction is inserted, the pool trimmed to its cap and the record buffered in the journal. It
 * is reported accepted once the journal's group commit made it durable.
 */
final class Admission {
  private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

  private final PoolState pool;
  private final Planner planner;
  private final ChainSync chainSync;

  Admission(PoolState pool, ChainSync chainSync) {
    this.pool = pool;
    this.planner = new Planner(pool);
    this.chainSync = chainSync;
  }

  /** Admits {@code tx}, then any orphans it resolves; see {@link Mempool#submit}. */
  AdmissionResult submit(Transaction tx, SourceKey source, long addedMillis) {
    AdmissionResult result = admitOne(tx, source, addedMillis);
    if (!(result instanceof AdmissionResult.Accepted accepted)) {
      return result;
    }
    List<Hash> resolved = new ArrayList<>();
    List<Hash> parents = new ArrayList<>(List.of(tx.txid()));
    for (int i = 0; i < parents.size(); i++) {
      // After the parent's commit: an orphan added before it is found here, one added after saw
      // the parent in the pool (orphans are added under the pool's lock).
      for (Orphans.Orphan orphan : pool.orphans.takeChildrenOf(parents.get(i))) {
        if (admitOne(orphan.tx(), orphan.source(), -1).isAccepted()) {
          resolved.add(orphan.tx().txid());
          parents.add(orphan.tx().txid());
        }
      }
    }
    return new AdmissionResult.Accepted(
        accepted.txid(), accepted.fee(), accepted.replaced(), resolved);
  }

  /** Admits one transaction; {@code addedMillis} is its entry time, or -1 for now. */
  private AdmissionResult admitOne(Transaction tx, SourceKey source, long addedMillis) {
    Hash txid = tx.txid();
    if (tx.isCoinbase()) {
      return AdmissionResult.Rejected.invalid(
          txid, InvalidReason.UNEXPECTED_COINBASE, true, "a coinbase outside a block");
    }
    if (tx.size() > pool.policy.maxTransactionSize()) {
      return AdmissionResult.Rejected.policy(
          txid, RejectReason.TOO_LARGE, tx.size() + " > " + pool.policy.maxTransactionSize());
    }
    int dust = Dust.firstDustOutput(tx, pool.dustThreshold);
    if (dust >= 0) {
      return AdmissionResult.Rejected.policy(
          txid,
          RejectReason.DUST,
          "output " + dust + " pays " + tx.outputs().get(dust).amount().atoms() + " atoms < "
              + pool.dustThreshold.atoms());
    }
    chainSync.helpOneStep(); // so a transaction submitted after a block is checked at its tip
    AdmissionResult known = planner.known(tx);
    if (known != null) {
      return known;
    }
    long generation = pool.rejects.generation();
    ValidationResult structure = pool.validator.checkStructure(tx);
    if (!structure.isAccept()) {
      return planner.refuse(tx, structure, generation);
    }
    Planner.Step step;
    try {
      step = planner.plan(tx, source, generation);
    } catch (IllegalStateException e) {
      // The pool's snapshot outlived the chain state's history: its chain sync fell far behind.
      LOG.debug("mempool snapshot too old for {}; applying chain changes first", txid);
      chainSync.runAll();
      step = planner.plan(tx, source, pool.rejects.generation());
    }
    if (step.result() != null) {
      return step.result();
    }
    ValidationResult signatures = pool.validator.verifySignatures(step.plan().checked());
    if (!signatures.isAccept()) {
      return planner.refuse(tx, signatures, generation);
    }
    return commit(tx, source, step.plan(), addedMillis);
  }

  private AdmissionResult commit(
      Transaction tx, SourceKey source, Planner.Plan planned, long addedMillis) {
    long now = addedMillis >= 0 ? addedMillis : pool.clock.millis();
    Journal journal = pool.journal;
    byte[] record = journal == null ? null : JournalCodec.encode(new JournalCodec.Record(now, tx));
    long offset = -1;
    Entry entry;
    List<Entry> replaced;
    pool.lock();
    try {
      pool.expireOldest();
      AdmissionResult known = planner.knownLocked(tx);
      if (known != null) {
        return known;
      }
      Planner.Step confirmed = planner.confirmLocked(tx, source, planned);
      if (confirmed.result() != null) {
        return confirmed.result();
      }
      Planner.Plan plan = confirmed.plan();
      replaced = pool.removeWithDescendants(plan.conflicts(), RemovalReason.REPLACED);
      entry = new Entry(tx, plan.fee(), now, pool.graph.nextSequence());
      pool.graph.add(entry, plan.parents());
      pool.trimToSize();
      if (pool.graph.get(entry.txid) != entry) {
        pool.rejects.addPolicy(tx.wtxid());
        return AdmissionResult.Rejected.policy(
            tx.txid(), RejectReason.MEMPOOL_FULL, "evicted at once by the byte cap");
      }
      pool.notifier.added(tx, entry.fee);
      if (journal != null) {
        try {
          offset = journal.appendEncoded(record);
        } catch (IOException e) {
          return storageFailure(entry, e);
        }
      }
    } finally {
      pool.unlock();
    }
    if (offset >= 0) {
      try {
        journal.awaitDurable(offset);
      } catch (IOException e) {
        pool.lock();
        try {
          return storageFailure(entry, e);
        } finally {
          pool.unlock();
        }
      }
    }
    List<Hash> replacedIds = new ArrayList<>(replaced.size());
    for (Entry gone : replaced) {
      replacedIds.add(gone.txid);
    }
    return new AdmissionResult.Accepted(
        tx.txid(), Amount.ofAtoms(entry.fee), replacedIds, List.of());
  }

  private AdmissionResult storageFailure(Entry entry, IOException e) {
    LOG.error("mempool journal failed; refusing transactions until restart", e);
    if (pool.graph.get(entry.txid) == entry) {
      pool.removeWithDescendants(List.of(entry), RemovalReason.STORAGE_FAILURE);
    }
    return AdmissionResult.Rejected.policy(
        entry.txid, RejectReason.STORAGE_FAILURE, String.valueOf(e.getMessage()));
  }
}
