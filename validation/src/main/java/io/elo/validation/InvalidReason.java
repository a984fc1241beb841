package io.elo.validation;

/**
 * Why a block, header or transaction was refused, one constant per rule (in the style of Teku's
 * {@code OperationInvalidReason}). {@link #describe()} gives a short text for logs and peers;
 * {@link #penalize()} says whether the peer that sent it should be penalised by default.
 *
 * <p>Consensus faults penalise: an honest peer validates before it relays, so it never sends them.
 * Results that depend on the local node's view (a block from the future, an unknown parent, a
 * reorganisation deeper than this node performs) never penalise. docs/protocol.md has the table.
 */
public enum InvalidReason {
  // Decoding and context-free block checks (stage 1).
  /** The bytes are not the canonical encoding of a block or transaction. */
  MALFORMED_ENCODING("not a canonical encoding", true),
  /** The block has no transaction at all. */
  NO_TRANSACTIONS("block has no transactions", true),
  /** The encoded block is larger than the chain's maximum block size. */
  BLOCK_TOO_LARGE("block exceeds the maximum block size", true),
  /** The first transaction is not a coinbase. */
  FIRST_NOT_COINBASE("first transaction is not a coinbase", true),
  /** A transaction after the first is a coinbase. */
  MULTIPLE_COINBASES("more than one coinbase", true),
  /** Two transactions of the block have the same txid. */
  DUPLICATE_TXID("duplicate transaction id in block", true),
  /** The header's Merkle root does not commit to the block's transactions. */
  BAD_MERKLE_ROOT("Merkle root does not match the transactions", true),
  /** A transaction spends the same out-point twice. */
  DUPLICATE_INPUT("transaction spends an out-point twice", true),
  /** A transaction's outputs add up to more than the money supply. */
  OUTPUTS_OVERFLOW("sum of outputs exceeds the maximum money", true),
  /** An input names a signature scheme the chain does not allow. */
  UNKNOWN_SCHEME("signature scheme not allowed on this chain", true),
  /** An input carries no public key or no signature. */
  MISSING_WITNESS("input has no public key or no signature", true),
  /** An input's public key does not decode under its scheme. */
  BAD_PUBLIC_KEY("public key does not decode", true),

  // Header and block in context (stage 2).
  /** The header's hash does not meet its target. */
  BAD_PROOF_OF_WORK("hash does not meet the target", true),
  /** The header's bits are not the target the chain requires. */
  WRONG_TARGET("bits differ from the required target", true),
  /** The timestamp is not above the median time past of the previous blocks. */
  TIME_TOO_OLD("timestamp not above the median time past", true),
  /** The timestamp is too far ahead of local time; the block may become valid later. */
  TIME_TOO_NEW("timestamp too far in the future", false),
  /** A proof-of-authority header is not sealed. */
  MISSING_SEAL("proof-of-authority header is not sealed", true),
  /** A proof-of-work header carries a seal. */
  UNEXPECTED_SEAL("proof-of-work header carries a seal", true),
  /** The seal has the wrong layout. */
  MALFORMED_SEAL("seal is malformed", true),
  /** The seal's signature does not verify. */
  BAD_SEAL("seal signature does not verify", true),
  /** The seal names no authority of the chain. */
  UNAUTHORIZED_SIGNER("sealed by a key that is not an authority", true),
  /** The signer sealed one of the previous floor(N/2) blocks. */
  SIGNER_OVER_LIMIT("signer sealed too recently", true),
  /** The bits do not match the signer's turn (in turn 2, out of turn 1). */
  WRONG_SEAL_WEIGHT("bits do not match the signer's turn", true),
  /** A proof-of-authority block comes sooner than its parent's time plus the spacing. */
  POA_TIME_TOO_EARLY("timestamp earlier than parent time plus spacing", true),
  /** The coinbase commits to another height than the block's. */
  BAD_COINBASE_HEIGHT("coinbase height differs from the block height", true),
  /** An ancestor of the block is invalid. */
  INVALID_PARENT("an ancestor is invalid", true),
  /** The block is already known to be invalid. */
  KNOWN_INVALID("block already known to be invalid", true),
  /** The parent of a header is unknown; headers must be sent in order. */
  UNKNOWN_PARENT("parent is unknown", false),
  /** Accepting the block would reorganise deeper than the chain's maximum reorg depth. */
  REORG_TOO_DEEP("reorganisation deeper than the maximum reorg depth", false),

  // Transactions in context (stage 3).
  /** A transaction that is not part of a block is a coinbase. */
  UNEXPECTED_COINBASE("a coinbase outside a block", true),
  /** An input spends an out-point that does not exist (or was spent long ago). */
  MISSING_INPUT("input spends an unknown out-point", true),
  /** An input spends an out-point that a recent block already spent. */
  INPUT_SPENT("input spends an already spent out-point", true),
  /** Two transactions of the block spend the same out-point. */
  DOUBLE_SPEND_IN_BLOCK("out-point spent twice in the block", true),
  /** An input spends a coinbase output before it matured. */
  IMMATURE_COINBASE_SPEND("coinbase output spent before maturity", true),
  /** The transaction's lock time is not below the block height. */
  NON_FINAL("lock time not reached", true),
  /** The spent amounts add up to more than the money supply. */
  INPUTS_OVERFLOW("sum of inputs exceeds the maximum money", true),
  /** The outputs exceed the inputs: the fee would be negative. */
  INSUFFICIENT_INPUTS("outputs exceed inputs", true),
  /** An input's public key does not hash to the address of the output it spends. */
  KEY_MISMATCH("public key does not match the spent output's address", true),
  /** An input's signature does not verify. */
  BAD_SIGNATURE("signature does not verify", true),
  /** The coinbase pays more than the subsidy plus the fees. */
  COINBASE_OVERPAYS("coinbase pays more than subsidy plus fees", true);

  private final String description;
  private final boolean penalize;

  InvalidReason(String description, boolean penalize) {
    this.description = description;
    this.penalize = penalize;
  }

  /** A short human-readable description. */
  public String describe() {
    return description;
  }

  /** Whether the sender should be penalised by default: true for consensus faults. */
  public boolean penalize() {
    return penalize;
  }
}
