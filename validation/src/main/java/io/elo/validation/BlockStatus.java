package io.elo.validation;

/** How far a block known to the chain state has been validated. */
public enum BlockStatus {
  /** The header is valid in context; the block's transactions are not stored (headers-first). */
  HEADER_VALID,
  /** The block passed the context-free and header checks and is stored, not yet connected. */
  DATA_STORED,
  /** The block was connected: every rule holds on its chain. */
  FULLY_VALID,
  /** The block breaks a rule. */
  INVALID,
  /** An ancestor of the block breaks a rule. */
  INVALID_PARENT;

  /** Whether the block is invalid or descends from an invalid block. */
  public boolean isInvalid() {
    return this == INVALID || this == INVALID_PARENT;
  }
}
