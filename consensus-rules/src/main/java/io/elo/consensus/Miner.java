package io.elo.consensus;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.crypto.HeaderHasher;
import io.elo.model.Address;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.Transaction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A proof-of-work miner: N threads build candidates on the current tip and search nonces.
 *
 * <p>Each thread builds its own candidate: a coinbase at the next height paying subsidy plus the
 * template's fees to the payout address, with the thread index and an extra nonce in the coinbase
 * extra data; the Merkle root; timestamp {@code max(now, MTP + 1)}; bits from the consensus rules.
 * Threads split the 32-bit nonce space into disjoint ranges and hash with a SHA-256 midstate,
 * patching only the nonce. When a thread exhausts its range it builds a new candidate with a later
 * timestamp (at least one second more) and a new extra nonce. Every few thousand nonces a thread
 * checks a generation counter that {@link #onNewTip()} and {@link #stop()} bump, so work on an old
 * tip ends at once.
 */
public final class Miner implements BlockProducer {
  /** Nonces between checks of the generation counter. */
  private static final int CHECK_INTERVAL = 4096;

  private static final long NONCE_SPACE = 1L << 32;

  private final ChainParams params;
  private final ConsensusRules rules;
  private final TipSource tips;
  private final TemplateSource templates;
  private final BlockSink sink;
  private final Address payTo;
  private final int threadCount;
  private final InstantSource clock;
  private final ThreadFactory threadFactory;
  private final long nonceRange;
  private final Consumer<BlockHeader> candidateObserver;

  private final Object lock = new Object();
  private final AtomicLong generation = new AtomicLong();
  private final LongAdder hashes = new LongAdder();
  private final AtomicLong blocksProduced = new AtomicLong();
  private volatile boolean running;
  private List<Thread> threads = List.of();
  private long startMillis;
  private long hashesAtStart;

  private Miner(Builder b) {
    this.params = b.params;
    this.rules = ConsensusRules.forParams(b.params);
    this.tips = requireNonNull(b.tips, "tips");
    this.templates = b.templates;
    this.sink = requireNonNull(b.sink, "sink");
    this.payTo = requireNonNull(b.payTo, "payTo");
    this.threadCount = b.threads;
    this.clock = b.clock;
    this.threadFactory = b.threadFactory;
    this.nonceRange = b.nonceRange > 0 ? b.nonceRange : NONCE_SPACE / b.threads;
    this.candidateObserver = b.candidateObserver;
  }

  /**
   * Returns a builder for a miner on a proof-of-work chain.
   *
   * @throws IllegalArgumentException if {@code params} is not a proof-of-work chain
   */
  public static Builder builder(ChainParams params) {
    checkArgument(
        params.consensusKind() == ConsensusKind.PROOF_OF_WORK,
        "%s is not a proof-of-work chain",
        params.name());
    return new Builder(params);
  }

  @Override
  public void start() {
    synchronized (lock) {
      checkState(!running, "already running");
      running = true;
      generation.incrementAndGet();
      startMillis = clock.millis();
      hashesAtStart = hashes.sum();
      List<Thread> started = new ArrayList<>(threadCount);
      for (int i = 0; i < threadCount; i++) {
        int index = i;
        Thread t = threadFactory.newThread(() -> work(index));
        started.add(t);
      }
      threads = List.copyOf(started);
      threads.forEach(Thread::start);
    }
  }

  @Override
  public void stop() {
    List<Thread> toJoin;
    synchronized (lock) {
      running = false;
      generation.incrementAndGet();
      lock.notifyAll();
      toJoin = threads;
      threads = List.of();
    }
    for (Thread t : toJoin) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public void onNewTip() {
    synchronized (lock) {
      generation.incrementAndGet();
      lock.notifyAll();
    }
  }

  @Override
  public long blocksProduced() {
    return blocksProduced.get();
  }

  /** Total header hashes computed since creation. */
  public long hashes() {
    return hashes.sum();
  }

  /** Hashes per second since the last {@link #start()}, by the injected clock; 0 before any. */
  public double hashRate() {
    long elapsed;
    long count;
    synchronized (lock) {
      elapsed = clock.millis() - startMillis;
      count = hashes.sum() - hashesAtStart;
    }
    return elapsed <= 0 ? 0 : count * 1000.0 / elapsed;
  }

  private void work(int index) {
    long extraNonce = 0;
    long lastTimestamp = -1;
    Hash lastMinedParent = null;
    Hash lastParent = null;
    byte[] out = new byte[Hash.LENGTH];
    while (running) {
      long gen = generation.get();
      HeaderChain tip = tips.tip();
      if (tip.hash().equals(lastMinedParent)) {
        // Our block on this tip was submitted; wait for the owner to announce the new tip.
        awaitNewGeneration(gen);
        continue;
      }
      if (!tip.hash().equals(lastParent)) {
        lastParent = tip.hash();
        lastTimestamp = -1; // a new parent: no earlier candidate's timestamp to roll past
      }
      Height height = tip.height().next();
      BlockTemplate template = Candidates.template(params, templates);
      byte[] extra = ByteBuffer.allocate(12).putInt(index).putLong(extraNonce++).array();
      List<Transaction> txs = Candidates.transactions(params, height, template, payTo, extra);
      long timestamp =
          Math.max(
              Math.max(clock.instant().getEpochSecond(), Candidates.earliestTimestamp(tip)),
              lastTimestamp + 1);
      lastTimestamp = timestamp;
      int bits = rules.nextBits(tip);
      BlockHeader header =
          BlockHeader.of(
              Candidates.VERSION, tip.hash(), Block.computeMerkleRoot(txs), timestamp, bits, 0);
      candidateObserver.accept(header);
      Target target = Target.fromCompact(bits);
      long firstNonce = index * (NONCE_SPACE / threadCount);
      long found = search(header, target, firstNonce, gen, out);
      if (found >= 0) {
        Block block = Block.of(header.withNonce((int) found), txs);
        if (generation.get() == gen && running) {
          lastMinedParent = tip.hash();
          blocksProduced.incrementAndGet();
          sink.submit(block);
          synchronized (lock) {
            generation.incrementAndGet(); // the other threads drop their now-stale candidates
            lock.notifyAll();
          }
        }
      }
    }
  }

  /** Returns a nonce meeting {@code target}, or -1 when the range ends or the generation moves. */
  private long search(BlockHeader header, Target target, long firstNonce, long gen, byte[] out) {
    byte[] encoded = header.encode();
    HeaderHasher hasher = HeaderHasher.forPrefix(encoded);
    byte[] tail = new byte[encoded.length - HeaderHasher.PREFIX_LENGTH];
    System.arraycopy(encoded, HeaderHasher.PREFIX_LENGTH, tail, 0, tail.length);
    ByteBuffer nonceField = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
    int nonceOffset = BlockHeader.NONCE_OFFSET - HeaderHasher.PREFIX_LENGTH;
    long end = Math.min(firstNonce + nonceRange, NONCE_SPACE);
    long done = 0;
    for (long nonce = firstNonce; nonce < end; nonce++) {
      nonceField.putInt(nonceOffset, (int) nonce);
      hasher.hashWithTail(tail, out);
      if (target.isMetBy(out)) {
        hashes.add(done + 1);
        return nonce;
      }
      if (++done == CHECK_INTERVAL) {
        hashes.add(done);
        done = 0;
        if (generation.get() != gen || !running) {
          return -1;
        }
      }
    }
    hashes.add(done);
    return -1;
  }

  private void awaitNewGeneration(long gen) {
    synchronized (lock) {
      // Bounded wait: if the owner never calls onNewTip, re-read the tip now and then.
      if (running && generation.get() == gen) {
        try {
          lock.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Miner{" + params.name() + ", threads=" + threadCount + ", running=" + running + "}";
  }

  /** Builds a {@link Miner}. */
  public static final class Builder {
    private final ChainParams params;
    private TipSource tips;
    private TemplateSource templates = TemplateSource.EMPTY;
    private BlockSink sink;
    private Address payTo;
    private int threads = 1;
    private InstantSource clock;
    private ThreadFactory threadFactory;
    private long nonceRange;
    private Consumer<BlockHeader> candidateObserver = header -> {};

    private Builder(ChainParams params) {
      this.params = params;
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

    /** Sets where found blocks go (required). */
    public Builder sink(BlockSink value) {
      this.sink = requireNonNull(value);
      return this;
    }

    /** Sets the address the coinbase pays (required). */
    public Builder payTo(Address value) {
      this.payTo = requireNonNull(value);
      return this;
    }

    /** Sets the number of mining threads (default 1, at most 64). */
    public Builder threads(int value) {
      checkArgument(value >= 1 && value <= 64, "threads must be in [1, 64]: %s", value);
      this.threads = value;
      return this;
    }

    /** Sets the clock for timestamps and the hash rate (required). */
    public Builder clock(InstantSource value) {
      this.clock = requireNonNull(value);
      return this;
    }

    /** Sets the factory of mining threads (required; daemon threads recommended). */
    public Builder threadFactory(ThreadFactory value) {
      this.threadFactory = requireNonNull(value);
      return this;
    }

    /** Limits the nonces a thread tries per candidate; lets tests exhaust the range quickly. */
    Builder nonceRange(long value) {
      checkArgument(value > 0 && value <= NONCE_SPACE, "nonce range: %s", value);
      this.nonceRange = value;
      return this;
    }

    /** Observes every candidate header before its nonce search. */
    Builder candidateObserver(Consumer<BlockHeader> value) {
      this.candidateObserver = requireNonNull(value);
      return this;
    }

    /**
     * Returns the miner, not yet started.
     *
     * @throws IllegalStateException if a required value is missing
     */
    public Miner build() {
      checkState(tips != null, "tips not set");
      checkState(sink != null, "sink not set");
      checkState(payTo != null, "payTo not set");
      checkState(clock != null, "clock not set");
      checkState(threadFactory != null, "threadFactory not set");
      return new Miner(this);
    }
  }
}
