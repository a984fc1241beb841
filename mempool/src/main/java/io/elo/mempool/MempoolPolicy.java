package io.elo.mempool;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The pool's limits and fee policy. {@link #defaults()} follows Bitcoin Core's defaults where they
 * exist (docs/mempool.md has the table); {@link #toBuilder()} changes some. Immutable.
 */
public final class MempoolPolicy {
  private final long maxBytes;
  private final Duration expiry;
  private final int maxTransactionSize;
  private final int maxAncestorCount;
  private final long maxAncestorBytes;
  private final int maxDescendantCount;
  private final long maxDescendantBytes;
  private final int maxReplacements;
  private final FeeRate minRelayFeeRate;
  private final FeeRate incrementalRelayFeeRate;
  private final FeeRate dustRelayFeeRate;
  private final Duration rollingFeeHalfLife;
  private final int maxOrphans;
  private final long maxOrphanBytes;
  private final int maxOrphansPerSource;
  private final int maxOrphanSize;
  private final Duration orphanExpiry;
  private final int maxRecentRejects;
  private final int maxReorgTransactions;
  private final long maxReorgBytes;
  private final int maxPendingBlocks;
  private final long maxPendingBlockBytes;
  private final long journalCompactionBytes;

  private MempoolPolicy(Builder b) {
    this.maxBytes = b.maxBytes;
    this.expiry = b.expiry;
    this.maxTransactionSize = b.maxTransactionSize;
    this.maxAncestorCount = b.maxAncestorCount;
    this.maxAncestorBytes = b.maxAncestorBytes;
    this.maxDescendantCount = b.maxDescendantCount;
    this.maxDescendantBytes = b.maxDescendantBytes;
    this.maxReplacements = b.maxReplacements;
    this.minRelayFeeRate = b.minRelayFeeRate;
    this.incrementalRelayFeeRate = b.incrementalRelayFeeRate;
    this.dustRelayFeeRate = b.dustRelayFeeRate;
    this.rollingFeeHalfLife = b.rollingFeeHalfLife;
    this.maxOrphans = b.maxOrphans;
    this.maxOrphanBytes = b.maxOrphanBytes;
    this.maxOrphansPerSource = b.maxOrphansPerSource;
    this.maxOrphanSize = b.maxOrphanSize;
    this.orphanExpiry = b.orphanExpiry;
    this.maxRecentRejects = b.maxRecentRejects;
    this.maxReorgTransactions = b.maxReorgTransactions;
    this.maxReorgBytes = b.maxReorgBytes;
    this.maxPendingBlocks = b.maxPendingBlocks;
    this.maxPendingBlockBytes = b.maxPendingBlockBytes;
    this.journalCompactionBytes = b.journalCompactionBytes;
  }

  /** The default policy. */
  public static MempoolPolicy defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this policy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxBytes = maxBytes;
    b.expiry = expiry;
    b.maxTransactionSize = maxTransactionSize;
    b.maxAncestorCount = maxAncestorCount;
    b.maxAncestorBytes = maxAncestorBytes;
    b.maxDescendantCount = maxDescendantCount;
    b.maxDescendantBytes = maxDescendantBytes;
    b.maxReplacements = maxReplacements;
    b.minRelayFeeRate = minRelayFeeRate;
    b.incrementalRelayFeeRate = incrementalRelayFeeRate;
    b.dustRelayFeeRate = dustRelayFeeRate;
    b.rollingFeeHalfLife = rollingFeeHalfLife;
    b.maxOrphans = maxOrphans;
    b.maxOrphanBytes = maxOrphanBytes;
    b.maxOrphansPerSource = maxOrphansPerSource;
    b.maxOrphanSize = maxOrphanSize;
    b.orphanExpiry = orphanExpiry;
    b.maxRecentRejects = maxRecentRejects;
    b.maxReorgTransactions = maxReorgTransactions;
    b.maxReorgBytes = maxReorgBytes;
    b.maxPendingBlocks = maxPendingBlocks;
    b.maxPendingBlockBytes = maxPendingBlockBytes;
    b.journalCompactionBytes = journalCompactionBytes;
    return b;
  }

  /** Cap on the encoded bytes of all pool transactions (default 300,000,000). */
  public long maxBytes() {
    return maxBytes;
  }

  /** Age after which a transaction is dropped (default 14 days). */
  public Duration expiry() {
    return expiry;
  }

  /** Largest transaction admitted, encoded bytes (default 100,000). */
  public int maxTransactionSize() {
    return maxTransactionSize;
  }

  /** Most in-pool ancestors of a transaction, itself included (default 25). */
  public int maxAncestorCount() {
    return maxAncestorCount;
  }

  /** Most bytes of a transaction and its in-pool ancestors (default 101,000). */
  public long maxAncestorBytes() {
    return maxAncestorBytes;
  }

  /** Most in-pool descendants of a transaction, itself included (default 25). */
  public int maxDescendantCount() {
    return maxDescendantCount;
  }

  /** Most bytes of a transaction and its in-pool descendants (default 101,000). */
  public long maxDescendantBytes() {
    return maxDescendantBytes;
  }

  /** Most transactions one replacement may evict, descendants included (default 100). */
  public int maxReplacements() {
    return maxReplacements;
  }

  /** The lowest fee rate ever admitted (default 1,000 atoms/kB). */
  public FeeRate minRelayFeeRate() {
    return minRelayFeeRate;
  }

  /**
   * What a replacement must pay for its own bytes on top of what it evicts, and how far above an
   * evicted package's rate the rolling minimum rises (default 1,000 atoms/kB).
   */
  public FeeRate incrementalRelayFeeRate() {
    return incrementalRelayFeeRate;
  }

  /**
   * The rate at which an output that costs more to create and spend than it is worth is dust and
   * its transaction refused (default 3,000 atoms/kB, Bitcoin Core's; zero allows any amount); see
   * {@link Dust}.
   */
  public FeeRate dustRelayFeeRate() {
    return dustRelayFeeRate;
  }

  /** Half-life of the rolling minimum fee rate raised by evictions (default 12 hours). */
  public Duration rollingFeeHalfLife() {
    return rollingFeeHalfLife;
  }

  /** Most orphans kept (default 100). */
  public int maxOrphans() {
    return maxOrphans;
  }

  /** Most encoded bytes of all orphans (default 5,000,000). */
  public long maxOrphanBytes() {
    return maxOrphanBytes;
  }

  /** Most orphans kept from one source (default 25). */
  public int maxOrphansPerSource() {
    return maxOrphansPerSource;
  }

  /** Largest orphan kept, encoded bytes (default 100,000). */
  public int maxOrphanSize() {
    return maxOrphanSize;
  }

  /** Age after which an orphan is dropped (default 20 minutes). */
  public Duration orphanExpiry() {
    return orphanExpiry;
  }

  /** Capacity of each recently-rejected filter, consensus and policy (default 50,000). */
  public int maxRecentRejects() {
    return maxRecentRejects;
  }

  /** Most transactions of disconnected blocks put back after a reorganisation (10,000). */
  public int maxReorgTransactions() {
    return maxReorgTransactions;
  }

  /** Most bytes of disconnected-block transactions put back (default 20,000,000). */
  public long maxReorgBytes() {
    return maxReorgBytes;
  }

  /** Most chain events queued for the pool before it resynchronises instead (default 1,000). */
  public int maxPendingBlocks() {
    return maxPendingBlocks;
  }

  /** Most bytes of queued blocks before the pool resynchronises instead (default 64,000,000). */
  public long maxPendingBlockBytes() {
    return maxPendingBlockBytes;
  }

  /** Journal size above which it is compacted into a snapshot (default 8 MiB, or 2x the pool). */
  public long journalCompactionBytes() {
    return journalCompactionBytes;
  }

  @Override
  public String toString() {
    return "MempoolPolicy{maxBytes="
        + maxBytes
        + ", expiry="
        + expiry
        + ", ancestors="
        + maxAncestorCount
        + "/"
        + maxAncestorBytes
        + ", descendants="
        + maxDescendantCount
        + "/"
        + maxDescendantBytes
        + ", minRelayFeeRate="
        + minRelayFeeRate
        + ", dustRelayFeeRate="
        + dustRelayFeeRate
        + "}";
  }

  /** Builds a {@link MempoolPolicy}; every setter validates its argument. */
  public static final class Builder {
    private long maxBytes = 300_000_000L;
    private Duration expiry = Duration.ofDays(14);
    private int maxTransactionSize = 100_000;
    private int maxAncestorCount = 25;
    private long maxAncestorBytes = 101_000;
    private int maxDescendantCount = 25;
    private long maxDescendantBytes = 101_000;
    private int maxReplacements = 100;
    private FeeRate minRelayFeeRate = FeeRate.ofAtomsPerKb(1_000);
    private FeeRate incrementalRelayFeeRate = FeeRate.ofAtomsPerKb(1_000);
    private FeeRate dustRelayFeeRate = FeeRate.ofAtomsPerKb(3_000);
    private Duration rollingFeeHalfLife = Duration.ofHours(12);
    private int maxOrphans = 100;
    private long maxOrphanBytes = 5_000_000;
    private int maxOrphansPerSource = 25;
    private int maxOrphanSize = 100_000;
    private Duration orphanExpiry = Duration.ofMinutes(20);
    private int maxRecentRejects = 50_000;
    private int maxReorgTransactions = 10_000;
    private long maxReorgBytes = 20_000_000;
    private int maxPendingBlocks = 1_000;
    private long maxPendingBlockBytes = 64_000_000;
    private long journalCompactionBytes = 8L << 20;

    private Builder() {}

    /** Sets {@link MempoolPolicy#maxBytes()}. */
    public Builder maxBytes(long value) {
      checkArgument(value > 0, "maxBytes must be positive: %s", value);
      maxBytes = value;
      return this;
    }

    /** Sets {@link MempoolPolicy#expiry()}. */
    public Builder expiry(Duration value) {
      checkArgument(!value.isNegative() && !value.isZero(), "expiry must be positive: %s", value);
      expiry = value;
      return this;
    }

    /** Sets {@link MempoolPolicy#maxTransactionSize()}. */
    public Builder maxTransactionSize(int value) {
      checkArgument(value > 0, "maxTransactionSize must be positive: %s", value);
      maxTransactionSize = value;
      return this;
    }

    /** Sets the ancestor limits (count includes the transaction itself). */
    public Builder ancestorLimits(int count, long bytes) {
      checkArgument(count > 0 && bytes > 0, "ancestor limits must be positive: %s %s", count, bytes);
      maxAncestorCount = count;
      maxAncestorBytes = bytes;
      return this;
    }

    /** Sets the descendant limits (count includes the transaction itself). */
    public Builder descendantLimits(int count, long bytes) {
      checkArgument(
          count > 0 && bytes > 0, "descendant limits must be positive: %s %s", count, bytes);
      maxDescendantCount = count;
      maxDescendantBytes = bytes;
      return this;
    }

    /** Sets {@link MempoolPolicy#maxReplacements()}. */
    public Builder maxReplacements(int value) {
      checkArgument(value > 0, "maxReplacements must be positive: %s", value);
      maxReplacements = value;
      return this;
    }

    /** Sets {@link MempoolPolicy#minRelayFeeRate()}. */
    public Builder minRelayFeeRate(FeeRate value) {
      minRelayFeeRate = requireNonNull(value, "minRelayFeeRate");
      return this;
    }

    /** Sets {@link MempoolPolicy#incrementalRelayFeeRate()}. */
    public Builder incrementalRelayFeeRate(FeeRate value) {
      incrementalRelayFeeRate = requireNonNull(value, "incrementalRelayFeeRate");
      return this;
    }

    /** Sets {@link MempoolPolicy#dustRelayFeeRate()}. */
    public Builder dustRelayFeeRate(FeeRate value) {
      dustRelayFeeRate = requireNonNull(value, "dustRelayFeeRate");
      return this;
    }

    /** Sets {@link MempoolPolicy#rollingFeeHalfLife()}. */
    public Builder rollingFeeHalfLife(Duration value) {
      checkArgument(!value.isNegative() && !value.isZero(), "half-life must be positive: %s", value);
      rollingFeeHalfLife = value;
      return this;
    }

    /** Sets the orphan limits. */
    public Builder orphanLimits(
        int count, long bytes, int perSource, int maxSize, Duration expiryTime) {
      checkArgument(count > 0 && bytes > 0 && perSource > 0 && maxSize > 0, "orphan limits > 0");
      checkArgument(!expiryTime.isNegative() && !expiryTime.isZero(), "orphan expiry > 0");
      maxOrphans = count;
      maxOrphanBytes = bytes;
      maxOrphansPerSource = perSource;
      maxOrphanSize = maxSize;
      orphanExpiry = expiryTime;
      return this;
    }

    /** Sets {@link MempoolPolicy#maxRecentRejects()}. */
    public Builder maxRecentRejects(int value) {
      checkArgument(value > 0, "maxRecentRejects must be positive: %s", value);
      maxRecentRejects = value;
      return this;
    }

    /** Sets the bounds on transactions put back after a reorganisation. */
    public Builder reorgLimits(int transactions, long bytes) {
      checkArgument(transactions >= 0 && bytes >= 0, "reorg limits must not be negative");
      maxReorgTransactions = transactions;
      maxReorgBytes = bytes;
      return this;
    }

    /** Sets the bounds on chain events queued for the pool. */
    public Builder pendingBlockLimits(int blocks, long bytes) {
      checkArgument(blocks > 0 && bytes > 0, "pending block limits must be positive");
      maxPendingBlocks = blocks;
      maxPendingBlockBytes = bytes;
      return this;
    }

    /** Sets {@link MempoolPolicy#journalCompactionBytes()}. */
    public Builder journalCompactionBytes(long value) {
      checkArgument(value > 0, "journalCompactionBytes must be positive: %s", value);
      journalCompactionBytes = value;
      return this;
    }

    /** Builds the policy. */
    public MempoolPolicy build() {
      return new MempoolPolicy(this);
    }
  }
}
