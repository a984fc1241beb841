package io.elo.consensus;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.crypto.Hash;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureScheme;
import io.elo.model.Address;
import io.elo.model.Block;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The range and consistency checks of {@link ChainParams.Builder#build()}. */
final class ParamsValidator {
  private ParamsValidator() {}

  /**
   * Checks every value of {@code p}.
   *
   * @throws IllegalArgumentException if a value is out of range or values contradict each other
   */
  static void validate(ChainParams p) {
    checkArgument(isWholeSeconds(p.targetSpacing()), "targetSpacing: %s", p.targetSpacing());
    checkArgument(isWholeSeconds(p.asertHalfLife()), "asertHalfLife: %s", p.asertHalfLife());
    checkArgument(
        !p.maxFutureDrift().isNegative() && !p.maxFutureDrift().isZero(),
        "maxFutureDrift must be positive: %s",
        p.maxFutureDrift());
    checkArgument(
        p.maxBlockSize() >= 1000 && p.maxBlockSize() <= Block.MAX_SIZE,
        "maxBlockSize must be in [1000, %s]: %s",
        Block.MAX_SIZE,
        p.maxBlockSize());
    checkArgument(
        p.halvingInterval() > 0, "halvingInterval must be positive: %s", p.halvingInterval());
    checkArgument(
        p.coinbaseMaturity() >= 0, "coinbaseMaturity must be >= 0: %s", p.coinbaseMaturity());
    checkArgument(
        p.medianTimePastWindow() > 0 && p.medianTimePastWindow() % 2 == 1,
        "medianTimePastWindow must be odd and positive: %s",
        p.medianTimePastWindow());
    checkArgument(!p.allowedSchemes().isEmpty(), "allowedSchemes must not be empty");
    checkArgument(
        p.defaultPort() > 0 && p.defaultPort() <= 65535,
        "defaultPort out of range: %s",
        p.defaultPort());
    checkArgument(p.maxReorgDepth() > 0, "maxReorgDepth must be positive: %s", p.maxReorgDepth());
    checkAuthorities(p);
    // Fail here, not later, if the prefix cannot make addresses.
    Address.of(Hash.ZERO).toText(p.addressPrefix());
  }

  private static void checkAuthorities(ChainParams p) {
    List<PublicKey> authorities = p.authorities();
    checkArgument(new HashSet<>(authorities).size() == authorities.size(), "duplicate authorities");
    if (p.consensusKind() != ConsensusKind.PROOF_OF_AUTHORITY) {
      checkArgument(authorities.isEmpty(), "a proof-of-work chain has no authorities");
      return;
    }
    checkArgument(!authorities.isEmpty(), "a proof-of-authority chain needs authorities");
    checkArgument(
        authorities.size() <= ProofOfAuthority.MAX_SIGNERS,
        "at most %s authorities, got %s",
        ProofOfAuthority.MAX_SIGNERS,
        authorities.size());
    Set<SignatureScheme> missing = new LinkedHashSet<>();
    for (PublicKey key : authorities) {
      if (!p.allowedSchemes().contains(key.scheme())) {
        missing.add(key.scheme());
      }
    }
    checkArgument(missing.isEmpty(), "authority schemes not allowed: %s", missing);
  }

  private static boolean isWholeSeconds(Duration d) {
    return d.getNano() == 0 && d.getSeconds() >= 1;
  }
}
