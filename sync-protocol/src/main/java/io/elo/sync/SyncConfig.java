package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The limits and timeouts of the chain protocol, immutable; {@link #defaults()} gives the values
 * docs/protocol.md ("Chain protocol") lists, and {@link #toBuilder()} changes some of them.
 */
public final class SyncConfig {
  private static final SyncConfig DEFAULTS = new Builder().build();

  private final int downloadWindow;
  private final int maxBlocksInFlightPerPeer;
  private final Duration stallTimeoutMin;
  private final Duration stallTimeoutMax;
  private final Duration blockRequestTimeout;
  private final Duration headersRequestTimeout;
  private final int lowWorkHeaderBlocks;
  private final int writerQueueJobs;
  private final long writerQueueBytes;
  private final int unrequestedBlockBurst;
  private final Duration unrequestedBlockRefill;
  private final Duration tickInterval;
  private final CompactBlockConfig compactBlocks;

  private SyncConfig(Builder b) {
    this.downloadWindow = b.downloadWindow;
    this.maxBlocksInFlightPerPeer = b.maxBlocksInFlightPerPeer;
    this.stallTimeoutMin = b.stallTimeoutMin;
    this.stallTimeoutMax = b.stallTimeoutMax;
    this.blockRequestTimeout = b.blockRequestTimeout;
    this.headersRequestTimeout = b.headersRequestTimeout;
    this.lowWorkHeaderBlocks = b.lowWorkHeaderBlocks;
    this.writerQueueJobs = b.writerQueueJobs;
    this.writerQueueBytes = b.writerQueueBytes;
    this.unrequestedBlockBurst = b.unrequestedBlockBurst;
    this.unrequestedBlockRefill = b.unrequestedBlockRefill;
    this.tickInterval = b.tickInterval;
    this.compactBlocks = b.compactBlocks;
  }

  /** The default limits. */
  public static SyncConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.downloadWindow = downloadWindow;
    b.maxBlocksInFlightPerPeer = maxBlocksInFlightPerPeer;
    b.stallTimeoutMin = stallTimeoutMin;
    b.stallTimeoutMax = stallTimeoutMax;
    b.blockRequestTimeout = blockRequestTimeout;
    b.headersRequestTimeout = headersRequestTimeout;
    b.lowWorkHeaderBlocks = lowWorkHeaderBlocks;
    b.writerQueueJobs = writerQueueJobs;
    b.writerQueueBytes = writerQueueBytes;
    b.unrequestedBlockBurst = unrequestedBlockBurst;
    b.unrequestedBlockRefill = unrequestedBlockRefill;
    b.tickInterval = tickInterval;
    b.compactBlocks = compactBlocks;
    return b;
  }

  /** Blocks past the last connected one that may be requested (default 1,024). */
  public int downloadWindow() {
    return downloadWindow;
  }

  /** Blocks requested from one peer and not yet received (default 16). */
  public int maxBlocksInFlightPerPeer() {
    return maxBlocksInFlightPerPeer;
  }

  /** Starting (and lowest) stall timeout (default 2 s). */
  public Duration stallTimeoutMin() {
    return stallTimeoutMin;
  }

  /** Highest stall timeout, reached by doubling after each stall (default 64 s). */
  public Duration stallTimeoutMax() {
    return stallTimeoutMax;
  }

  /** A block request unanswered this long disconnects the peer (default 60 s). */
  public Duration blockRequestTimeout() {
    return blockRequestTimeout;
  }

  /** A headers request unanswered this long disconnects the peer (default 60 s). */
  public Duration headersRequestTimeout() {
    return headersRequestTimeout;
  }

  /**
   * Header chains are stored only when their work reaches the tip's work minus this many blocks'
   * work (or the chain's minimum work, if higher); lighter ones are checked in bounded memory and
   * dropped (default 144).
   */
  public int lowWorkHeaderBlocks() {
    return lowWorkHeaderBlocks;
  }

  /** Most submissions waiting for the chain writer (default 1,024). */
  public int writerQueueJobs() {
    return writerQueueJobs;
  }

  /** Most bytes of blocks and headers waiting for the chain writer (default 256 MiB). */
  public long writerQueueBytes() {
    return writerQueueBytes;
  }

  /** Unrequested blocks a peer may push in a burst (default 8). */
  public int unrequestedBlockBurst() {
    return unrequestedBlockBurst;
  }

  /** Time to earn back one unrequested block of the burst (default 10 s). */
  public Duration unrequestedBlockRefill() {
    return unrequestedBlockRefill;
  }

  /** Interval of the timer that checks timeouts and stalls (default 500 ms). */
  public Duration tickInterval() {
    return tickInterval;
  }

  /** The limits of compact block relay (default {@link CompactBlockConfig#defaults()}). */
  public CompactBlockConfig compactBlocks() {
    return compactBlocks;
  }

  @Override
  public String toString() {
    return "SyncConfig{window="
        + downloadWindow
        + ", inFlightPerPeer="
        + maxBlocksInFlightPerPeer
        + ", stall="
        + stallTimeoutMin
        + ".."
        + stallTimeoutMax
        + ", lowWorkHeaderBlocks="
        + lowWorkHeaderBlocks
        + "}";
  }

  /** Builds a {@link SyncConfig}; not thread-safe. */
  public static final class Builder {
    private int downloadWindow = 1024;
    private int maxBlocksInFlightPerPeer = 16;
    private Duration stallTimeoutMin = Duration.ofSeconds(2);
    private Duration stallTimeoutMax = Duration.ofSeconds(64);
    private Duration blockRequestTimeout = Duration.ofSeconds(60);
    private Duration headersRequestTimeout = Duration.ofSeconds(60);
    private int lowWorkHeaderBlocks = 144;
    private int writerQueueJobs = 1024;
    private long writerQueueBytes = 256L << 20;
    private int unrequestedBlockBurst = 8;
    private Duration unrequestedBlockRefill = Duration.ofSeconds(10);
    private Duration tickInterval = Duration.ofMillis(500);
    private CompactBlockConfig compactBlocks = CompactBlockConfig.defaults();

    private Builder() {}

    /** See {@link SyncConfig#downloadWindow()}. */
    public Builder downloadWindow(int value) {
      checkArgument(value >= 16, "downloadWindow must be at least 16: %s", value);
      this.downloadWindow = value;
      return this;
    }

    /** See {@link SyncConfig#maxBlocksInFlightPerPeer()}; at most 16 (the GetBlocks limit). */
    public Builder maxBlocksInFlightPerPeer(int value) {
      checkArgument(value >= 1 && value <= 16, "maxBlocksInFlightPerPeer in 1..16: %s", value);
      this.maxBlocksInFlightPerPeer = value;
      return this;
    }

    /** See {@link SyncConfig#stallTimeoutMin()} and {@link SyncConfig#stallTimeoutMax()}. */
    public Builder stallTimeout(Duration min, Duration max) {
      checkArgument(positive(min) && max.compareTo(min) >= 0, "need 0 < min <= max");
      this.stallTimeoutMin = min;
      this.stallTimeoutMax = max;
      return this;
    }

    /** See {@link SyncConfig#blockRequestTimeout()}. */
    public Builder blockRequestTimeout(Duration value) {
      checkArgument(positive(value), "blockRequestTimeout must be positive");
      this.blockRequestTimeout = value;
      return this;
    }

    /** See {@link SyncConfig#headersRequestTimeout()}. */
    public Builder headersRequestTimeout(Duration value) {
      checkArgument(positive(value), "headersRequestTimeout must be positive");
      this.headersRequestTimeout = value;
      return this;
    }

    /** See {@link SyncConfig#lowWorkHeaderBlocks()}. */
    public Builder lowWorkHeaderBlocks(int value) {
      checkArgument(value >= 0, "lowWorkHeaderBlocks must be >= 0: %s", value);
      this.lowWorkHeaderBlocks = value;
      return this;
    }

    /** See {@link SyncConfig#writerQueueJobs()} and {@link SyncConfig#writerQueueBytes()}. */
    public Builder writerQueue(int jobs, long bytes) {
      checkArgument(jobs > 0 && bytes > 0, "writer queue bounds must be positive");
      this.writerQueueJobs = jobs;
      this.writerQueueBytes = bytes;
      return this;
    }

    /** See {@link SyncConfig#unrequestedBlockBurst()} and {@link #unrequestedBlockRefill}. */
    public Builder unrequestedBlocks(int burst, Duration refill) {
      checkArgument(burst > 0 && positive(refill), "burst and refill must be positive");
      this.unrequestedBlockBurst = burst;
      this.unrequestedBlockRefill = refill;
      return this;
    }

    /** See {@link SyncConfig#tickInterval()}. */
    public Builder tickInterval(Duration value) {
      checkArgument(positive(value), "tickInterval must be positive");
      this.tickInterval = value;
      return this;
    }

    /** See {@link SyncConfig#compactBlocks()}. */
    public Builder compactBlocks(CompactBlockConfig value) {
      this.compactBlocks = requireNonNull(value, "compactBlocks");
      return this;
    }

    /** Builds the configuration. */
    public SyncConfig build() {
      return new SyncConfig(this);
    }

    private static boolean positive(Duration d) {
      requireNonNull(d, "duration");
      return !d.isNegative() && !d.isZero();
    }
  }
}
