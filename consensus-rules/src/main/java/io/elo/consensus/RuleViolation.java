package io.elo.consensus;

/** Why a header breaks the consensus rules. Every violation is a consensus fault. */
public enum RuleViolation {
  /** The header hash does not meet its target. */
  BAD_PROOF_OF_WORK("header hash does not meet the target"),
  /** The bits are not the target aserti3-2d gives for this height and parent. */
  WRONG_TARGET("bits differ from the required target"),
  /** A proof-of-authority header has no seal. */
  MISSING_SEAL("proof-of-authority header is not sealed"),
  /** A proof-of-work header carries a seal. */
  UNEXPECTED_SEAL("proof-of-work header carries a seal"),
  /** The seal does not have the layout signer index | signature. */
  MALFORMED_SEAL("seal is malformed"),
  /** The seal's signature does not verify under the named signer's key. */
  BAD_SEAL_SIGNATURE("seal signature does not verify"),
  /** The seal names a signer that is not an authority of this chain. */
  UNAUTHORIZED_SIGNER("seal names no authority of this chain"),
  /** The signer sealed one of the previous floor(N/2) blocks. */
  SIGNER_OVER_LIMIT("signer sealed too recently"),
  /** The bits do not match in-turn (2) or out-of-turn (1) sealing. */
  WRONG_SEAL_WEIGHT("bits do not match the signer's turn"),
  /** A proof-of-authority header comes sooner than parent time plus spacing. */
  TIMESTAMP_TOO_EARLY_FOR_POA("timestamp earlier than parent time plus spacing");

  private final String description;

  RuleViolation(String description) {
    this.description = description;
  }

  /** A short human-readable description. */
  public String describe() {
    return description;
  }
}
