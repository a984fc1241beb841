package io.elo.mempool;

/** Why a transaction left the pool, as {@link MempoolListener#transactionRemoved} reports it. */
public enum RemovalReason {
  /** A block on the best chain includes it. */
  CONFIRMED,
  /** A block on the best chain spends one of its inputs (or one of an ancestor's). */
  CONFLICT,
  /** A replacement that pays more took its place (or the place of an ancestor). */
  REPLACED,
  /** Evicted at the byte cap as (part of) the lowest descendant fee-rate package. */
  SIZE_LIMIT,
  /** Older than the pool's expiry (or descended from such a transaction). */
  EXPIRED,
  /** No longer valid, or over a limit, after the best chain reorganised. */
  REORG,
  /** The journal failed before the transaction was durable; its submitter was refused. */
  STORAGE_FAILURE
}
