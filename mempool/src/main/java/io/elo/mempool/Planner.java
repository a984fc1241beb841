package io.elo.mempool;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.validation.CheckedTransaction;
import io.elo.validation.InvalidReason;
import io.elo.validation.StoreException;
import io.elo.validation.ValidationResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks of {@link Admission} short of signatures: what is decided against the chain snapshot
 * and the pool, with or without the pool's lock, and how a refusal is remembered.
 *
 * <p>{@link #plan} runs without the lock: the inputs are read from the snapshot and the graph's
 * concurrent index (entry transactions are immutable), so any number of threads plan at once. Only
 * a transaction with in-pool parents or conflicts takes the lock briefly for the replacement rules
 * and limits (they read package figures), and one with missing inputs is planned again under the
 * lock, where an orphan is added atomically with the check that its parents are still missing.
 * {@link #confirmLocked} re-checks a plan at commit.
 */
final class Planner {
  private static final Logger LOG = LoggerFactory.getLogger(Planner.class);

  private final PoolState pool;
  private final Replacement replacement;

  Planner(PoolState pool) {
    this.pool = pool;
    this.replacement = new Replacement(pool.policy);
  }

  /**
   * What passed every check but signatures.
   *
   * @param checked the inputs' outcome, with fee and spent coins
   * @param fee the fee in atoms
   * @param parents the in-pool parents whose outputs the inputs were read from, in input order
   * @param conflicts the pool transactions it replaces, as of the last check
   * @param snapshot the chain snapshot the other inputs were read from
   * @param generation the rejects filter's generation when the checks began
   */
  record Plan(
      CheckedTransaction checked,
      long fee,
      List<Entry> parents,
      List<Entry> conflicts,
      MempoolChain.Snapshot snapshot,
      long generation) {}

  /** Either a plan or a final result. */
  record Step(Plan plan, AdmissionResult result) {}

  /** The known and recently-rejected checks; with or without the lock. */
  AdmissionResult known(Transaction tx) {
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

  /** Under the lock: {@link #known}, which then sees every commit before this one. */
  AdmissionResult knownLocked(Transaction tx) {
    return known(tx);
  }

  /**
   * Without the lock: inputs, fee rate, replacement and limits.
   *
   * @throws IllegalStateException if the pool's snapshot is older than the chain's history
   */
  Step plan(Transaction tx, SourceKey source, long generation) {
    Inputs inputs = checkInputs(tx);
    if (inputs.failure() != null) {
      return inputs.failure();
    }
    CheckedTransaction checked = inputs.checked();
    if (!checked.isValid()) {
      if (checked.result().requireReason() == InvalidReason.MISSING_INPUT) {
        pool.lock();
        try {
          return planLocked(tx, source);
        } finally {
          pool.unlock();
        }
      }
      return new Step(null, refuse(tx, checked.result(), generation));
    }
    List<Entry> parents = List.copyOf(inputs.view().parents());
    if (parents.isEmpty() && pool.graph.conflictsOf(tx).isEmpty()) {
      return policy(tx, checked, parents, inputs.snap(), generation);
    }
    pool.lock();
    try {
      return policy(tx, checked, parents, inputs.snap(), generation);
    } finally {
      pool.unlock();
    }
  }

  /**
   * Under the lock: whether {@code planned} still holds. With the same snapshot and the same in-pool
   * parents its coins stand and only the fee floor, conflicts, replacement rules and limits are
   * checked again; otherwise the transaction is planned again (and its signatures verified again if
   * the coins it spends changed, e.g. after a reorganisation).
   */
  Step confirmLocked(Transaction tx, SourceKey source, Plan planned) {
    if (pool.snapshot == planned.snapshot()
        && pool.graph.parentsOf(tx).equals(planned.parents())) {
      return policy(tx, planned.checked(), planned.parents(), planned.snapshot(),
          planned.generation());
    }
    Step again = planLocked(tx, source);
    if (again.result() != null) {
      return again;
    }
    if (!again.plan().checked().spentCoins().equals(planned.checked().spentCoins())) {
      ValidationResult signatures = pool.validator.verifySignatures(again.plan().checked());
      if (!signatures.isAccept()) {
        return new Step(null, refuse(tx, signatures, again.plan().generation()));
      }
    }
    return again;
  }

  /** Under the lock: inputs (orphan or missing inputs), fee rate, replacement and limits. */
  private Step planLocked(Transaction tx, SourceKey source) {
    long generation = pool.rejects.generation(); // only chain sync changes it, under the lock
    Inputs inputs = checkInputs(tx);
    if (inputs.failure() != null) {
      return inputs.failure();
    }
    CheckedTransaction checked = inputs.checked();
    if (!checked.isValid()) {
      if (checked.result().requireReason() == InvalidReason.MISSING_INPUT) {
        List<Hash> missing = missingParents(tx, inputs.view());
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
      return new Step(null, refuse(tx, checked.result(), generation));
    }
    return policy(tx, checked, List.copyOf(inputs.view().parents()), inputs.snap(), generation);
  }

  /** What {@link #checkInputs} read the inputs from and found, or a store failure. */
  private record Inputs(
      MempoolChain.Snapshot snap, PoolView view, CheckedTransaction checked, Step failure) {}

  /** Every rule but keys and signatures, against the pool's snapshot and pool outputs. */
  private Inputs checkInputs(Transaction tx) {
    MempoolChain.Snapshot snap = pool.snapshot;
    Height next = snap.tipHeight().next();
    PoolView view = new PoolView(pool.graph, snap.coins(), next);
    try {
      return new Inputs(snap, view, pool.validator.checkWithoutSignatures(tx, view, next), null);
    } catch (StoreException e) {
      LOG.warn("chain store failed while checking {}", tx.txid(), e);
      return new Inputs(snap, view, null, new Step(null, AdmissionResult.Rejected.policy(
          tx.txid(), RejectReason.STORAGE_FAILURE, "chain store: " + e.getMessage())));
    }
  }

  /**
   * Fee rate, then (under the lock, or for a transaction with no in-pool parents and no conflicts)
   * replacement rules and limits.
   */
  private Step policy(
      Transaction tx,
      CheckedTransaction checked,
      List<Entry> parents,
      MempoolChain.Snapshot snap,
      long generation) {
    long fee = checked.fee().orElseThrow().atoms();
    int size = tx.size();
    FeeRate minimum = pool.feeFloor.current(pool.clock.millis(), pool.graph.bytes());
    if (fee < minimum.feeFor(size).atoms()) {
      pool.rejects.addPolicy(tx.wtxid(), generation);
      return new Step(null, AdmissionResult.Rejected.policy(
          tx.txid(), RejectReason.FEE_TOO_LOW, fee + " atoms for " + size + " bytes < " + minimum));
    }
    boolean locked = pool.isHeldByCurrentThread();
    List<Entry> current = locked ? pool.graph.parentsOf(tx) : parents;
    List<Entry> conflicts = locked ? pool.graph.conflictsOf(tx) : List.of();
    Set<Entry> evicted = Set.of();
    if (!conflicts.isEmpty()) {
      evicted = new LinkedHashSet<>();
      for (Entry conflict : conflicts) {
        evicted.addAll(TxGraph.withDescendants(conflict));
      }
      RejectReason refused = replacement.check(fee, size, current, conflicts, evicted);
      if (refused != null) {
        pool.rejects.addPolicy(tx.wtxid(), generation);
        return new Step(null, AdmissionResult.Rejected.policy(
            tx.txid(), refused, "conflicts with " + conflicts.get(0).txid));
      }
    }
    RejectReason overLimit =
        Limits.check(pool.policy, TxGraph.ancestorsOf(current), size, evicted);
    if (overLimit != null) {
      pool.rejects.addPolicy(tx.wtxid(), generation);
      return new Step(null, AdmissionResult.Rejected.policy(tx.txid(), overLimit, ""));
    }
    return new Step(new Plan(checked, fee, parents, conflicts, snap, generation), null);
  }

  private List<Hash> missingParents(Transaction tx, PoolView view) {
    Set<Hash> missing = new LinkedHashSet<>();
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

  /**
   * Maps a validation failure to a rejection and remembers it: consensus faults for good, results
   * that a later block may change (spent, immature, not final) until the tip changes, provided it
   * did not change since the check began at {@code generation}.
   */
  AdmissionResult refuse(Transaction tx, ValidationResult result, long generation) {
    InvalidReason reason = result.requireReason();
    switch (reason) {
      case INPUT_SPENT, MISSING_INPUT -> {
        pool.rejects.addPolicy(tx.wtxid(), generation);
        return AdmissionResult.Rejected.policy(
            tx.txid(), RejectReason.MISSING_INPUTS, reason.describe() + ": " + result.message());
      }
      case NON_FINAL, IMMATURE_COINBASE_SPEND -> {
        pool.rejects.addPolicy(tx.wtxid(), generation);
        return AdmissionResult.Rejected.invalid(tx.txid(), reason, false, result.message());
      }
      default -> {
        pool.rejects.addConsensus(tx.wtxid());
        return AdmissionResult.Rejected.invalid(
            tx.txid(), reason, result.isReject() && result.penalize(), result.message());
      }
    }
  }
}
