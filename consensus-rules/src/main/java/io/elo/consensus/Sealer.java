package io.elo.consensus;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.crypto.PrivateKey;
import io.elo.crypto.PublicKey;
import io.elo.model.Address;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.Transaction;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A proof-of-authority block producer for one authority key.
 *
 * <p>On {@link #start()} and every {@link #onNewTip()} it looks at the tip: if the key may seal the
 * next block (it is an authority and did not seal any of the last {@code floor(N/2)} blocks), it
 * schedules a seal on the injected scheduler. In turn, the seal is due at parent time plus the
 * spacing; out of turn, half a spacing later plus a random jitter below half a spacing from the
 * injected random source, so the in-turn signer normally wins and out-of-turn signers rarely
 * collide. A seal whose tip changed meanwhile is dropped. The block's timestamp is {@code
 * max(parent time + spacing, now, MTP + 1)}; its bits are 2 in turn, 1 out of turn.
 */
public final class Sealer implements BlockProducer {
  private final ChainParams params;
  private final ProofOfAuthority rules;
  private final PrivateKey key;
  private final PublicKey signer;
  private final TipSource tips;
  private final TemplateSource templates;
  private final BlockSink sink;
  private final Address payTo;
  private final InstantSource clock;
  private final ScheduledExecutorService scheduler;
  private final RandomGenerator random;

  private final AtomicLong blocksProduced = new AtomicLong();
  private boolean running;
  private long generation;
  private ScheduledFuture<?> pending;

  private Sealer(Builder b) {
    this.params = b.params;
    this.rules = ProofOfAuthority.of(b.params);
    this.key = b.key;
    this.signer = b.key.publicKey();
    this.tips = b.tips;
    this.templates = b.templates;
    this.sink = b.sink;
    this.payTo = b.payTo;
    this.clock = b.clock;
    this.scheduler = b.scheduler;
    this.random = b.random;
  }

  /**
   * Returns a builder for a sealer on a proof-of-authority chain.
   *
   * @throws IllegalArgumentException if {@code params} is not a proof-of-authority chain or {@code
   *     key} is not one of its authorities
   */
  public static Builder builder(ChainParams params, PrivateKey key) {
    ProofOfAuthority rules = ProofOfAuthority.of(params);
    checkArgument(rules.isAuthority(key.publicKey()), "not an authority of %s", params.name());
    return new Builder(params, key);
  }

  @Override
  public synchronized void start() {
    checkState(!running, "already running");
    running = true;
    scheduleNext();
  }

  @Override
  public synchronized void stop() {
    running = false;
    cancelPending();
  }

  @Override
  public synchronized boolean isRunning() {
    return running;
  }

  @Override
  public synchronized void onNewTip() {
    if (running) {
      scheduleNext();
    }
  }

  @Override
  public long blocksProduced() {
    return blocksProduced.get();
  }

  /** The authority key this sealer signs with. */
  public PublicKey signer() {
    return signer;
  }

  private void scheduleNext() {
    cancelPending();
    long gen = ++generation;
    HeaderChain tip = tips.tip();
    if (!rules.maySeal(signer, tip)) {
      return; // sealed too recently: wait for the next tip
    }
    long spacingMillis = params.targetSpacing().toMillis();
    long dueMillis = (tip.header().timestamp() * 1000) + spacingMillis;
    if (!rules.isInTurn(signer, tip.height().next())) {
      long half = Math.max(1, spacingMillis / 2);
      dueMillis += half + random.nextLong(half);
    }
    long delay = Math.max(0, dueMillis - clock.millis());
    Hash parent = tip.hash();
    pending = scheduler.schedule(() -> seal(gen, parent), delay, TimeUnit.MILLISECONDS);
  }

  private void cancelPending() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  private void seal(long gen, Hash parentHash) {
    HeaderChain tip;
    synchronized (this) {
      if (!running || gen != generation) {
        return;
      }
      pending = null;
      tip = tips.tip();
      if (!tip.hash().equals(parentHash) || !rules.maySeal(signer, tip)) {
        return; // the tip moved without onNewTip; the next onNewTip reschedules
      }
    }
    // Built without this monitor: the template takes the mempool's lock, whose holder may wait
    // for the chain state, whose writer may be calling onNewTip (a three-thread deadlock, seen
    // in the split/rejoin harness).
    Block block = build(tip);
    synchronized (this) {
      if (!running || gen != generation) {
        return; // a new tip or a stop while building: this block is stale
      }
      blocksProduced.incrementAndGet();
    }
    try {
      sink.submit(block);
    } catch (RuntimeException e) {
      // The sink's failure is the sink's to report; the sealer keeps sealing on the next tip.
    }
  }

  private Block build(HeaderChain tip) {
    Height height = tip.height().next();
    BlockTemplate template = Candidates.template(params, templates);
    byte[] extra = ByteBuffer.allocate(8).putLong(blocksProduced.get()).array();
    List<Transaction> txs = Candidates.transactions(params, height, template, payTo, extra);
    long timestamp =
        Math.max(
            tip.header().timestamp() + params.targetSpacing().getSeconds(),
            Math.max(clock.instant().getEpochSecond(), Candidates.earliestTimestamp(tip)));
    BlockHeader header =
        BlockHeader.of(
            Candidates.VERSION,
            tip.hash(),
            Block.computeMerkleRoot(txs),
            timestamp,
            rules.bitsFor(signer, height),
            0);
    return Block.of(rules.seal(header, key), txs);
  }

  @Override
  public String toString() {
    return "Sealer{" + params.name() + ", signer=" + signer.toHex() + "}";
  }

  /** Builds a {@link Sealer}. */
  public static final class Builder {
    private final ChainParams params;
    private final PrivateKey key;
    private TipSource tips;
    private TemplateSource templates = TemplateSource.EMPTY;
    private BlockSink sink;
    private Address payTo;
    private InstantSource clock;
    private ScheduledExecutorService scheduler;
    private RandomGenerator random;

    private Builder(ChainParams params, PrivateKey key) {
      this.params = params;
      this.key = key;
    }

    /** Sets where the current tip comes from (required). */
    public Builder tips(TipSource value) {
      this.tips = requireNonNull(value);
      return this;
    }

    /** Sets where transactions come from (default {@link TemplateSource#EMPTY}). */
    public Builder templates(TemplateSource value) {
      this.templates = requireNonNull(value);
      return this;
    }

    /** Sets where sealed blocks go (required). */
    public Builder sink(BlockSink value) {
      this.sink = requireNonNull(value);
      return this;
    }

    /** Sets the address the coinbase pays (required). */
    public Builder payTo(Address value) {
      this.payTo = requireNonNull(value);
      return this;
    }

    /** Sets the clock for due times and timestamps (required). */
    public Builder clock(InstantSource value) {
      this.clock = requireNonNull(value);
      return this;
    }

    /** Sets the scheduler that runs seals (required; the caller owns and shuts it down). */
    public Builder scheduler(ScheduledExecutorService value) {
      this.scheduler = requireNonNull(value);
      return this;
    }

    /** Sets the random source of the out-of-turn jitter (required). */
    public Builder random(RandomGenerator value) {
      this.random = requireNonNull(value);
      return this;
    }

    /**
     * Returns the sealer, not yet started.
     *
     * @throws IllegalStateException if a required value is missing
     */
    public Sealer build() {
      checkState(tips != null, "tips not set");
      checkState(sink != null, "sink not set");
      checkState(payTo != null, "payTo not set");
      checkState(clock != null, "clock not set");
      checkState(scheduler != null, "scheduler not set");
      checkState(random != null, "random not set");
      return new Sealer(this);
    }
  }
}
