package io.elo.consensus;

import io.elo.model.BlockHeader;

/**
 * The consensus rules of a chain: what a header's target or seal must be and how much it weighs.
 *
 * <p>Implementations are immutable and thread-safe. {@link #forParams(ChainParams)} returns the one
 * for a chain; users may implement their own rules. The rules cover the proof (target or seal)
 * only: linkage to the parent, timestamps against the median time past and local time, and the
 * block body are validation's job.
 */
public interface ConsensusRules {
  /** Returns the rules of {@code params}' consensus kind. */
  static ConsensusRules forParams(ChainParams params) {
    return switch (params.consensusKind()) {
      case PROOF_OF_WORK -> new ProofOfWorkRules(params);
      case PROOF_OF_AUTHORITY -> ProofOfAuthority.of(params);
    };
  }

  /** The consensus kind these rules implement. */
  ConsensusKind kind();

  /** The parameters of the chain these rules judge. */
  ChainParams params();

  /**
   * Checks the target or seal of {@code header}, whose parent is the last block of {@code parent}.
   *
   * <p>The caller has checked that {@code header.previousHash()} is {@code parent.hash()}.
   */
  RuleResult checkHeader(BlockHeader header, HeaderChain parent);

  /**
   * Returns what {@code header} adds to its chain's weight: the work of its target for proof of
   * work, its bits (2 in turn, 1 out of turn) for proof of authority. Meaningful for headers that
   * passed {@link #checkHeader}; gives zero for bits that encode no valid weight.
   */
  ChainWork weight(BlockHeader header);

  /**
   * Returns the bits the next header after {@code parent} must carry. For proof of work, the
   * aserti3-2d target; for proof of authority, the in-turn bits (2); a header sealed out of turn
   * carries 1 instead (see {@link ProofOfAuthority#bitsFor}).
   */
  int nextBits(HeaderChain parent);
}
