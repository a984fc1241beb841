package io.elo.consensus;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureScheme;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The immutable parameters of one chain: its genesis block, consensus kind, timing, proof-of-work
 * limit, money supply, limits and network defaults.
 *
 * <p>Build one with {@link #builder()} or start from a predefined chain ({@link #regtest()}, {@link
 * #devnet()}, {@link #testnet()}, {@link #proofOfAuthority(List, Duration)}) and change it with
 * {@link #toBuilder()}. Unless a genesis block is given explicitly, the builder derives it
 * deterministically from the other parameters (see {@code docs/consensus.md}), so changing, say,
 * the proof-of-work limit through {@code toBuilder()} yields a matching new genesis.
 */
public final class ChainParams {
  private final String name;
  private final int networkId;
  private final Block genesis;
  private final ConsensusKind consensusKind;
  private final Duration targetSpacing;
  private final Target powLimit;
  private final Duration asertHalfLife;
  private final ChainWork minimumChainWork;
  private final int maxBlockSize;
  private final Amount initialSubsidy;
  private final int halvingInterval;
  private final int coinbaseMaturity;
  private final int medianTimePastWindow;
  private final Duration maxFutureDrift;
  private final Set<SignatureScheme> allowedSchemes;
  private final int defaultPort;
  private final List<String> bootstrapAddresses;
  private final String addressPrefix;
  private final List<PublicKey> authorities;
  private final int maxReorgDepth;
  private final boolean derivedGenesis;

  private ChainParams(Builder b, Block genesis, boolean derivedGenesis) {
    this.name = b.name;
    this.networkId = b.networkId;
    this.genesis = genesis;
    this.consensusKind = b.consensusKind;
    this.targetSpacing = b.targetSpacing;
    this.powLimit = b.powLimit;
    this.asertHalfLife = b.asertHalfLife;
    this.minimumChainWork = b.minimumChainWork;
    this.maxBlockSize = b.maxBlockSize;
    this.initialSubsidy = b.initialSubsidy;
    this.halvingInterval = b.halvingInterval;
    this.coinbaseMaturity = b.coinbaseMaturity;
    this.medianTimePastWindow = b.medianTimePastWindow;
    this.maxFutureDrift = b.maxFutureDrift;
    this.allowedSchemes = Set.copyOf(b.allowedSchemes);
    this.defaultPort = b.defaultPort;
    this.bootstrapAddresses = List.copyOf(b.bootstrapAddresses);
    this.addressPrefix = b.addressPrefix;
    this.authorities = List.copyOf(b.authorities);
    this.maxReorgDepth = b.maxReorgDepth;
    this.derivedGenesis = derivedGenesis;
  }

  /** Returns an empty builder; every field without a default must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding these parameters. */
  public Builder toBuilder() {
    Builder b =
        new Builder()
            .name(name)
            .networkId(networkId)
            .consensusKind(consensusKind)
            .targetSpacing(targetSpacing)
            .powLimit(powLimit)
            .asertHalfLife(asertHalfLife)
            .minimumChainWork(minimumChainWork)
            .maxBlockSize(maxBlockSize)
            .initialSubsidy(initialSubsidy)
            .halvingInterval(halvingInterval)
            .coinbaseMaturity(coinbaseMaturity)
            .medianTimePastWindow(medianTimePastWindow)
            .maxFutureDrift(maxFutureDrift)
            .allowedSchemes(allowedSchemes)
            .defaultPort(defaultPort)
            .bootstrapAddresses(bootstrapAddresses)
            .addressPrefix(addressPrefix)
            .authorities(authorities)
            .maxReorgDepth(maxReorgDepth)
            .genesisTime(genesis.header().time());
    // A derived genesis is derived again from the new values; an explicit one is kept.
    return derivedGenesis ? b : b.genesis(genesis);
  }

  /** The regression-test chain: trivial proof of work, 10-second spacing (see docs). */
  public static ChainParams regtest() {
    return Networks.REGTEST;
  }

  /** The developer chain: real but quick proof of work, 5-second spacing (see docs). */
  public static ChainParams devnet() {
    return Networks.DEVNET;
  }

  /** The public test chain: proof of work, 60-second spacing (see docs). */
  public static ChainParams testnet() {
    return Networks.TESTNET;
  }

  /**
   * Returns a proof-of-authority chain sealed in turn by {@code signers}, one block per {@code
   * spacing} (name "devnet-poa", address prefix "elop").
   *
   * @throws IllegalArgumentException if {@code signers} is empty or has duplicates, or {@code
   *     spacing} is shorter than one second
   */
  public static ChainParams proofOfAuthority(List<PublicKey> signers, Duration spacing) {
    return Networks.proofOfAuthority(signers, spacing);
  }

  /** The chain's name, such as "regtest". */
  public String name() {
    return name;
  }

  /** The network id peers exchange in their handshake; different chains use different ids. */
  public int networkId() {
    return networkId;
  }

  /** The genesis block: trusted by definition, never validated. */
  public Block genesis() {
    return genesis;
  }

  /** The genesis block's hash, which signatures and seals commit to. */
  public Hash genesisHash() {
    return genesis.hash();
  }

  /** Proof of work or proof of authority. */
  public ConsensusKind consensusKind() {
    return consensusKind;
  }

  /** The ideal time between blocks (whole seconds). */
  public Duration targetSpacing() {
    return targetSpacing;
  }

  /** The easiest allowed proof-of-work target, also the clamp of aserti3-2d. */
  public Target powLimit() {
    return powLimit;
  }

  /** The aserti3-2d half-life: blocks one half-life behind schedule double the target. */
  public Duration asertHalfLife() {
    return asertHalfLife;
  }

  /** Work below which a chain is not trusted during initial sync. */
  public ChainWork minimumChainWork() {
    return minimumChainWork;
  }

  /** Largest encoded block, in bytes; at most {@link Block#MAX_SIZE}. */
  public int maxBlockSize() {
    return maxBlockSize;
  }

  /** The block reward before the first halving. */
  public Amount initialSubsidy() {
    return initialSubsidy;
  }

  /** Blocks between halvings of the subsidy. */
  public int halvingInterval() {
    return halvingInterval;
  }

  /**
   * Returns the new coins a block at {@code height} may create: the initial subsidy shifted right
   * once per completed halving interval, zero after 63 halvings.
   */
  public Amount subsidy(Height height) {
    int halvings = height.value() / halvingInterval;
    if (halvings >= 64) {
      return Amount.ZERO; // Java masks shift distances to 6 bits; stop before they wrap
    }
    return Amount.ofAtoms(initialSubsidy.atoms() >> halvings);
  }

  /** Blocks a coinbase output must wait before it can be spent. */
  public int coinbaseMaturity() {
    return coinbaseMaturity;
  }

  /** Number of previous blocks whose median a timestamp must exceed (11). */
  public int medianTimePastWindow() {
    return medianTimePastWindow;
  }

  /** How far ahead of local time a block's timestamp may be. */
  public Duration maxFutureDrift() {
    return maxFutureDrift;
  }

  /** Signature schemes transactions (and seals) may use. */
  public Set<SignatureScheme> allowedSchemes() {
    return allowedSchemes;
  }

  /** Default TCP port of the reference transport. */
  public int defaultPort() {
    return defaultPort;
  }

  /** Well-known peers ("host:port") to start discovery from; may be empty. */
  public List<String> bootstrapAddresses() {
    return bootstrapAddresses;
  }

  /** The Bech32m human-readable part of this chain's addresses. */
  public String addressPrefix() {
    return addressPrefix;
  }

  /** The proof-of-authority signers in turn order; empty for proof of work. */
  public List<PublicKey> authorities() {
    return authorities;
  }

  /** Deepest reorganisation a node performs automatically. */
  public int maxReorgDepth() {
    return maxReorgDepth;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChainParams p
        && name.equals(p.name)
        && networkId == p.networkId
        && genesis.equals(p.genesis)
        && consensusKind == p.consensusKind
        && targetSpacing.equals(p.targetSpacing)
        && powLimit.equals(p.powLimit)
        && asertHalfLife.equals(p.asertHalfLife)
        && minimumChainWork.equals(p.minimumChainWork)
        && maxBlockSize == p.maxBlockSize
        && initialSubsidy.equals(p.initialSubsidy)
        && halvingInterval == p.halvingInterval
        && coinbaseMaturity == p.coinbaseMaturity
        && medianTimePastWindow == p.medianTimePastWindow
        && maxFutureDrift.equals(p.maxFutureDrift)
        && allowedSchemes.equals(p.allowedSchemes)
        && defaultPort == p.defaultPort
        && bootstrapAddresses.equals(p.bootstrapAddresses)
        && addressPrefix.equals(p.addressPrefix)
        && authorities.equals(p.authorities)
        && maxReorgDepth == p.maxReorgDepth;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, networkId, genesis.hash(), consensusKind, targetSpacing, powLimit);
  }

  @Override
  public String toString() {
    return "ChainParams{"
        + name
        + ", "
        + consensusKind
        + ", genesis="
        + genesisHash()
        + ", spacing="
        + targetSpacing
        + "}";
  }

  /** Builds {@link ChainParams}; not thread-safe. */
  public static final class Builder {
    private String name;
    private int networkId;
    private Block genesis;
    private Instant genesisTime = Genesis.DEFAULT_TIME;
    private ConsensusKind consensusKind;
    private Duration targetSpacing;
    private Target powLimit;
    private Duration asertHalfLife;
    private ChainWork minimumChainWork = ChainWork.ZERO;
    private int maxBlockSize = 4_000_000;
    private Amount initialSubsidy;
    private int halvingInterval;
    private int coinbaseMaturity;
    private int medianTimePastWindow = 11;
    private Duration maxFutureDrift;
    private Set<SignatureScheme> allowedSchemes = Set.of();
    private int defaultPort;
    private List<String> bootstrapAddresses = List.of();
    private String addressPrefix;
    private List<PublicKey> authorities = List.of();
    private int maxReorgDepth = 100;

    private Builder() {}

    /** Sets the chain name (non-empty, at most 64 characters of printable ASCII). */
    public Builder name(String value) {
      this.name = requireNonNull(value, "name");
      return this;
    }

    /** Sets the network id. */
    public Builder networkId(int value) {
      this.networkId = value;
      return this;
    }

    /**
     * Sets an explicit genesis block instead of the derived one. Its timestamp is what aserti3-2d
     * anchors on; its bits are the anchor bits.
     */
    public Builder genesis(Block value) {
      this.genesis = requireNonNull(value, "genesis");
      return this;
    }

    /**
     * Sets the timestamp of the derived genesis block (default 2025-01-01T00:00:00Z, whole seconds
     * only). A chain launched long after its genesis time starts far behind the aserti3-2d
     * schedule and mines at the pow limit until it catches up, so a fresh private chain should set
     * a recent time. Ignored when {@link #genesis(Block)} is set.
     */
    public Builder genesisTime(Instant value) {
      this.genesisTime = requireNonNull(value, "genesisTime");
      return this;
    }

    /** Sets the consensus kind. */
    public Builder consensusKind(ConsensusKind value) {
      this.consensusKind = requireNonNull(value, "consensusKind");
      return this;
    }

    /** Sets the ideal block spacing (whole seconds, at least one). */
    public Builder targetSpacing(Duration value) {
      this.targetSpacing = requireNonNull(value, "targetSpacing");
      return this;
    }

    /** Sets the proof-of-work limit. */
    public Builder powLimit(Target value) {
      this.powLimit = requireNonNull(value, "powLimit");
      return this;
    }

    /** Sets the aserti3-2d half-life (whole seconds, at least one). */
    public Builder asertHalfLife(Duration value) {
      this.asertHalfLife = requireNonNull(value, "asertHalfLife");
      return this;
    }

    /** Sets the minimum chain work (default zero). */
    public Builder minimumChainWork(ChainWork value) {
      this.minimumChainWork = requireNonNull(value, "minimumChainWork");
      return this;
    }

    /** Sets the largest block size in bytes (default 4,000,000). */
    public Builder maxBlockSize(int value) {
      this.maxBlockSize = value;
      return this;
    }

    /** Sets the initial block subsidy. */
    public Builder initialSubsidy(Amount value) {
      this.initialSubsidy = requireNonNull(value, "initialSubsidy");
      return this;
    }

    /** Sets the number of blocks between halvings (positive). */
    public Builder halvingInterval(int value) {
      this.halvingInterval = value;
      return this;
    }

    /** Sets the coinbase maturity in blocks (at least 0). */
    public Builder coinbaseMaturity(int value) {
      this.coinbaseMaturity = value;
      return this;
    }

    /** Sets the median-time-past window (default 11, odd and positive). */
    public Builder medianTimePastWindow(int value) {
      this.medianTimePastWindow = value;
      return this;
    }

    /** Sets the largest allowed timestamp lead over local time (positive). */
    public Builder maxFutureDrift(Duration value) {
      this.maxFutureDrift = requireNonNull(value, "maxFutureDrift");
      return this;
    }

    /** Sets the allowed signature schemes (non-empty). */
    public Builder allowedSchemes(Set<SignatureScheme> value) {
      this.allowedSchemes = Set.copyOf(value);
      return this;
    }

    /** Sets the default port (1 to 65535). */
    public Builder defaultPort(int value) {
      this.defaultPort = value;
      return this;
    }

    /** Sets the bootstrap peer addresses (default none). */
    public Builder bootstrapAddresses(List<String> value) {
      this.bootstrapAddresses = List.copyOf(value);
      return this;
    }

    /** Sets the Bech32m human-readable part of addresses. */
    public Builder addressPrefix(String value) {
      this.addressPrefix = requireNonNull(value, "addressPrefix");
      return this;
    }

    /** Sets the proof-of-authority signers in turn order (default none). */
    public Builder authorities(List<PublicKey> value) {
      this.authorities = List.copyOf(value);
      return this;
    }

    /** Sets the deepest automatic reorganisation (default 100, positive). */
    public Builder maxReorgDepth(int value) {
      this.maxReorgDepth = value;
      return this;
    }

    /**
     * Validates the values and returns the parameters.
     *
     * @throws IllegalStateException if a required value is missing
     * @throws IllegalArgumentException if a value is out of range or values contradict each other
     */
    public ChainParams build() {
      checkState(name != null, "name not set");
      checkState(consensusKind != null, "consensusKind not set");
      checkState(targetSpacing != null, "targetSpacing not set");
      checkState(powLimit != null, "powLimit not set");
      checkState(asertHalfLife != null, "asertHalfLife not set");
      checkState(initialSubsidy != null, "initialSubsidy not set");
      checkState(maxFutureDrift != null, "maxFutureDrift not set");
      checkState(addressPrefix != null, "addressPrefix not set");
      checkArgument(
          !name.isEmpty() && name.length() <= 64 && name.chars().allMatch(c -> c > 32 && c < 127),
          "name must be 1 to 64 printable ASCII characters without spaces: '%s'",
          name);
      checkArgument(isWholeSeconds(targetSpacing), "targetSpacing: %s", targetSpacing);
      checkArgument(isWholeSeconds(asertHalfLife), "asertHalfLife: %s", asertHalfLife);
      checkArgument(
          !maxFutureDrift.isNegative() && !maxFutureDrift.isZero(),
          "maxFutureDrift must be positive: %s",
          maxFutureDrift);
      checkArgument(
          maxBlockSize >= 1000 && maxBlockSize <= Block.MAX_SIZE,
          "maxBlockSize must be in [1000, %s]: %s",
          Block.MAX_SIZE,
          maxBlockSize);
      checkArgument(halvingInterval > 0, "halvingInterval must be positive: %s", halvingInterval);
      checkArgument(coinbaseMaturity >= 0, "coinbaseMaturity must be >= 0: %s", coinbaseMaturity);
      checkArgument(
          medianTimePastWindow > 0 && medianTimePastWindow % 2 == 1,
          "medianTimePastWindow must be odd and positive: %s",
          medianTimePastWindow);
      checkArgument(!allowedSchemes.isEmpty(), "allowedSchemes must not be empty");
      checkArgument(
          defaultPort > 0 && defaultPort <= 65535, "defaultPort out of range: %s", defaultPort);
      checkArgument(maxReorgDepth > 0, "maxReorgDepth must be positive: %s", maxReorgDepth);
      checkArgument(
          new HashSet<>(authorities).size() == authorities.size(), "duplicate authorities");
      if (consensusKind == ConsensusKind.PROOF_OF_AUTHORITY) {
        checkArgument(!authorities.isEmpty(), "a proof-of-authority chain needs authorities");
        checkArgument(
            authorities.size() <= ProofOfAuthority.MAX_SIGNERS,
            "at most %s authorities, got %s",
            ProofOfAuthority.MAX_SIGNERS,
            authorities.size());
        Set<SignatureScheme> missing = new LinkedHashSet<>();
        for (PublicKey key : authorities) {
          if (!allowedSchemes.contains(key.scheme())) {
            missing.add(key.scheme());
          }
        }
        checkArgument(missing.isEmpty(), "authority schemes not allowed: %s", missing);
      } else {
        checkArgument(authorities.isEmpty(), "a proof-of-work chain has no authorities");
      }
      // Fail here, not later, if the prefix cannot make addresses.
      io.elo.model.Address.of(Hash.ZERO).toText(addressPrefix);
      Block actualGenesis = genesis;
      boolean derived = actualGenesis == null;
      if (derived) {
        actualGenesis = Genesis.derive(this);
      }
      return new ChainParams(this, actualGenesis, derived);
    }

    String name() {
      return name;
    }

    ConsensusKind consensusKind() {
      return consensusKind;
    }

    Target powLimit() {
      return powLimit;
    }

    Amount initialSubsidy() {
      return initialSubsidy;
    }

    Instant genesisTime() {
      return genesisTime;
    }

    private static boolean isWholeSeconds(Duration d) {
      return d.getNano() == 0 && d.getSeconds() >= 1;
    }
  }
}
