package io.elo.consensus;

import static java.util.Objects.requireNonNull;

import io.elo.model.BlockHeader;
import java.util.Optional;

/** Proof of work: no seal, bits from aserti3-2d anchored at genesis, hash at most the target. */
final class ProofOfWorkRules implements ConsensusRules {
  private final ChainParams params;
  private final long anchorParentTime;
  private final int anchorBits;
  private final long spacing;
  private final long halfLife;
  private final int powLimitBits;

  ProofOfWorkRules(ChainParams params) {
    this.params = requireNonNull(params, "params");
    BlockHeader genesis = params.genesis().header();
    this.spacing = params.targetSpacing().getSeconds();
    this.halfLife = params.asertHalfLife().getSeconds();
    this.anchorParentTime = genesis.timestamp() - spacing;
    this.anchorBits = genesis.bits();
    this.powLimitBits = params.powLimit().toCompact();
  }

  @Override
  public ConsensusKind kind() {
    return ConsensusKind.PROOF_OF_WORK;
  }

  @Override
  public ChainParams params() {
    return params;
  }

  @Override
  public RuleResult checkHeader(BlockHeader header, HeaderChain parent) {
    if (header.sealLength() != 0) {
      return RuleResult.invalid(
          RuleViolation.UNEXPECTED_SEAL, header.sealLength() + "-byte seal on proof of work");
    }
    int expected = nextBits(parent);
    if (header.bits() != expected) {
      return RuleResult.invalid(
          RuleViolation.WRONG_TARGET,
          String.format("bits 0x%08x, expected 0x%08x", header.bits(), expected));
    }
    // The expected bits always decode: aserti3-2d yields a target in [1, pow limit].
    Target target = Target.fromCompact(expected);
    if (!target.isMetBy(header.hash())) {
      return RuleResult.invalid(
          RuleViolation.BAD_PROOF_OF_WORK, "hash " + header.hash() + " above " + target);
    }
    return RuleResult.valid();
  }

  @Override
  public ChainWork weight(BlockHeader header) {
    Optional<Target> target = Target.tryFromCompact(header.bits());
    return target.map(Target::work).orElse(ChainWork.ZERO);
  }

  @Override
  public int nextBits(HeaderChain parent) {
    return Asert.nextBits(
        0,
        anchorParentTime,
        anchorBits,
        spacing,
        halfLife,
        powLimitBits,
        parent.height().value(),
        parent.header().timestamp());
  }

  @Override
  public String toString() {
    return "ProofOfWorkRules{" + params.name() + "}";
  }
}
