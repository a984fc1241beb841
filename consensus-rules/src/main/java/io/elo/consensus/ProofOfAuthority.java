package io.elo.consensus;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.crypto.PrivateKey;
import io.elo.crypto.PublicKey;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Proof of authority, Clique-like with a fixed signer set from {@link ChainParams#authorities()}.
 *
 * <p>The signer in turn at height {@code h} is {@code authorities[h mod N]}. A header's seal is the
 * signer's index (one byte) followed by its signature, made with the signer's scheme, over {@link
 * #sealingMessage}: ASCII {@code "ELO/seal/v1"} | genesis hash | {@link
 * BlockHeader#encodeWithoutSeal()}. The bits field holds the weight: {@value #IN_TURN_BITS} when
 * sealed in turn, {@value #OUT_OF_TURN_BITS} otherwise. A signer may seal at most one of every
 * {@code floor(N/2)+1} consecutive blocks, and a block's timestamp must be at least its parent's
 * plus the target spacing.
 */
public final class ProofOfAuthority implements ConsensusRules {
  /** Bits (and weight) of a header sealed by the signer in turn. */
  public static final int IN_TURN_BITS = 2;

  /** Bits (and weight) of a header sealed by another authority. */
  public static final int OUT_OF_TURN_BITS = 1;

  /** Most authorities a chain can have: the seal names the signer in one byte. */
  public static final int MAX_SIGNERS = 256;

  private static final byte[] DOMAIN = "ELO/seal/v1".getBytes(StandardCharsets.US_ASCII);

  private final ChainParams params;
  private final List<PublicKey> authorities;
  private final long spacing;

  private ProofOfAuthority(ChainParams params) {
    this.params = params;
    this.authorities = params.authorities();
    this.spacing = params.targetSpacing().getSeconds();
  }

  /**
   * Returns the proof-of-authority rules of {@code params}.
   *
   * @throws IllegalArgumentException if {@code params} is not a proof-of-authority chain
   */
  public static ProofOfAuthority of(ChainParams params) {
    checkArgument(
        params.consensusKind() == ConsensusKind.PROOF_OF_AUTHORITY,
        "%s is not a proof-of-authority chain",
        params.name());
    return new ProofOfAuthority(params);
  }

  /** Returns the message a seal signs: "ELO/seal/v1" | genesis hash | header without seal. */
  public static byte[] sealingMessage(Hash genesisHash, BlockHeader header) {
    byte[] unsealed = header.encodeWithoutSeal();
    byte[] message = new byte[DOMAIN.length + Hash.LENGTH + unsealed.length];
    System.arraycopy(DOMAIN, 0, message, 0, DOMAIN.length);
    genesisHash.copyTo(message, DOMAIN.length);
    System.arraycopy(unsealed, 0, message, DOMAIN.length + Hash.LENGTH, unsealed.length);
    return message;
  }

  @Override
  public ConsensusKind kind() {
    return ConsensusKind.PROOF_OF_AUTHORITY;
  }

  @Override
  public ChainParams params() {
    return params;
  }

  /** Returns the authority whose turn it is at {@code height}. */
  public PublicKey inTurnSigner(Height height) {
    return authorities.get(height.value() % authorities.size());
  }

  /** Whether {@code signer} is the authority in turn at {@code height}. */
  public boolean isInTurn(PublicKey signer, Height height) {
    return inTurnSigner(height).equals(signer);
  }

  /** Returns the bits {@code signer} must put in a header at {@code height}. */
  public int bitsFor(PublicKey signer, Height height) {
    return isInTurn(signer, height) ? IN_TURN_BITS : OUT_OF_TURN_BITS;
  }

  /** Whether {@code key} is an authority of this chain. */
  public boolean isAuthority(PublicKey key) {
    return authorities.contains(key);
  }

  /**
   * Whether {@code signer} is an authority that has not sealed any of the last {@code floor(N/2)}
   * blocks of {@code parent}, so it may seal the next block.
   */
  public boolean maySeal(PublicKey signer, HeaderChain parent) {
    int index = authorities.indexOf(signer);
    return index >= 0 && recentlySealed(index, parent).isEmpty();
  }

  /**
   * Returns the authority a header's seal names, without verifying the signature; empty if the
   * seal is missing or names no authority.
   */
  public Optional<PublicKey> signerOf(BlockHeader header) {
    if (header.sealLength() == 0) {
      return Optional.empty();
    }
    int index = header.seal()[0] & 0xff;
    return index < authorities.size() ? Optional.of(authorities.get(index)) : Optional.empty();
  }

  /**
   * Returns {@code header} sealed by {@code key}: its existing seal replaced by the signer index
   * and the signature over {@link #sealingMessage}. Set the header's bits with {@link #bitsFor}
   * first; the seal covers them.
   *
   * @throws IllegalArgumentException if {@code key} is not an authority's key
   * @throws IllegalStateException if {@code key} has been destroyed
   */
  public BlockHeader seal(BlockHeader header, PrivateKey key) {
    int index = authorities.indexOf(key.publicKey());
    checkArgument(index >= 0, "not an authority of %s: %s", params.name(), key.publicKey());
    byte[] signature =
        key.scheme().sign(key, sealingMessage(params.genesisHash(), header));
    byte[] seal = new byte[1 + signature.length];
    seal[0] = (byte) index;
    System.arraycopy(signature, 0, seal, 1, signature.length);
    return header.withSeal(seal);
  }

  @Override
  public RuleResult checkHeader(BlockHeader header, HeaderChain parent) {
    requireNonNull(parent, "parent");
    if (header.sealLength() == 0) {
      return RuleResult.invalid(RuleViolation.MISSING_SEAL, "no seal");
    }
    byte[] seal = header.seal();
    int index = seal[0] & 0xff;
    if (index >= authorities.size()) {
      return RuleResult.invalid(
          RuleViolation.UNAUTHORIZED_SIGNER,
          "signer index " + index + " of " + authorities.size() + " authorities");
    }
    PublicKey signer = authorities.get(index);
    int signatureLength = seal.length - 1;
    if (signatureLength == 0 || signatureLength > signer.scheme().maxSignatureLength()) {
      return RuleResult.invalid(
          RuleViolation.MALFORMED_SEAL,
          signatureLength + "-byte signature for " + signer.scheme().name());
    }
    Height height = parent.height().next();
    int expectedBits = bitsFor(signer, height);
    if (header.bits() != expectedBits) {
      return RuleResult.invalid(
          RuleViolation.WRONG_SEAL_WEIGHT,
          "bits " + header.bits() + ", signer " + index + " at height " + height + " needs "
              + expectedBits);
    }
    long earliest = parent.header().timestamp() + spacing;
    if (header.timestamp() < earliest) {
      return RuleResult.invalid(
          RuleViolation.TIMESTAMP_TOO_EARLY_FOR_POA,
          "time " + header.timestamp() + " before " + earliest);
    }
    Optional<Height> recent = recentlySealed(index, parent);
    if (recent.isPresent()) {
      return RuleResult.invalid(
          RuleViolation.SIGNER_OVER_LIMIT,
          "signer " + index + " also sealed height " + recent.get());
    }
    // The signature check is the expensive part, so it comes last.
    byte[] signature = new byte[signatureLength];
    System.arraycopy(seal, 1, signature, 0, signatureLength);
    byte[] message = sealingMessage(params.genesisHash(), header);
    if (!signer.scheme().verify(signer, message, signature)) {
      return RuleResult.invalid(
          RuleViolation.BAD_SEAL_SIGNATURE, "seal does not verify for signer " + index);
    }
    return RuleResult.valid();
  }

  /** Returns a height among the last floor(N/2) blocks of {@code parent} sealed by {@code index}. */
  private Optional<Height> recentlySealed(int index, HeaderChain parent) {
    int window = authorities.size() / 2;
    int top = parent.height().value();
    for (int h = top; h > top - window && h > 0; h--) {
      Optional<BlockHeader> ancestor = parent.ancestor(Height.of(h));
      if (ancestor.isPresent()
          && ancestor.get().sealLength() > 0
          && (ancestor.get().seal()[0] & 0xff) == index) {
        return Optional.of(Height.of(h));
      }
    }
    return Optional.empty();
  }

  @Override
  public ChainWork weight(BlockHeader header) {
    int bits = header.bits();
    return bits == IN_TURN_BITS || bits == OUT_OF_TURN_BITS
        ? ChainWork.ofLong(bits)
        : ChainWork.ZERO;
  }

  @Override
  public int nextBits(HeaderChain parent) {
    return IN_TURN_BITS;
  }

  @Override
  public String toString() {
    return "ProofOfAuthority{" + params.name() + ", " + authorities.size() + " signers}";
  }
}
