package io.elo.consensus;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureScheme;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Amount;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The predefined chains; every number here is documented in {@code docs/consensus.md}. */
final class Networks {
  private static final Set<SignatureScheme> ALL_SCHEMES =
      Set.of(SignatureSchemes.ED25519, SignatureSchemes.SECP256K1);

  /** Any hash whose top bit is 0 meets it: two hashes per block on average. */
  static final int REGTEST_POW_LIMIT_BITS = 0x207fffff;

  /** floor(2^256 / 5,000,000) in compact form: about 5M hashes per block (1M/s x 5 s). */
  static final int DEVNET_POW_LIMIT_BITS = 0x1e035afe;

  /** About 16.8M hashes per block at the limit: seconds for one CPU miner, then ASERT climbs. */
  static final int TESTNET_POW_LIMIT_BITS = 0x1e00ffff;

  static final ChainParams REGTEST =
      ChainParams.builder()
          .name("regtest")
          .networkId(0x454c4f52) // "ELOR"
          .consensusKind(ConsensusKind.PROOF_OF_WORK)
          .targetSpacing(Duration.ofSeconds(10))
          .powLimit(Target.fromCompact(REGTEST_POW_LIMIT_BITS))
          .asertHalfLife(Duration.ofHours(1))
          .maxFutureDrift(Duration.ofMinutes(2))
          .coinbaseMaturity(10)
          .halvingInterval(150)
          .initialSubsidy(Amount.ofCoins(50))
          .defaultPort(19444)
          .addressPrefix("elor")
          .maxBlockSize(4_000_000)
          .allowedSchemes(ALL_SCHEMES)
          .maxReorgDepth(10_000)
          .build();

  static final ChainParams DEVNET =
      ChainParams.builder()
          .name("devnet")
          .networkId(0x454c4f44) // "ELOD"
          .consensusKind(ConsensusKind.PROOF_OF_WORK)
          .targetSpacing(Duration.ofSeconds(5))
          .powLimit(Target.fromCompact(DEVNET_POW_LIMIT_BITS))
          .asertHalfLife(Duration.ofMinutes(10))
          .maxFutureDrift(scaledDrift(Duration.ofSeconds(5)))
          .coinbaseMaturity(20)
          .halvingInterval(210_000)
          .initialSubsidy(Amount.ofCoins(50))
          .defaultPort(19445)
          .addressPrefix("elod")
          .maxBlockSize(4_000_000)
          .allowedSchemes(ALL_SCHEMES)
          .maxReorgDepth(1_000)
          .build();

  static final ChainParams TESTNET =
      ChainParams.builder()
          .name("testnet")
          .networkId(0x454c4f54) // "ELOT"
          .consensusKind(ConsensusKind.PROOF_OF_WORK)
          .targetSpacing(Duration.ofSeconds(60))
          .powLimit(Target.fromCompact(TESTNET_POW_LIMIT_BITS))
          .asertHalfLife(Duration.ofDays(1))
          .maxFutureDrift(scaledDrift(Duration.ofSeconds(60)))
          .coinbaseMaturity(100)
          .halvingInterval(210_000)
          .initialSubsidy(Amount.ofCoins(50))
          .defaultPort(19446)
          .addressPrefix("elot")
          .maxBlockSize(4_000_000)
          .allowedSchemes(ALL_SCHEMES)
          .maxReorgDepth(100)
          .build();

  private Networks() {}

  /**
   * The future-drift rule: Bitcoin's 2 hours for 600-second blocks, scaled linearly with the
   * spacing, never below 15 seconds.
   */
  static Duration scaledDrift(Duration spacing) {
    Duration scaled = Duration.ofHours(2).multipliedBy(spacing.getSeconds()).dividedBy(600);
    return scaled.compareTo(Duration.ofSeconds(15)) < 0 ? Duration.ofSeconds(15) : scaled;
  }

  static ChainParams proofOfAuthority(List<PublicKey> signers, Duration spacing) {
    checkArgument(!signers.isEmpty(), "a proof-of-authority chain needs signers");
    return ChainParams.builder()
        .name("devnet-poa")
        .networkId(0x454c4f50) // "ELOP"
        .consensusKind(ConsensusKind.PROOF_OF_AUTHORITY)
        .targetSpacing(spacing)
        .powLimit(Target.fromCompact(REGTEST_POW_LIMIT_BITS)) // unused by proof of authority
        .asertHalfLife(Duration.ofHours(1)) // unused by proof of authority
        .maxFutureDrift(scaledDrift(spacing))
        .coinbaseMaturity(20)
        .halvingInterval(210_000)
        .initialSubsidy(Amount.ofCoins(50))
        .defaultPort(19447)
        .addressPrefix("elop")
        .maxBlockSize(4_000_000)
        .allowedSchemes(ALL_SCHEMES)
        .authorities(signers)
        .maxReorgDepth(100)
        .build();
  }
}
