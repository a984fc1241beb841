package io.elo.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.BlockHeader;
import org.junit.jupiter.api.Test;

class ProofOfWorkRulesTest {
  private final ChainParams params = ChainParams.regtest();
  private final ConsensusRules rules = ConsensusRules.forParams(params);
  private final ListHeaderChain genesis = ListHeaderChain.genesis(params);

  /** Returns a header on {@code parent} with the required bits and a nonce meeting or not. */
  private BlockHeader mined(HeaderChain parent, boolean meets) {
    int bits = rules.nextBits(parent);
    Target target = Target.fromCompact(bits);
    BlockHeader header =
        BlockHeader.of(
            1, parent.hash(), Hash.sha256d(new byte[] {3}), parent.header().timestamp() + 10,
            bits, 0);
    for (int nonce = 0; ; nonce++) {
      BlockHeader candidate = header.withNonce(nonce);
      if (target.isMetBy(candidate.hash()) == meets) {
        return candidate;
      }
    }
  }

  private RuleViolation violation(RuleResult result) {
    return assertInstanceOf(RuleResult.Invalid.class, result).violation();
  }

  @Test
  void onScheduleBlock_keepsGenesisBits() {
    assertEquals(ConsensusKind.PROOF_OF_WORK, rules.kind());
    // Genesis is on schedule (its parent time is genesis time - spacing), so the target stays.
    assertEquals(params.genesis().header().bits(), rules.nextBits(genesis));
  }

  @Test
  void validHeader_passesAndWeighsItsWork() {
    BlockHeader header = mined(genesis, true);
    assertEquals(RuleResult.valid(), rules.checkHeader(header, genesis));
    assertEquals(Target.fromCompact(header.bits()).work(), rules.weight(header));
  }

  @Test
  void hashAboveTarget_rejected() {
    RuleResult result = rules.checkHeader(mined(genesis, false), genesis);
    assertEquals(RuleViolation.BAD_PROOF_OF_WORK, violation(result));
    assertTrue(result.penalize());
  }

  @Test
  void wrongBits_rejected() {
    BlockHeader header = mined(genesis, true);
    BlockHeader wrong =
        BlockHeader.of(
            header.version(), header.previousHash(), header.merkleRoot(), header.timestamp(),
            0x1d00ffff, header.nonce());
    assertEquals(RuleViolation.WRONG_TARGET, violation(rules.checkHeader(wrong, genesis)));
  }

  @Test
  void seal_rejected() {
    BlockHeader sealed = mined(genesis, true).withSeal(new byte[] {1});
    assertEquals(RuleViolation.UNEXPECTED_SEAL, violation(rules.checkHeader(sealed, genesis)));
  }

  @Test
  void fastBlocks_raiseDifficulty() {
    ListHeaderChain chain = genesis;
    for (int i = 0; i < 50; i++) {
      BlockHeader fast = mined(chain, true).withTimestamp(chain.header().timestamp() + 1);
      chain = chain.extend(fast);
    }
    // 50 blocks 9 s early each = 450 s of a 3600 s half-life: target x 2^-0.125.
    assertTrue(
        Target.fromCompact(rules.nextBits(chain)).compareTo(params.powLimit()) < 0,
        "harder than the limit");
  }
}
