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
  private final Duration txAnnounceIntervalInbound;
  private final Duration txAnnounceIntervalOutbound;
  private final int txAnnounceBatch;
  private final int txAnnounceQueue;
  private final int txKnownInventory;
  private final Duration txRequestTimeout;
  private final int txMaxAnnouncementsPerPeer;
  private final int txRequestWindowFloor;
  private final double txFloodRate;
  private final int txFloodBurst;
  private final int unrequestedTxBurst;
  private final Duration unrequestedTxRefill;
  private final int txAdmissionQueueJobs;
  private final long txAdmissionQueueBytes;
  private final RequestLimits requestLimits;
  private final int peerInboxMessages;
  private final long peerInboxBytes;

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
    this.txAnnounceIntervalInbound = b.txAnnounceIntervalInbound;
    this.txAnnounceIntervalOutbound = b.txAnnounceIntervalOutbound;
    this.txAnnounceBatch = b.txAnnounceBatch;
    this.txAnnounceQueue = b.txAnnounceQueue;
    this.txKnownInventory = b.txKnownInventory;
    this.txRequestTimeout = b.txRequestTimeout;
    this.txMaxAnnouncementsPerPeer = b.txMaxAnnouncementsPerPeer;
    this.txRequestWindowFloor = b.txRequestWindowFloor;
    this.txFloodRate = b.txFloodRate;
    this.txFloodBurst = b.txFloodBurst;
    this.unrequestedTxBurst = b.unrequestedTxBurst;
    this.unrequestedTxRefill = b.unrequestedTxRefill;
    this.txAdmissionQueueJobs = b.txAdmissionQueueJobs;
    this.txAdmissionQueueBytes = b.txAdmissionQueueBytes;
    this.requestLimits = b.requestLimits;
    this.peerInboxMessages = b.peerInboxMessages;
    this.peerInboxBytes = b.peerInboxBytes;
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
    b.txAnnounceIntervalInbound = txAnnounceIntervalInbound;
    b.txAnnounceIntervalOutbound = txAnnounceIntervalOutbound;
    b.txAnnounceBatch = txAnnounceBatch;
    b.txAnnounceQueue = txAnnounceQueue;
    b.txKnownInventory = txKnownInventory;
    b.txRequestTimeout = txRequestTimeout;
    b.txMaxAnnouncementsPerPeer = txMaxAnnouncementsPerPeer;
    b.txRequestWindowFloor = txRequestWindowFloor;
    b.txFloodRate = txFloodRate;
    b.txFloodBurst = txFloodBurst;
    b.unrequestedTxBurst = unrequestedTxBurst;
    b.unrequestedTxRefill = unrequestedTxRefill;
    b.txAdmissionQueueJobs = txAdmissionQueueJobs;
    b.txAdmissionQueueBytes = txAdmissionQueueBytes;
    b.requestLimits = requestLimits;
    b.peerInboxMessages = peerInboxMessages;
    b.peerInboxBytes = peerInboxBytes;
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

  /**
   * Mean of the exponentially distributed (Poisson) delay between transaction announcements to
   * one outbound peer (default 250 ms). Bitcoin Core uses 2 s (5 s inbound) for 10-minute blocks;
   * Elo's chains space blocks seconds apart (regtest 10 s, devnet 5 s), so a transaction must
   * cross the network well within one spacing to be mined in the next block: at these means a
   * 4-hop path adds about 1-2 s, while the randomised timing still hides which peer announced
   * first.
   */
  public Duration txAnnounceIntervalOutbound() {
    return txAnnounceIntervalOutbound;
  }

  /**
   * Mean Poisson delay between announcements to inbound peers (default 500 ms), shared by all
   * inbound peers (one timer) so a spy gains nothing from opening many connections; twice the
   * outbound mean, as in Bitcoin Core.
   */
  public Duration txAnnounceIntervalInbound() {
    return txAnnounceIntervalInbound;
  }

  /**
   * Most wtxids in one InvTx message (default 1,000, the InvTx limit); a flush that may announce
   * more sends several. What a flush announces is a per-peer allowance: it refills at 0.8 x
   * {@link #txFloodRate()} (800 per second by default) up to 0.8 x {@link #txFloodBurst()}, so a
   * peer applying the same flood limit never throttles us, and a faster flood limit announces
   * more per flush, never sooner.
   */
  public int txAnnounceBatch() {
    return txAnnounceBatch;
  }

  /**
   * Most wtxids waiting to be announced to one peer (default 50,000), including the mempool
   * announced to a new peer; newer ones are dropped at the bound.
   */
  public int txAnnounceQueue() {
    return txAnnounceQueue;
  }

  /**
   * Size of each peer's known-inventory set (default 50,000): wtxids the peer announced, sent or
   * was sent, never announced to it again; the oldest is evicted at the bound.
   */
  public int txKnownInventory() {
    return txKnownInventory;
  }

  /**
   * A transaction request unanswered this long is asked from another announcer (default 3 s:
   * many round trips, well under a block spacing); the peer is not penalised.
   */
  public Duration txRequestTimeout() {
    return txRequestTimeout;
  }

  /** Announcements tracked per peer (default 5,000); further ones are ignored. */
  public int txMaxAnnouncementsPerPeer() {
    return txMaxAnnouncementsPerPeer;
  }

  /**
   * The smallest (and starting) transaction request window of a peer (default 100): requests in
   * flight to it, more wait. The window grows by one per answer that comes back within the round
   * trip while requests wait, halves on a timeout, and never passes {@link
   * #txRequestWindowCeiling()} (docs/protocol.md, "Transaction relay").
   */
  public int txRequestWindowFloor() {
    return txRequestWindowFloor;
  }

  /**
   * The largest transaction request window of a peer: the flood limit's burst (more than a peer
   * may announce at once is never needed), at least the floor.
   */
  public int txRequestWindowCeiling() {
    return Math.max(txRequestWindowFloor, txFloodBurst);
  }

  /**
   * Sustained rate of announced wtxids plus unrequested transactions a peer may send, per second
   * (default 1,000); see {@link #txFloodBurst()}.
   */
  public double txFloodRate() {
    return txFloodRate;
  }

  /**
   * Burst of the flood limit (default 5,000). Beyond the limit items are dropped (not requested)
   * and the first drop of a run reports {@code MINOR}; a second bucket of the same size counts the
   * drops and, when empty, the peer is disconnected with {@code MISBEHAVIOUR}.
   */
  public int txFloodBurst() {
    return txFloodBurst;
  }

  /** Unrequested transactions a peer may push in a burst (default 16). */
  public int unrequestedTxBurst() {
    return unrequestedTxBurst;
  }

  /** Time to earn back one unrequested transaction of the burst (default 1 s). */
  public Duration unrequestedTxRefill() {
    return unrequestedTxRefill;
  }

  /** Most received transactions being admitted to the mempool at once (default 1,000). */
  public int txAdmissionQueueJobs() {
    return txAdmissionQueueJobs;
  }

  /** Most bytes of received transactions being admitted (default 32 MiB). */
  public long txAdmissionQueueBytes() {
    return txAdmissionQueueBytes;
  }

  /**
   * The per-peer budgets for requests served to peers (default {@link RequestLimits#defaults()};
   * static peers are exempt).
   */
  public RequestLimits requestLimits() {
    return requestLimits;
  }

  /**
   * Most decoded messages of one peer waiting for the protocol thread (default 4,096). At the
   * bound (or {@link #peerInboxBytes()}) the peer is disconnected: the p2p layer cannot pause a
   * connection's reads yet. Honest peers stay far below: what they send unasked is bounded by the
   * flood limits, the rest by our request windows.
   */
  public int peerInboxMessages() {
    return peerInboxMessages;
  }

  /** Most bytes of one peer's messages waiting for the protocol thread (default 64 MiB). */
  public long peerInboxBytes() {
    return peerInboxBytes;
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
        + ", txAnnounce="
        + txAnnounceIntervalOutbound
        + "/"
        + txAnnounceIntervalInbound
        + ", txRequestTimeout="
        + txRequestTimeout
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
    private Duration txAnnounceIntervalInbound = Duration.ofMillis(500);
    private Duration txAnnounceIntervalOutbound = Duration.ofMillis(250);
    private int txAnnounceBatch = 1_000;
    private int txAnnounceQueue = 50_000;
    private int txKnownInventory = 50_000;
    private Duration txRequestTimeout = Duration.ofSeconds(3);
    private int txMaxAnnouncementsPerPeer = 5_000;
    private int txRequestWindowFloor = 100;
    private double txFloodRate = 1_000;
    private int txFloodBurst = 5_000;
    private int unrequestedTxBurst = 16;
    private Duration unrequestedTxRefill = Duration.ofSeconds(1);
    private int txAdmissionQueueJobs = 1_000;
    private long txAdmissionQueueBytes = 32L << 20;
    private RequestLimits requestLimits = RequestLimits.defaults();
    private int peerInboxMessages = 4096;
    private long peerInboxBytes = 64L << 20;

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

    /**
     * See {@link SyncConfig#txAnnounceIntervalInbound()} and {@link
     * SyncConfig#txAnnounceIntervalOutbound()}.
     */
    public Builder txAnnounceInterval(Duration inbound, Duration outbound) {
      checkArgument(positive(inbound) && positive(outbound), "intervals must be positive");
      this.txAnnounceIntervalInbound = inbound;
      this.txAnnounceIntervalOutbound = outbound;
      return this;
    }

    /** See {@link SyncConfig#txAnnounceBatch()}; 1..1,000. */
    public Builder txAnnounceBatch(int value) {
      checkArgument(value >= 1 && value <= 1000, "txAnnounceBatch in 1..1000: %s", value);
      this.txAnnounceBatch = value;
      return this;
    }

    /** See {@link SyncConfig#txAnnounceQueue()}. */
    public Builder txAnnounceQueue(int value) {
      checkArgument(value > 0, "txAnnounceQueue must be positive: %s", value);
      this.txAnnounceQueue = value;
      return this;
    }

    /** See {@link SyncConfig#txKnownInventory()}. */
    public Builder txKnownInventory(int value) {
      checkArgument(value > 0, "txKnownInventory must be positive: %s", value);
      this.txKnownInventory = value;
      return this;
    }

    /** See {@link SyncConfig#txRequestTimeout()}. */
    public Builder txRequestTimeout(Duration value) {
      checkArgument(positive(value), "txRequestTimeout must be positive");
      this.txRequestTimeout = value;
      return this;
    }

    /**
     * See {@link SyncConfig#txMaxAnnouncementsPerPeer()} and {@link
     * SyncConfig#txRequestWindowFloor()} (at least 1).
     */
    public Builder txRequests(int maxAnnouncementsPerPeer, int windowFloor) {
      checkArgument(maxAnnouncementsPerPeer > 0, "announcement bound must be positive");
      checkArgument(windowFloor >= 1, "request window floor must be positive: %s", windowFloor);
      this.txMaxAnnouncementsPerPeer = maxAnnouncementsPerPeer;
      this.txRequestWindowFloor = windowFloor;
      return this;
    }

    /** See {@link SyncConfig#txFloodRate()} and {@link SyncConfig#txFloodBurst()}. */
    public Builder txFlood(double perSecond, int burst) {
      checkArgument(perSecond > 0 && Double.isFinite(perSecond), "rate must be positive");
      checkArgument(burst >= 1, "burst must be positive: %s", burst);
      this.txFloodRate = perSecond;
      this.txFloodBurst = burst;
      return this;
    }

    /** See {@link SyncConfig#unrequestedTxBurst()} and {@link SyncConfig#unrequestedTxRefill()}. */
    public Builder unrequestedTxs(int burst, Duration refill) {
      checkArgument(burst > 0 && positive(refill), "burst and refill must be positive");
      this.unrequestedTxBurst = burst;
      this.unrequestedTxRefill = refill;
      return this;
    }

    /**
     * See {@link SyncConfig#txAdmissionQueueJobs()} and {@link
     * SyncConfig#txAdmissionQueueBytes()}.
     */
    public Builder txAdmissionQueue(int jobs, long bytes) {
      checkArgument(jobs > 0 && bytes > 0, "admission queue bounds must be positive");
      this.txAdmissionQueueJobs = jobs;
      this.txAdmissionQueueBytes = bytes;
      return this;
    }

    /** See {@link SyncConfig#peerInboxMessages()} and {@link SyncConfig#peerInboxBytes()}. */
    public Builder peerInbox(int messages, long bytes) {
      checkArgument(messages > 0 && bytes > 0, "inbox bounds must be positive");
      this.peerInboxMessages = messages;
      this.peerInboxBytes = bytes;
      return this;
    }

    /** See {@link SyncConfig#requestLimits()}. */
    public Builder requestLimits(RequestLimits value) {
      this.requestLimits = requireNonNull(value, "requestLimits");
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
