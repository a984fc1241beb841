package io.elo.mempool;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.Amount;
import io.elo.validation.InvalidReason;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link Mempool#submit}: accepted (and journaled), already known, an orphan
 * waiting for missing parents, or rejected with a reason and whether the source should be
 * penalised.
 */
public sealed interface AdmissionResult {
  /** The transaction's id. */
  Hash txid();

  /**
   * The transaction is in the pool and, unless the pool is in-memory, durable in its journal.
   *
   * @param txid the transaction's id
   * @param fee the fee it pays
   * @param replaced ids of the transactions it evicted as a replacement (with their descendants)
   * @param resolvedOrphans ids of orphans that its arrival let into the pool, in admission order
   */
  record Accepted(Hash txid, Amount fee, List<Hash> replaced, List<Hash> resolvedOrphans)
      implements AdmissionResult {
    /** Validates and copies the fields. */
    public Accepted {
      requireNonNull(txid, "txid");
      requireNonNull(fee, "fee");
      replaced = List.copyOf(replaced);
      resolvedOrphans = List.copyOf(resolvedOrphans);
    }
  }

  /**
   * The pool already holds this transaction (or one with the same txid), or it waits as an orphan.
   *
   * @param txid the transaction's id
   */
  record AlreadyKnown(Hash txid) implements AdmissionResult {
    /** Validates the field. */
    public AlreadyKnown {
      requireNonNull(txid, "txid");
    }
  }

  /**
   * Some inputs spend outputs of unknown transactions; it waits in the orphan pool until they
   * arrive (bounded and expiring).
   *
   * @param txid the transaction's id
   * @param missingParents the ids of the unknown transactions, for the caller to ask for
   */
  record Orphan(Hash txid, List<Hash> missingParents) implements AdmissionResult {
    /** Validates and copies the fields. */
    public Orphan {
      requireNonNull(txid, "txid");
      missingParents = List.copyOf(missingParents);
      checkArgument(!missingParents.isEmpty(), "an orphan misses at least one parent");
    }
  }

  /**
   * The pool refused the transaction.
   *
   * @param txid the transaction's id
   * @param reason why
   * @param invalidReason the consensus rule broken; present exactly when {@code reason} is {@link
   *     RejectReason#INVALID}
   * @param penalize whether the source should be penalised (consensus faults only)
   * @param message details for logs
   */
  record Rejected(
      Hash txid,
      RejectReason reason,
      Optional<InvalidReason> invalidReason,
      boolean penalize,
      String message)
      implements AdmissionResult {
    /** Validates the fields. */
    public Rejected {
      requireNonNull(txid, "txid");
      requireNonNull(reason, "reason");
      requireNonNull(message, "message");
      checkArgument(
          invalidReason.isPresent() == (reason == RejectReason.INVALID),
          "a validation reason exactly for INVALID: %s %s",
          reason,
          invalidReason);
      checkArgument(!penalize || reason == RejectReason.INVALID, "only INVALID may penalise");
    }

    /** A policy rejection: never penalised. */
    public static Rejected policy(Hash txid, RejectReason reason, String message) {
      return new Rejected(txid, reason, Optional.empty(), false, message);
    }

    /** A consensus rejection. */
    public static Rejected invalid(
        Hash txid, InvalidReason invalidReason, boolean penalize, String message) {
      return new Rejected(
          txid, RejectReason.INVALID, Optional.of(invalidReason), penalize, message);
    }
  }

  /** Whether the transaction is now in the pool. */
  default boolean isAccepted() {
    return this instanceof Accepted;
  }
}
