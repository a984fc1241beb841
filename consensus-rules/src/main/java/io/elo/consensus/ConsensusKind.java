package io.elo.consensus;

/** How a chain decides who may produce the next block. */
public enum ConsensusKind {
  /** Proof of work: a header hash at or below the target, retargeted by aserti3-2d. */
  PROOF_OF_WORK,
  /** Proof of authority: a seal by one of a fixed set of signers, taking turns. */
  PROOF_OF_AUTHORITY
}
