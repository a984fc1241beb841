package io.elo.mempool;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.consensus.BlockTemplate;
import io.elo.consensus.TemplateSource;
import io.elo.crypto.Hash;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.validation.ChainListener;
import io.elo.validation.ChainState;
import io.elo.validation.ChainTip;
import io.elo.validation.TransactionValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction pool. Thread-safe: any number of threads may submit, read and build templates
 * at once.
 *
 * <p>{@link #submit} admits a transaction from an opaque source (see {@link AdmissionResult}); the
 * pool's lock is held only to commit it, so submitters on many threads check inputs and signatures
 * at once. {@link #template} selects transactions for a block by ancestor fee rate. As a {@link
 * ChainListener} the pool follows the best chain: its callbacks only queue the change (the chain
 * writer never waits on the pool) and the injected executor applies it in bounded steps, between
 * which admissions go on; {@link #syncWithChain()} and {@link #template} apply it at once.
 *
 * <p>Reads ({@link #contains}, {@link #transaction}, {@link #transactionByWtxid}, {@link #entry},
 * {@link #entries}, {@link #size}, {@link #bytes}) take no lock and never wait for an admission, an
 * eviction or a chain change: they answer from a concurrent index, as of some moment during the
 * call (a chain change being applied may be partly visible).
 *
 * <p>With a journal directory, every accepted transaction is durable before {@code submit}
 * returns {@code Accepted}; on {@link Builder#build()} the pool reloads and revalidates the
 * journaled transactions. docs/mempool.md describes the policy and the file format.
 */
public final class Mempool implements TemplateSource, ChainListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Mempool.class);

  private final PoolState state;
  private final ChainSync chainSync;
  private final Admission admission;
  private final Executor executor;
  private final AtomicBoolean compacting = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Mempool(PoolState state, Executor executor) {
    this.state = state;
    this.chainSync = new ChainSync(state);
    this.admission = new Admission(state, chainSync);
    this.executor = executor;
    state.releaseHandler = this::readmitReleased;
  }

  /** A builder for a pool validating with {@code validator} over {@code chain}. */
  public static Builder builder(TransactionValidator validator, MempoolChain chain) {
    return new Builder(validator, chain, null);
  }

  /**
   * A builder for a pool over {@code chainState}: its validator and UTXO snapshots; {@link
   * Builder#build()} registers the pool as a listener of the chain state.
   */
  public static Builder forChain(ChainState chainState) {
    return new Builder(chainState.transactionValidator(), MempoolChain.of(chainState), chainState);
  }

  /**
   * Submits {@code tx} from {@code source}. Returns {@code Accepted} only once the transaction is
   * in the pool and journaled; any orphans it resolves are admitted before this returns. Inputs
   * that spend unknown transactions make an {@code Orphan} of a transaction relayed by a peer
   * and a {@link RejectReason#MISSING_INPUTS} rejection of a {@linkplain SourceKey#local() local}
   * one; spent inputs are refused with that reason from any source.
   *
   * @throws IllegalStateException if the pool is closed
   */
  public AdmissionResult submit(Transaction tx, SourceKey source) {
    requireNonNull(tx, "tx");
    requireNonNull(source, "source");
    checkState(!closed.get(), "the mempool is closed");
    AdmissionResult result = admission.submit(tx, source, -1);
    if (result.isAccepted() && state.journal != null) {
      maybeCompact();
    }
    return result;
  }

  /** Forgets the orphans of {@code source}, for example when that peer disconnected. */
  public void sourceGone(SourceKey source) {
    state.orphans.removeSource(source);
  }

  /**
   * Returns transactions for a block on the current tip, at most {@code maxBytes} in all, chosen
   * by ancestor fee rate and in an order valid within one block. Applies queued chain changes
   * first, so the template builds on the chain state's tip; selection holds the pool's lock.
   */
  @Override
  public BlockTemplate template(int maxBytes) {
    checkArgument(maxBytes >= 0, "maxBytes must not be negative: %s", maxBytes);
    chainSync.runAll();
    state.lock();
    try {
      state.expireOldest();
      return TemplateSelector.select(state.graph, maxBytes);
    } finally {
      state.unlock();
    }
  }

  /**
   * Applies every chain change queued so far and removes expired transactions, on the calling
   * thread (after the executor's step in progress, if any); never call it from a chain listener.
   */
  public void syncWithChain() {
    chainSync.runAll();
    state.expireAll();
  }

  /** Whether the pool holds the transaction {@code txid}; never waits. */
  public boolean contains(Hash txid) {
    state.queueExpiry();
    return state.graph.get(txid) != null;
  }

  /** Returns the pool transaction {@code txid}; never waits. */
  public Optional<Transaction> transaction(Hash txid) {
    state.queueExpiry();
    Entry entry = state.graph.get(txid);
    return entry == null ? Optional.empty() : Optional.of(entry.tx);
  }

  /**
   * Returns the pool transaction whose witness id is {@code wtxid} (relay uses wtxids); never
   * waits.
   */
  public Optional<Transaction> transactionByWtxid(Hash wtxid) {
    state.queueExpiry();
    Entry entry = state.graph.getByWtxid(wtxid);
    return entry == null ? Optional.empty() : Optional.of(entry.tx);
  }

  /**
   * Returns the pool transaction {@code txid} with its package figures, consistent with one
   * another; never waits.
   */
  public Optional<MempoolEntry> entry(Hash txid) {
    state.queueExpiry();
    Entry entry = state.graph.get(txid);
    return entry == null ? Optional.empty() : Optional.of(entry.toPublic());
  }

  /**
   * Every pool transaction with its figures, parents before children; never waits. Read while the
   * pool changes, it holds every transaction that stayed in the pool throughout, and may hold some
   * that entered or left meanwhile (a child is never listed before its parent).
   */
  public List<MempoolEntry> entries() {
    state.queueExpiry();
    List<MempoolEntry> all = new ArrayList<>(state.graph.size());
    for (Entry entry : state.graph.entries()) {
      all.add(entry.toPublic());
    }
    return all;
  }

  /** The number of pool transactions; never waits. */
  public int size() {
    return state.graph.size();
  }

  /** The encoded bytes of all pool transactions (what the byte cap bounds); never waits. */
  public long bytes() {
    return state.graph.bytes();
  }

  /** The number of orphans waiting for parents. */
  public int orphanCount() {
    return state.orphans.size();
  }

  /** The lowest fee rate admitted now: the minimum relay rate or the rolling minimum. */
  public FeeRate minimumFeeRate() {
    return state.feeFloor.current(state.clock.millis(), state.graph.bytes());
  }

  /**
   * The smallest output amount the pool admits: outputs below it are {@linkplain Dust dust} at the
   * policy's dust relay fee rate for the cheapest input the chain's schemes allow.
   */
  public Amount dustThreshold() {
    return state.dustThreshold;
  }

  /** The pool's policy. */
  public MempoolPolicy policy() {
    return state.policy;
  }

  /** Adds a listener for pool changes. */
  public void addListener(MempoolListener listener) {
    state.notifier.addListener(requireNonNull(listener, "listener"));
  }

  /** Removes a listener. */
  public void removeListener(MempoolListener listener) {
    state.notifier.removeListener(listener);
  }

  /** Queues the change; called by the chain state on its writer thread. */
  @Override
  public void blockConnected(Block block, Height height) {
    state.events.block(block, true);
  }

  /** Queues the change; called by the chain state on its writer thread. */
  @Override
  public void blockDisconnected(Block block, Height height) {
    state.events.block(block, false);
  }

  /** Admits orphans whose parent a block confirmed, on the executor (signature checks may follow). */
  private void readmitReleased(List<Orphans.Orphan> orphans) {
    try {
      executor.execute(
          () -> {
            for (Orphans.Orphan orphan : orphans) {
              admission.submit(orphan.tx(), orphan.source(), -1);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("executor refused {} released orphans; they are dropped", orphans.size());
    }
  }

  /** Queues the change and asks the executor to apply it; never blocks. */
  @Override
  public void tipChanged(ChainTip tip) {
    state.events.tip(tip.hash());
    try {
      executor.execute(chainSync::tryRun);
    } catch (RejectedExecutionException e) {
      LOG.debug("executor refused the mempool's chain sync; the next tip change or sync applies it");
    }
  }

  /** Syncs and closes the journal; later submissions fail. */
  @Override
  public void close() throws IOException {
    if (closed.compareAndSet(false, true) && state.journal != null) {
      state.journal.close();
    }
  }

  private void maybeCompact() {
    if (!state.journal.mayNeedCompaction() || !compacting.compareAndSet(false, true)) {
      return;
    }
    List<JournalCodec.Record> records;
    long generation;
    state.lock();
    try {
      if (!state.journal.needsCompaction(state.graph.bytes())) {
        compacting.set(false);
        return;
      }
      records = state.records();
      generation = state.journal.rotate();
    } catch (IOException e) {
      LOG.warn("could not rotate the mempool journal", e);
      compacting.set(false);
      return;
    } finally {
      state.unlock();
    }
    Runnable write =
        () -> {
          try {
            state.journal.writeSnapshot(generation, records);
          } catch (IOException e) {
            LOG.warn("could not write mempool snapshot {}", generation, e);
          } finally {
            compacting.set(false);
          }
        };
    try {
      executor.execute(write);
    } catch (RejectedExecutionException e) {
      write.run();
    }
  }

  /** Builds a {@link Mempool}. */
  public static final class Builder {
    private final TransactionValidator validator;
    private final MempoolChain chain;
    private final ChainState chainState;
    private MempoolPolicy policy = MempoolPolicy.defaults();
    private InstantSource clock;
    private Executor executor;
    private Path journalDirectory;

    private Builder(TransactionValidator validator, MempoolChain chain, ChainState chainState) {
      this.validator = requireNonNull(validator, "validator");
      this.chain = requireNonNull(chain, "chain");
      this.chainState = chainState;
    }

    /** Sets the policy (default {@link MempoolPolicy#defaults()}). */
    public Builder policy(MempoolPolicy value) {
      policy = requireNonNull(value, "policy");
      return this;
    }

    /** Sets the clock for entry times, expiry and fee decay (required). */
    public Builder clock(InstantSource value) {
      clock = requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the executor that applies chain changes and writes journal snapshots (required). It
     * must not run tasks on the calling thread, or chain changes wait for the next caller.
     */
    public Builder executor(Executor value) {
      executor = requireNonNull(value, "executor");
      return this;
    }

    /** Journals accepted transactions in {@code directory}; without it the pool is in-memory. */
    public Builder journal(Path directory) {
      journalDirectory = requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Builds the pool: with a journal, reloads and revalidates what it holds (a snapshot of the
     * result replaces the old files); with a chain state, registers as its listener.
     *
     * @throws IOException if the journal cannot be read or written
     * @throws IllegalStateException if the clock or the executor is missing
     */
    public Mempool build() throws IOException {
      checkState(clock != null, "a clock is required");
      checkState(executor != null, "an executor is required");
      Journal journal =
          journalDirectory == null
              ? null
              : Journal.open(journalDirectory, policy.journalCompactionBytes());
      PoolState state = new PoolState(policy, validator, chain, clock, executor);
      Mempool mempool = new Mempool(state, executor);
      if (journal != null) {
        int reloaded = 0;
        // Why the others were not taken back, for the log: mined meanwhile or child of a refused
        // parent (MISSING_INPUTS), over a limit...
        Map<String, Integer> refused = new TreeMap<>();
        List<JournalCodec.Record> records = journal.load();
        for (JournalCodec.Record record : records) {
          AdmissionResult result =
              mempool.admission.submit(record.tx(), SourceKey.LOCAL, record.addedMillis());
          if (result.isAccepted()) {
            reloaded++;
          } else {
            refused.merge(outcome(result), 1, Integer::sum);
          }
        }
        // Reloaded as a local source: a record whose inputs are missing (mined meanwhile, or
        // its parent refused) is refused, never kept as an orphan (nor by Bitcoin Core's
        // LoadMempool).
        state.lock();
        try {
          journal.start(state.records());
          state.journal = journal;
        } finally {
          state.unlock();
        }
        LOG.info(
            "mempool reloaded {} of {} journaled transactions{}",
            reloaded,
            records.size(),
            refused.isEmpty() ? "" : "; not taken back: " + refused);
      }
      if (chainState != null) {
        chainState.addListener(mempool);
        mempool.chainSync.runAll(); // blocks connected while the pool was being built
      }
      return mempool;
    }
  }

  /** A short name for an admission outcome, for logs. */
  static String outcome(AdmissionResult result) {
    if (result instanceof AdmissionResult.Rejected r) {
      return r.invalidReason().map(Object::toString).orElse(r.reason().toString());
    }
    return result instanceof AdmissionResult.Orphan ? "orphan" : "already known";
  }
}