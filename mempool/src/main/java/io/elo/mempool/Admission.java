package io.elo.mempool;

import io.elo.crypto.Hash;
import io.elo.model.Amount;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.validation.CheckedTransaction;
import io.elo.validation.InvalidReason;
import io.elo.validation.StoreException;
import io.elo.validation.ValidationResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits one transaction, cheapest checks first: size and dust, already known or recently
 * rejected, stateless checks, inputs in the chain or the pool (unknown parents make an orphan of a
 * relayed transaction and refuse a local one), fee rate and policy (replacement rules, ancestor and
 * descendant limits) under the pool's lock, then public keys and signatures outside it, so
 * submitters on many threads verify in parallel. The pool is then re-checked (cheaply, if it
 * changed meanwhile), the transaction inserted, the pool trimmed to its cap and the transaction
 * journaled; it is reported accepted once the journal is durable.
 */
final class Admission {
  private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

  private final PoolState pool;
  private final Replacement replacement;

  Admission(PoolState pool) {
    this.pool = pool;
    this.replacement = new Replacement(pool.policy);
  }

  /** What passed every check but signatures, as of pool {@code version}. */
  private record Plan(
      CheckedTransaction checked,
      long fee,
      List<Entry> parents,
      List<Entry> conflicts,
      long version) {}

  /** Either a plan or a final result. */
  private record Step(Plan plan, AdmissionResult result) {}

  /** Admits {@code tx}, then any orphans it resolves; see {@link Mempool#submit}. */
  AdmissionResult submit(Transaction tx, SourceKey source, long addedMillis) {
    AdmissionResult result = admitOne(tx, source, addedMillis);
    if (!(result instanceof AdmissionResult.Accepted accepted)) {
      return result;
    }
    List<Hash> resolved = new ArrayList<>();
    List<Hash> parents = new ArrayList<>(List.of(tx.txid()));
    for (int i = 0; i < parents.size(); i++) {
      List<Orphans.Orphan> children;
      pool.lock();
      try {
        children = pool.orphans.takeChildrenOf(parents.get(i));
      } finally {
        pool.unlock();
      }
      for (Orphans.Orphan orphan : children) {
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
    pool.lock();
    try {
      AdmissionResult known = known(tx);
      if (known != null) {
        return known;
      }
    } finally {
      pool.unlock();
    }
    ValidationResult structure = pool.validator.checkStructure(tx);
    if (!structure.isAccept()) {
      return refuse(tx, structure);
    }
    Step step;
    pool.lock();
    try {
      step = plan(tx, source);
    } finally {
      pool.unlock();
    }
    if (step.result() != null) {
      return step.result();
    }
    ValidationResult signatures = pool.validator.verifySignatures(step.plan().checked());
    if (!signatures.isAccept()) {
      return refuse(tx, signatures);
    }
    return commit(tx, source, step.plan(), addedMillis);
  }

  private AdmissionResult commit(
      Transaction tx, SourceKey source, Plan planned, long addedMillis) {
    long offset;
    Entry entry;
    List<Entry> replaced;
    pool.lock();
    try {
      Plan plan = planned;
      if (pool.version != plan.version()) {
        AdmissionResult known = known(tx);
        if (known != null) {
          return known;
        }
        Step again = plan(tx, source);
        if (again.result() != null) {
          return again.result();
        }
        plan = again.plan();
        if (!plan.checked().spentCoins().equals(planned.checked().spentCoins())) {
          ValidationResult signatures = pool.validator.verifySignatures(plan.checked());
          if (!signatures.isAccept()) {
            return refuseLocked(tx, signatures);
          }
        }
      }
      replaced = pool.removeWithDescendants(plan.conflicts(), RemovalReason.REPLACED);
      long now = addedMillis >= 0 ? addedMillis : pool.clock.millis();
      entry = new Entry(tx, plan.fee(), now, pool.nextSequence());
      pool.add(entry, plan.parents());
      pool.trimToSize();
      if (pool.graph.get(entry.txid) != entry) {
        pool.rejects.addPolicy(tx.wtxid());
        return AdmissionResult.Rejected.policy(
            tx.txid(), RejectReason.MEMPOOL_FULL, "evicted at once by the byte cap");
      }
      pool.notifier.added(tx, entry.fee);
      try {
        offset = pool.journal(tx, now);
      } catch (IOException e) {
        return storageFailure(entry, e);
      }
    } finally {
      pool.unlock();
    }
    if (offset >= 0) {
      try {
        pool.journal.awaitDurable(offset);
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

  /** Under the lock: the known and recently-rejected checks. */
  private AdmissionResult known(Transaction tx) {
    if (pool.graph.get(tx.txid()) != null
        || pool.graph.getByWtxid(tx.wtxid()) != null
        || pool.orphans.contains(tx.wtxid())) {
      return new AdmissionResult.AlreadyKnown(tx.txid());
    }
    if (pool.rejects.contains(tx.wtxid())) {
      return AdmissionResult.Rejected.policy(
          tx.txid(), RejectReason.RECENTLY_REJECTED, "refused earlier");
    }
    return null;
  }

  /** Under the lock: inputs, fee rate, replacement and limits. */
  private Step plan(Transaction tx, SourceKey source) {
    Height next = pool.snapshot.tipHeight().next();
    CheckedTransaction checked;
    try {
      checked = check(tx, next);
    } catch (StoreException e) {
      LOG.warn("chain store failed while checking {}", tx.txid(), e);
      return new Step(
          null,
          AdmissionResult.Rejected.policy(
              tx.txid(), RejectReason.STORAGE_FAILURE, "chain store: " + e.getMessage()));
    }
    if (!checked.isValid()) {
      if (checked.result().requireReason() == InvalidReason.MISSING_INPUT) {
        List<Hash> missing = missingParents(tx, next);
        if (!missing.isEmpty() && source.local()) {
          // Like Bitcoin Core's sendrawtransaction: a local submitter sends parents first. Not
          // remembered: the parents may come next.
          return new Step(null, AdmissionResult.Rejected.policy(
              tx.txid(), RejectReason.MISSING_INPUTS,
              InvalidReason.MISSING_INPUT.describe() + ": " + checked.result().message()
                  + "; no such outputs of " + missing));
        }
        if (!missing.isEmpty()) {
          if (tx.size() > pool.policy.maxOrphanSize()) {
            return new Step(null, AdmissionResult.Rejected.policy(
                tx.txid(), RejectReason.ORPHAN_TOO_LARGE, tx.size() + " bytes"));
          }
          pool.orphans.add(tx, source, pool.clock.millis());
          return new Step(null, new AdmissionResult.Orphan(tx.txid(), missing));
        }
      }
      return new Step(null, refuseLocked(tx, checked.result()));
    }
    long fee = checked.fee().orElseThrow().atoms();
    int size = tx.size();
    FeeRate minimum = pool.feeFloor.current(pool.clock.millis(), pool.graph.bytes());
    if (fee < minimum.feeFor(size).atoms()) {
      pool.rejects.addPolicy(tx.wtxid());
      return new Step(null, AdmissionResult.Rejected.policy(
          tx.txid(), RejectReason.FEE_TOO_LOW, fee + " atoms for " + size + " bytes < " + minimum));
    }
    List<Entry> parents = pool.graph.parentsOf(tx);
    List<Entry> conflicts = pool.graph.conflictsOf(tx);
    Set<Entry> evicted = Set.of();
    if (!conflicts.isEmpty()) {
      evicted = new LinkedHashSet<>();
      for (Entry conflict : conflicts) {
        evicted.addAll(TxGraph.withDescendants(conflict));
      }
      RejectReason refused = replacement.check(fee, size, parents, conflicts, evicted);
      if (refused != null) {
        pool.rejects.addPolicy(tx.wtxid());
        return new Step(null, AdmissionResult.Rejected.policy(
            tx.txid(), refused, "conflicts with " + conflicts.get(0).txid));
      }
    }
    RejectReason overLimit =
        Limits.check(pool.policy, TxGraph.ancestorsOf(parents), size, evicted);
    if (overLimit != null) {
      pool.rejects.addPolicy(tx.wtxid());
      return new Step(null, AdmissionResult.Rejected.policy(tx.txid(), overLimit, ""));
    }
    return new Step(new Plan(checked, fee, parents, conflicts, pool.version), null);
  }

  private CheckedTransaction check(Transaction tx, Height next) throws StoreException {
    try {
      return pool.validator.checkWithoutSignatures(
          tx, new PoolView(pool.graph, pool.snapshot.coins(), next), next);
    } catch (IllegalStateException e) {
      // The snapshot outlived the chain state's history (the pool was idle through many blocks).
      pool.refreshSnapshot();
      return pool.validator.checkWithoutSignatures(
          tx, new PoolView(pool.graph, pool.snapshot.coins(), next), next);
    }
  }

  private List<Hash> missingParents(Transaction tx, Height next) {
    Set<Hash> missing = new LinkedHashSet<>();
    PoolView view = new PoolView(pool.graph, pool.snapshot.coins(), next);
    for (TxInput input : tx.inputs()) {
      OutPoint outPoint = input.outPoint();
      try {
        if (pool.graph.get(outPoint.txid()) == null && view.coin(outPoint).isEmpty()) {
          missing.add(outPoint.txid());
        }
      } catch (StoreException e) {
        return List.of();
      }
    }
    return new ArrayList<>(missing);
  }

  private AdmissionResult refuse(Transaction tx, ValidationResult result) {
    pool.lock();
    try {
      return refuseLocked(tx, result);
    } finally {
      pool.unlock();
    }
  }

  /**
   * Maps a validation failure to a rejection and remembers it: consensus faults for good, results
   * that a later block may change (spent, immature, not final) until the tip changes.
   */
  private AdmissionResult refuseLocked(Transaction tx, ValidationResult result) {
    InvalidReason reason = result.requireReason();
    switch (reason) {
      case INPUT_SPENT, MISSING_INPUT -> {
        pool.rejects.addPolicy(tx.wtxid());
        return AdmissionResult.Rejected.policy(
            tx.txid(), RejectReason.MISSING_INPUTS, reason.describe() + ": " + result.message());
      }
      case NON_FINAL, IMMATURE_COINBASE_SPEND -> {
        pool.rejects.addPolicy(tx.wtxid());
        return AdmissionResult.Rejected.invalid(tx.txid(), reason, false, result.message());
      }
      default -> {
        pool.rejects.addConsensus(tx.wtxid());
        return AdmissionResult.Rejected.invalid(
            tx.txid(), reason, result.isReject() && result.penalize(), result.message());
      }
    }
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
