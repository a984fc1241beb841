package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of compact block relay (BIP 152), immutable; part of {@link SyncConfig}. {@link
 * #defaults()} gives the values docs/protocol.md lists ("Compact blocks").
 */
public final class CompactBlockConfig {
  private static final CompactBlockConfig DEFAULTS = new Builder().build();

  private final int highBandwidthPeers;
  private final int maxPartialBlocksPerPeer;
  private final int maxPartialBlocks;
  private final long maxPartialBlockBytes;
  private final Duration partialBlockTimeout;
  private final int extraTransactions;
  private final long extraTransactionBytes;
  private final int recentBlocks;
  private final long recentBlockBytes;

  private CompactBlockConfig(Builder b) {
    this.highBandwidthPeers = b.highBandwidthPeers;
    this.maxPartialBlocksPerPeer = b.maxPartialBlocksPerPeer;
    this.maxPartialBlocks = b.maxPartialBlocks;
    this.maxPartialBlockBytes = b.maxPartialBlockBytes;
    this.partialBlockTimeout = b.partialBlockTimeout;
    this.extraTransactions = b.extraTransactions;
    this.extraTransactionBytes = b.extraTransactionBytes;
    this.recentBlocks = b.recentBlocks;
    this.recentBlockBytes = b.recentBlockBytes;
  }

  /** The default limits. */
  public static CompactBlockConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.highBandwidthPeers = highBandwidthPeers;
    b.maxPartialBlocksPerPeer = maxPartialBlocksPerPeer;
    b.maxPartialBlocks = maxPartialBlocks;
    b.maxPartialBlockBytes = maxPartialBlockBytes;
    b.partialBlockTimeout = partialBlockTimeout;
    b.extraTransactions = extraTransactions;
    b.extraTransactionBytes = extraTransactionBytes;
    b.recentBlocks = recentBlocks;
    b.recentBlockBytes = recentBlockBytes;
    return b;
  }

  /**
   * Peers asked to push compact blocks before validation: those that most recently gave us a new
   * valid block first (default 3, at most 3; 0 turns high-bandwidth mode off).
   */
  public int highBandwidthPeers() {
    return highBandwidthPeers;
  }

  /** Blocks one peer may have waiting for a BlockTxn answer (default 2). */
  public int maxPartialBlocksPerPeer() {
    return maxPartialBlocksPerPeer;
  }

  /** Blocks waiting for BlockTxn answers from all peers (default 16). */
  public int maxPartialBlocks() {
    return maxPartialBlocks;
  }

  /** Bytes of prefilled transactions all waiting blocks hold (default 32 MiB). */
  public long maxPartialBlockBytes() {
    return maxPartialBlockBytes;
  }

  /** A BlockTxn answer later than this falls back to the full block (default 5 s). */
  public Duration partialBlockTimeout() {
    return partialBlockTimeout;
  }

  /** Recently replaced, evicted or orphan transactions kept for rebuilding (default 100). */
  public int extraTransactions() {
    return extraTransactions;
  }

  /** Bytes of those extra transactions (default 10 MiB). */
  public long extraTransactionBytes() {
    return extraTransactionBytes;
  }

  /** Recent blocks kept to answer GetBlockTxn and push compact blocks (default 8). */
  public int recentBlocks() {
    return recentBlocks;
  }

  /** Bytes of those recent blocks (default 64 MiB). */
  public long recentBlockBytes() {
    return recentBlockBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompactBlockConfig c
        && highBandwidthPeers == c.highBandwidthPeers
        && maxPartialBlocksPerPeer == c.maxPartialBlocksPerPeer
        && maxPartialBlocks == c.maxPartialBlocks
        && maxPartialBlockBytes == c.maxPartialBlockBytes
        && partialBlockTimeout.equals(c.partialBlockTimeout)
        && extraTransactions == c.extraTransactions
        && extraTransactionBytes == c.extraTransactionBytes
        && recentBlocks == c.recentBlocks
        && recentBlockBytes == c.recentBlockBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        highBandwidthPeers,
        maxPartialBlocksPerPeer,
        maxPartialBlocks,
        maxPartialBlockBytes,
        partialBlockTimeout,
        extraTransactions,
        extraTransactionBytes,
        recentBlocks,
        recentBlockBytes);
  }

  @Override
  public String toString() {
    return "CompactBlockConfig{highBandwidthPeers="
        + highBandwidthPeers
        + ", partial="
        + maxPartialBlocksPerPeer
        + "/"
        + maxPartialBlocks
        + ", timeout="
        + partialBlockTimeout
        + ", extra="
        + extraTransactions
        + "}";
  }

  /** Builds a {@link CompactBlockConfig}; not thread-safe. */
  public static final class Builder {
    private int highBandwidthPeers = 3;
    private int maxPartialBlocksPerPeer = 2;
    private int maxPartialBlocks = 16;
    private long maxPartialBlockBytes = 32L << 20;
    private Duration partialBlockTimeout = Duration.ofSeconds(5);
    private int extraTransactions = 100;
    private long extraTransactionBytes = 10L << 20;
    private int recentBlocks = 8;
    private long recentBlockBytes = 64L << 20;

    private Builder() {}

    /** See {@link CompactBlockConfig#highBandwidthPeers()}; 0..3. */
    public Builder highBandwidthPeers(int value) {
      checkArgument(value >= 0 && value <= 3, "highBandwidthPeers in 0..3: %s", value);
      this.highBandwidthPeers = value;
      return this;
    }

    /**
     * See {@link CompactBlockConfig#maxPartialBlocksPerPeer()}, {@link
     * CompactBlockConfig#maxPartialBlocks()} and {@link CompactBlockConfig#maxPartialBlockBytes()}.
     */
    public Builder partialBlocks(int perPeer, int total, long bytes) {
      checkArgument(perPeer > 0 && total >= perPeer && bytes > 0, "need 0 < perPeer <= total");
      this.maxPartialBlocksPerPeer = perPeer;
      this.maxPartialBlocks = total;
      this.maxPartialBlockBytes = bytes;
      return this;
    }

    /** See {@link CompactBlockConfig#partialBlockTimeout()}. */
    public Builder partialBlockTimeout(Duration value) {
      requireNonNull(value, "partialBlockTimeout");
      checkArgument(!value.isNegative() && !value.isZero(), "partialBlockTimeout must be > 0");
      this.partialBlockTimeout = value;
      return this;
    }

    /** See {@link CompactBlockConfig#extraTransactions()}; 0 keeps none. */
    public Builder extraTransactions(int count, long bytes) {
      checkArgument(count >= 0 && bytes > 0, "extra transactions: count >= 0, bytes > 0");
      this.extraTransactions = count;
      this.extraTransactionBytes = bytes;
      return this;
    }

    /** See {@link CompactBlockConfig#recentBlocks()}. */
    public Builder recentBlocks(int count, long bytes) {
      checkArgument(count > 0 && bytes > 0, "recent blocks: count and bytes must be positive");
      this.recentBlocks = count;
      this.recentBlockBytes = bytes;
      return this;
    }

    /** Builds the configuration. */
    public CompactBlockConfig build() {
      return new CompactBlockConfig(this);
    }
  }
}
