package io.elo.mempool;

/**
 * Why the pool refused a transaction. {@link #INVALID} means a consensus rule failed (the
 * validation reason says which); every other constant is local policy and never penalises the
 * source.
 */
public enum RejectReason {
  /** A consensus rule failed; {@code AdmissionResult.Rejected.invalidReason()} says which. */
  INVALID("breaks a consensus rule"),
  /** The same transaction was refused recently; refused again without any check. */
  RECENTLY_REJECTED("refused recently"),
  /** Larger than the largest transaction the pool relays. */
  TOO_LARGE("larger than the policy maximum"),
  /** The fee rate is below the pool's current minimum. */
  FEE_TOO_LOW("fee rate below the current minimum"),
  /** With it the transaction would have more in-pool ancestors than allowed. */
  TOO_MANY_ANCESTORS("too many unconfirmed ancestors"),
  /** With it the in-pool ancestors would total more bytes than allowed. */
  ANCESTORS_TOO_LARGE("unconfirmed ancestors too large"),
  /** An in-pool ancestor would have more descendants than allowed. */
  TOO_MANY_DESCENDANTS("an ancestor would have too many descendants"),
  /** An in-pool ancestor's descendants would total more bytes than allowed. */
  DESCENDANTS_TOO_LARGE("an ancestor's descendants would be too large"),
  /** A replacement would evict more transactions than allowed. */
  REPLACEMENT_TOO_MANY_EVICTIONS("replacement evicts too many transactions"),
  /** A replacement spends an output of a transaction it would evict. */
  REPLACEMENT_SPENDS_CONFLICT("replacement spends a transaction it replaces"),
  /** A replacement spends an unconfirmed output that none of its conflicts spent. */
  REPLACEMENT_NEW_UNCONFIRMED_INPUT("replacement adds an unconfirmed input"),
  /** A replacement's fee rate is not above that of every transaction it directly conflicts with. */
  REPLACEMENT_FEE_RATE_TOO_LOW("replacement fee rate not above a conflict's"),
  /**
   * A replacement does not pay the fees of everything it evicts plus the incremental relay fee for
   * its own size.
   */
  REPLACEMENT_FEE_TOO_LOW("replacement does not pay for what it evicts plus its own relay"),
  /**
   * An input spends an output that does not exist or is spent (Bitcoin Core's
   * "bad-txns-inputs-missingorspent"): spent by a block (often a race, not an attack), a missing
   * output of a known transaction, or, for a local submission, any unknown output. A relayed
   * transaction whose parents are unknown waits as an orphan instead.
   */
  MISSING_INPUTS("inputs missing or already spent"),
  /**
   * An output is worth less than the fee of creating and spending it at the dust relay fee rate
   * (zero-amount outputs included); see {@link Dust}.
   */
  DUST("an output is dust"),
  /** The transaction was accepted, then evicted at once because the pool is full at its rate. */
  MEMPOOL_FULL("pool full at this fee rate"),
  /** An orphan larger than the largest orphan the pool keeps. */
  ORPHAN_TOO_LARGE("orphan too large to keep"),
  /** The journal could not make the transaction durable; the pool refuses until restarted. */
  STORAGE_FAILURE("the journal failed");

  private final String description;

  RejectReason(String description) {
    this.description = description;
  }

  /** A short human-readable description. */
  public String describe() {
    return description;
  }
}
