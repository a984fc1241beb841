package io.elo.sync;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.mempool.Mempool;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.p2p.NodeId;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.ProtocolId;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainListener;
import io.elo.validation.ChainState;
import io.elo.validation.ChainTip;
import io.elo.crypto.Hash;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The chain protocol {@value #NAME}/{@value #VERSION}: status exchange, headers-first sync with
 * anti-DoS presync, parallel block download from several peers, header announcement of new
 * blocks, and transaction relay by wtxid (batched Poisson announcements, one request per
 * transaction at a time, flood control, mempool exchange on connect). Requests peers make of us
 * are served under per-peer request limits ({@link SyncConfig#requestLimits()}). Register it on a
 * {@link PeerNetwork} with {@link #register}; docs/protocol.md ("Chain protocol") specifies the
 * messages, limits, timeouts and penalties.
 *
 * <p>Threading (docs/architecture.md, "Data path"): network callbacks run on transport threads (or
 * a simulated scheduler); they decode each message once into an immutable record and hand it to
 * the protocol thread through a bounded per-peer inbox. The protocol thread (a serial loop on the
 * {@code scheduler}) is the only owner of the protocol's state and takes no lock. Blocks and
 * headers go through a bounded queue to a single chain writer (the {@code writer} executor), so
 * validation never blocks the network and the writer never waits on it; received transactions
 * are admitted to the mempool on the worker pool, several at once, bounded. Results come back to
 * the protocol thread as posted tasks. Status queries read snapshots the protocol thread
 * publishes.
 */
public final class ChainProtocol implements AutoCloseable {
  /** The protocol name on the peer network. */
  public static final String NAME = "elo-chain";
  /** The protocol version. */
  public static final int VERSION = 1;
  /** The protocol id, {@code elo-chain/1}. */
  public static final ProtocolId ID = ProtocolId.of(NAME, VERSION);

  private final SyncContext ctx;
  private final BlockDownload download;
  private final HeaderSync headers;
  private final TxRelay relay;
  private final RequestThrottle throttle;
  private final MessageHandler handler;
  private final CompactBlocks compact;
  private final AtomicBoolean announcePending = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ChainListener chainListener =
      new ChainListener() {
        @Override
        public void blockConnected(Block block, Height height) {
          compact.relay.remember(block); // for GetBlockTxn and high-bandwidth pushes
        }

        @Override
        public void tipChanged(ChainTip tip) {
          scheduleAnnouncement();
        }
      };
  /** What the protocol thread published after its last turn, for other threads. */
  private volatile Snapshot snapshot;
  private ScheduledFuture<?> timer;

  /** The protocol thread's state as other threads may read it. */
  private record Snapshot(
      ChainTip bestHeader,
      int inFlight,
      int peers,
      int presyncing,
      int presyncHeld,
      TxRelayStatus relay,
      CompactBlockStats compact) {}

  private ChainProtocol(Builder b) {
    WriterQueue writer =
        new WriterQueue(
            b.writer, b.config.writerQueueJobs(), b.config.writerQueueBytes(), b.onFatalError);
    ProtocolLoop loop = new ProtocolLoop(b.scheduler);
    Executor workers = b.relayExecutor != null ? b.relayExecutor : b.writer;
    SecureRandom secure = b.secureRandom != null ? b.secureRandom : newDrbg();
    this.ctx =
        new SyncContext(
            b.chainState, b.mempool, b.config, b.clock, b.random, secure, writer, workers, loop);
    this.download = new BlockDownload(ctx, this::onLoop);
    this.headers = new HeaderSync(ctx, download, this::onLoop);
    download.setHeaderSync(headers);
    this.compact = new CompactBlocks(ctx, download, headers);
    download.setCompactBlocks(compact);
    this.throttle =
        new RequestThrottle(
            b.config.requestLimits(),
            b.clock,
            b.scheduler,
            b.servingExecutor != null ? b.servingExecutor : b.scheduler);
    this.relay = new TxRelay(ctx, throttle, this::onLoop, compact::rememberExtra);
    PeerEvents events =
        new PeerEvents(ctx, headers, download, compact, relay, b.announced);
    this.handler = new MessageHandler(ctx, events, compact, throttle);
    this.snapshot = takeSnapshot();
    loop.afterTurn(
        () -> {
          // The turn's answers freed request slots: one refill per turn, not per message.
          download.afterTurn(ctx.out);
          relay.afterTurn(ctx.out);
          snapshot = takeSnapshot();
        });
  }

  /** A per-node DRBG seeded from the operating system: no JVM-wide lock (NativePRNG has one). */
  static SecureRandom newDrbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no DRBG SecureRandom in this JVM", e);
    }
  }

  /** A builder for the protocol over {@code chainState}. */
  public static Builder builder(ChainState chainState) {
    return new Builder(chainState);
  }

  /**
   * Registers the protocol on {@code network}, listens to the chain state for new tips and starts
   * the timer. Call once, before the network connects peers.
   *
   * @throws IllegalStateException if already registered or closed
   */
  public void register(PeerNetwork network) {
    checkState(!closed.get(), "closed");
    checkState(started.compareAndSet(false, true), "already registered");
    ctx.chain.addListener(chainListener);
    ctx.mempool.addListener(compact.mempoolListener);
    ctx.mempool.addListener(relay.mempoolListener);
    network.registerProtocol(ID, handler);
    timer = ctx.loop.every(this::tick, ctx.config.tickInterval().toMillis());
  }

  /**
   * Submits a block of the local node (from a block producer or the application) through the chain
   * writer; the future completes with the chain state's answer on the writer thread. New tips are
   * announced to peers.
   */
  public CompletableFuture<BlockSubmitResult> submitBlock(Block block) {
    requireNonNull(block, "block");
    CompletableFuture<BlockSubmitResult> result = new CompletableFuture<>();
    if (closed.get()) {
      result.completeExceptionally(new IllegalStateException("chain protocol closed"));
      return result;
    }
    download.submitLocal(block, result);
    return result;
  }

  /**
   * A snapshot of the sync progress: the tip now, the rest as the protocol thread published it
   * after its last turn. Never blocks.
   */
  public SyncStatus status() {
    Snapshot s = snapshot;
    ChainTip tip = ctx.chain.tip();
    ChainTip best = tip.work().isGreaterThan(s.bestHeader().work()) ? tip : s.bestHeader();
    return new SyncStatus(
        tip.hash(),
        tip.height(),
        best.hash(),
        best.height(),
        s.inFlight(),
        ctx.writer.size(),
        s.peers(),
        s.presyncing(),
        s.presyncHeld());
  }

  /** Counters of compact block relay since the protocol was built, as last published. */
  public CompactBlockStats compactBlockStats() {
    return snapshot.compact();
  }

  /** Messages and bytes received and sent per message kind, in message id order. */
  public List<ChainMessageStats> messageStats() {
    return ctx.counters.snapshot();
  }

  /**
   * Requests served to peers, throttled and refused under the request limits ({@link
   * SyncConfig#requestLimits()}), per kind, since the protocol was built.
   */
  public List<RequestLimitStats> requestLimitStats() {
    return throttle.stats();
  }

  /** The same counts for one connected peer, since it connected; empty if it is not connected. */
  public Optional<List<RequestLimitStats>> requestLimitStats(NodeId peer) {
    return throttle.stats(requireNonNull(peer, "peer"));
  }

  /** A snapshot of transaction relay, as the protocol thread last published it. */
  public TxRelayStatus relayStatus() {
    return snapshot.relay();
  }

  /** Stops the timer, stops listening to the chain and cancels queued writer work. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    ctx.chain.removeListener(chainListener);
    ctx.mempool.removeListener(compact.mempoolListener);
    ctx.mempool.removeListener(relay.mempoolListener);
    ctx.loop.close();
    relay.close();
    ctx.writer.close();
  }

  /** On the protocol thread. */
  private Snapshot takeSnapshot() {
    return new Snapshot(
        ctx.bestHeader(),
        download.inFlightCount(),
        ctx.peers.size(),
        headers.presyncingPeers(),
        headers.presyncHeadersHeld(),
        relay.status(),
        compact.stats());
  }

  private void scheduleAnnouncement() {
    if (!closed.get() && announcePending.compareAndSet(false, true)) {
      ctx.loop.execute(
          () -> {
            announcePending.set(false);
            relay.tipChanged();
            handler.events().announceTip(ctx.out);
          });
    }
  }

  private void tick() {
    if (closed.get()) {
      return;
    }
    Outbox out = ctx.out;
    headers.tick(out);
    compact.tick(out);
    download.tick(out);
    relay.tick(out);
  }

  /** Runs {@code action} on the protocol thread (posted behind what is queued there). */
  private void onLoop(Consumer<Outbox> action) {
    ctx.loop.execute(() -> action.accept(ctx.out));
  }

  /** Builds a {@link ChainProtocol}; not thread-safe. */
  public static final class Builder {
    private final ChainState chainState;
    private SyncConfig config = SyncConfig.defaults();
    private InstantSource clock;
    private ScheduledExecutorService scheduler;
    private Executor writer;
    private Executor relayExecutor;
    private Executor servingExecutor;
    private Random random;
    private SecureRandom secureRandom;
    private Consumer<Hash> announced = hash -> {};
    private Mempool mempool;
    private Consumer<Throwable> onFatalError = e -> {};

    private Builder(ChainState chainState) {
      this.chainState = requireNonNull(chainState, "chainState");
    }

    /** Sets the limits (default {@link SyncConfig#defaults()}). */
    public Builder config(SyncConfig value) {
      this.config = requireNonNull(value, "config");
      return this;
    }

    /** Sets the clock for timeouts (required). */
    public Builder clock(InstantSource value) {
      this.clock = requireNonNull(value, "clock");
      return this;
    }

    /** Sets the scheduler for the timer and announcements (required). */
    public Builder scheduler(ScheduledExecutorService value) {
      this.scheduler = requireNonNull(value, "scheduler");
      return this;
    }

    /**
     * Sets the chain writer's executor (required): every block and header submission runs on it,
     * one at a time. A dedicated thread in production, the simulated scheduler in tests.
     */
    public Builder writer(Executor value) {
      this.writer = requireNonNull(value, "writer");
      return this;
    }

    /**
     * Sets the worker pool: relayed transactions are admitted to the mempool on it, several at
     * once (bounded by {@link SyncConfig#txAdmissionQueueJobs()} and bytes); default the chain
     * writer's executor. The node passes its worker pool.
     */
    public Builder relayExecutor(Executor value) {
      this.relayExecutor = requireNonNull(value, "relayExecutor");
      return this;
    }

    /**
     * Sets the executor that serves requests which waited for their peer's request budget;
     * default the scheduler. The node passes its worker pool. Requests within the budget are
     * served at once on the thread that received them.
     */
    public Builder servingExecutor(Executor value) {
      this.servingExecutor = requireNonNull(value, "servingExecutor");
      return this;
    }

    /**
     * Sets the randomness for non-secret choices: relay timing, set salts, compact block nonces
     * (required). Seeded in a simulation, so a run replays bit for bit.
     */
    public Builder random(Random value) {
      this.random = requireNonNull(value, "random");
      return this;
    }

    /**
     * Sets the randomness for secrets (the salts of header presync commitments); default a new
     * DRBG {@link SecureRandom} of this protocol's own, seeded from the operating system.
     */
    public Builder secureRandom(SecureRandom value) {
      this.secureRandom = requireNonNull(value, "secureRandom");
      return this;
    }

    /**
     * Sets who hears of block announcements: called on the protocol thread with the hash of each
     * header a peer announces (a Headers message of at most 8 headers, or a compact block), every
     * time, before the block is checked. Must not block. Default: nobody.
     */
    public Builder blockAnnounced(Consumer<Hash> listener) {
      this.announced = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the mempool over the same chain state (required): transactions are relayed from and
     * into it, and compact blocks are rebuilt from it.
     */
    public Builder mempool(Mempool value) {
      this.mempool = requireNonNull(value, "mempool");
      return this;
    }

    /**
     * Sets who hears of an {@link Error} (an {@code OutOfMemoryError}, a {@code
     * StackOverflowError}) thrown by a job of the chain writer or of the transaction admission
     * queue: the queue is then closed, so the protocol accepts no more blocks or transactions, and
     * its owner should stop. Called once per queue, on the thread that ran the job. Default: the
     * error is only logged. Exceptions of a job are logged and do not stop the queue.
     */
    public Builder onFatalError(Consumer<? super Throwable> handler) {
      requireNonNull(handler, "handler");
      this.onFatalError = handler::accept;
      return this;
    }

    /**
     * Builds the protocol.
     *
     * @throws IllegalStateException if a required value is missing
     */
    public ChainProtocol build() {
      checkState(clock != null, "clock not set");
      checkState(scheduler != null, "scheduler not set");
      checkState(writer != null, "writer not set");
      checkState(random != null, "random not set");
      checkState(mempool != null, "mempool not set");
      return new ChainProtocol(this);
    }
  }
}
