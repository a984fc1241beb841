package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.consensus.ChainParams;
import io.elo.consensus.ConsensusRules;
import io.elo.consensus.TipSource;
import io.elo.crypto.Hash;
import io.elo.crypto.PublicKeyCache;
import io.elo.crypto.SignatureCache;
import io.elo.model.Address;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain state: the one writer of the block tree, the best chain and the UTXO set.
 *
 * <p>It accepts exactly the valid chain with the most work (or proof-of-authority weight): {@link
 * #submitBlock} runs the context-free checks, the header checks in context and, when the block
 * would join the best chain, every transaction against the UTXO set, and answers with a {@link
 * BlockSubmitResult} that says precisely why a block was refused. Fork choice takes the most
 * cumulative work among chains whose blocks are all stored and none invalid, the chain seen first
 * on a tie; reorganisations disconnect blocks with their undo data, up to {@link
 * ChainParams#maxReorgDepth()} blocks deep. A block whose parent is unknown waits in a bounded
 * orphan pool.
 *
 * <p><b>Durability.</b> Each block is written to the {@link BlockStore} (durable) before it is
 * connected. UTXO changes collect in a bounded {@link CoinsCache} that is flushed to the {@link
 * ChainStore} in one commit when full, when older than the flush interval and on {@link #close()},
 * recording the tip it reflects. Opening a chain state rebuilds the block index from the block
 * store and reconnects the stored blocks after the flushed tip, so it survives a crash at any
 * instant. The chain state owns both stores and closes them. A write that throws (a store
 * failure, an unexpected exception or an {@link Error}) may stop half-way through a change, so the
 * chain state then {@link #failure() fails}: it refuses further writes and its close does not
 * flush the cache.
 *
 * <p><b>Concurrency.</b> Writers ({@code submit*}, {@link #flush()}, {@link #close()}) are
 * serialised by one lock. Header and block queries, {@link #tip()}, {@link #locator()} and {@link
 * #headersAfter} read immutable snapshots without locking. {@link #coin} and the optional indexes
 * take the lock; {@link #utxoSnapshot()} answers as of one tip and its lookups take no lock, so
 * they never wait for a block being validated. Listeners run on the writer
 * thread after each change. docs/validation.md has the details.
 */
public final class ChainState implements TipSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainState.class);

  private final ChainParams params;
  private final TransactionValidator transactionValidator;
  private final BlockStore blockStore;
  private final ChainStore chainStore;
  private final CoinsCache cache;
  private final UtxoHistory history;
  private final ChainIndexes indexes;
  private final BlockConnector connector;
  private final ChainWriter writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<ChainListener> listeners = new CopyOnWriteArrayList<>();
  private final ChainFailure failure = new ChainFailure();
  private boolean closed;

  private ChainState(Builder b) {
    this.params = b.params;
    this.blockStore = b.blockStore;
    this.chainStore = b.chainStore;
    ConsensusRules rules = ConsensusRules.forParams(params);
    PublicKeyCache keyCache =
        b.keyCache != null ? b.keyCache : new PublicKeyCache(PublicKeyCache.DEFAULT_MAX_ENTRIES);
    this.transactionValidator =
        TransactionValidator.create(params, b.executor, b.signatureCache, keyCache);
    this.cache = CoinsCache.create(chainStore, b.cacheLimits, b.clock);
    this.history = new UtxoHistory(b.snapshotHistory, b.snapshotHistoryEntries);
    this.indexes = new ChainIndexes(b.txIndex, b.addressIndex);
    this.connector = new BlockConnector(params, transactionValidator, cache, history, indexes);
    this.writer =
        new ChainWriter(
            params,
            rules,
            new BlockChecks(params, rules, transactionValidator),
            connector,
            cache,
            blockStore,
            b.clock,
            new OrphanPool(b.maxOrphans, b.maxOrphanBytes, b.orphanExpiry, b.clock),
            new InvalidBlockCache(b.maxInvalidBlocks),
            indexes);
  }

  /** Returns a builder for a chain state of {@code params}. */
  public static Builder builder(ChainParams params) {
    return new Builder(params);
  }

  /** The chain's parameters. */
  public ChainParams params() {
    return params;
  }

  /**
   * The transaction validator of this chain, sharing its executor, signature cache and key cache.
   */
  public TransactionValidator transactionValidator() {
    return transactionValidator;
  }

  // ---- writing ----

  /**
   * Validates and stores {@code block} and moves the best chain if it now has more work; then
   * connects any orphans the block completes. Listeners are called before this returns.
   *
   * @throws StoreException if a store fails; the chain state then refuses further writes ({@link
   *     #failure()}) and should be closed and reopened
   */
  public BlockSubmitResult submitBlock(Block block) throws StoreException {
    requireNonNull(block, "block");
    return write(() -> writer.submitBlock(block));
  }

  /**
   * Decodes a block received from the network and submits it; bytes that do not decode are rejected
   * with {@link InvalidReason#MALFORMED_ENCODING} (or {@link InvalidReason#NO_TRANSACTIONS} for a
   * block without transactions).
   */
  public BlockSubmitResult submitEncodedBlock(byte[] encoded) throws StoreException {
    BlockChecks.DecodedBlock decoded = BlockChecks.decode(encoded);
    if (decoded.block() == null) {
      return BlockSubmitResult.Invalid.of(decoded.result());
    }
    return submitBlock(decoded.block());
  }

  /**
   * Adds headers without their blocks (headers-first sync), in order, each checked in context
   * (timestamps, target or seal). Returns ACCEPT when all are known or added, IGNORE with {@link
   * InvalidReason#UNKNOWN_PARENT} when one does not connect or {@link InvalidReason#TIME_TOO_NEW}
   * when one is from the future, and REJECT for an invalid one; headers before it stay added.
   */
  public ValidationResult submitHeaders(List<BlockHeader> headers) throws StoreException {
    List<BlockHeader> copy = List.copyOf(headers);
    return write(() -> writer.submitHeaders(copy));
  }

  /** Writes every UTXO change so far to the chain store in one commit. */
  public void flush() throws StoreException {
    write(
        () -> {
          writer.flush();
          return null;
        });
  }

  /**
   * Flushes the UTXO cache and closes both stores. Idempotent. After a {@link #failure() failure}
   * the cache is not flushed (it may hold half a block): the chain store keeps the state of its
   * last flush, and the next open reconnects the stored blocks after it.
   */
  @Override
  public void close() throws StoreException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (failure.cause() == null) {
          writer.flush();
        } else {
          LOG.warn(
              "closing a failed chain state without flushing its UTXO cache: the store keeps its"
                  + " last flush; the next open reconnects the stored blocks after it");
        }
      } finally {
        try {
          chainStore.close();
        } finally {
          blockStore.close();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The exception or error that made a write fail, if one did: the chain state then refuses every
   * write ({@link IllegalStateException}) and should be closed and reopened. Listeners hear of it
   * through {@link ChainListener#chainStateFailed}.
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.cause());
  }

  /** Registers {@code listener}; it sees changes made after this call. */
  public void addListener(ChainListener listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** Unregisters {@code listener}. */
  public void removeListener(ChainListener listener) {
    listeners.remove(listener);
  }

  // ---- block index queries: lock-free snapshots ----

  /** The tip of the best chain, as an immutable view of that chain. */
  @Override
  public ChainTip tip() {
    return new ChainTip(writer.view().tip());
  }

  /** Returns the chain ending at the known block {@code hash} (header-only blocks included). */
  public Optional<ChainTip> chain(Hash hash) {
    BlockNode node = writer.nodes.get(hash);
    return node == null ? Optional.empty() : Optional.of(new ChainTip(node));
  }

  /** Returns the header of the known block {@code hash}. */
  public Optional<BlockHeader> header(Hash hash) {
    BlockNode node = writer.nodes.get(hash);
    return node == null ? Optional.empty() : Optional.of(node.header);
  }

  /** Returns the header at {@code height} on the best chain. */
  public Optional<BlockHeader> headerAt(Height height) {
    BlockNode node = writer.view().at(height.value());
    return node == null ? Optional.empty() : Optional.of(node.header);
  }

  /** Returns the validation status of the known block {@code hash}. */
  public Optional<BlockStatus> status(Hash hash) {
    BlockNode node = writer.nodes.get(hash);
    return node == null ? Optional.empty() : Optional.of(node.status);
  }

  /** Whether block {@code hash} is on the best chain. */
  public boolean isOnBestChain(Hash hash) {
    BlockNode node = writer.nodes.get(hash);
    return node != null && writer.view().contains(node);
  }

  /** Returns the stored block {@code hash} (on any branch). */
  public Optional<Block> block(Hash hash) throws StoreException {
    BlockNode node = writer.nodes.get(hash);
    return node != null && node.hasData ? blockStore.get(hash) : Optional.empty();
  }

  /**
   * Returns the stored encoding of block {@code hash} (on any branch) as a read-only buffer,
   * without decoding it: what a peer asking for the block is sent.
   */
  public Optional<ByteBuffer> encodedBlock(Hash hash) throws StoreException {
    BlockNode node = writer.nodes.get(hash);
    return node != null && node.hasData ? blockStore.encodedBlock(hash) : Optional.empty();
  }

  /** Returns the block at {@code height} on the best chain. */
  public Optional<Block> blockAt(Height height) throws StoreException {
    BlockNode node = writer.view().at(height.value());
    return node == null ? Optional.empty() : blockStore.get(node.hash);
  }

  /**
   * Returns a block locator of the best chain: the ten latest hashes, then hashes exponentially
   * further apart, the genesis hash last (at most 101 entries).
   */
  public List<Hash> locator() {
    return writer.view().locator();
  }

  /**
   * Returns the headers of the best chain after the first hash of {@code locator} found on it
   * (after genesis if none is), at most {@code max} and at most 2,000.
   */
  public List<BlockHeader> headersAfter(List<Hash> locator, int max) {
    checkArgument(max >= 0, "max must be >= 0: %s", max);
    return writer.view().headersAfter(locator, writer.nodes, max);
  }

  /** Number of blocks waiting in the orphan pool. */
  public int orphanCount() {
    return read(() -> writer.orphans().size());
  }

  // ---- UTXO set and indexes: brief lock ----

  /** Returns the unspent coin at {@code outPoint} on the best chain. */
  public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
    return write(() -> connector.view().coin(outPoint));
  }

  /**
   * Returns a view of the UTXO set as of the current tip (see {@link UtxoSnapshot}); taking it waits
   * for a write in progress, reading it never does.
   */
  public UtxoSnapshot utxoSnapshot() {
    return read(() -> new UtxoSnapshot(cache, history, history.version(), tip()));
  }

  /**
   * Returns a digest of the whole UTXO set: SHA-256 over every coin's out-point and storage
   * encoding in out-point order. Flushes first; meant for tests and operators, it reads every coin.
   */
  public Hash utxoDigest() throws StoreException {
    return write(
        () -> {
          writer.flush();
          TreeMap<OutPoint, Coin> coins = new TreeMap<>();
          chainStore.forEachCoin(coins::put);
          MessageDigest digest = sha256();
          for (Map.Entry<OutPoint, Coin> e : coins.entrySet()) {
            digest.update(StoreCodec.encodeOutPoint(e.getKey()));
            digest.update(StoreCodec.encodeCoin(e.getValue()));
          }
          return Hash.fromBytes(digest.digest());
        });
  }

  /**
   * Returns where the confirmed transaction {@code txid} is on the best chain.
   *
   * @throws IllegalStateException if the transaction index is off
   */
  public Optional<TxLocation> transactionLocation(Hash txid) {
    checkState(indexes.txIndexEnabled(), "the transaction index is off");
    return read(() -> indexes.location(txid));
  }

  /**
   * Returns the unspent outputs paying {@code address}, in out-point order.
   *
   * @throws IllegalStateException if the address index is off
   */
  public Map<OutPoint, Coin> addressUnspent(Address address) {
    checkState(indexes.addressIndexEnabled(), "the address index is off");
    return read(() -> indexes.unspent(address));
  }

  /**
   * Returns the txids of the best chain's transactions that pay or spend from {@code address}, in
   * chain order.
   *
   * @throws IllegalStateException if the address index is off
   */
  public List<Hash> addressHistory(Address address) {
    checkState(indexes.addressIndexEnabled(), "the address index is off");
    return read(() -> indexes.history(address));
  }

  // ---- plumbing ----

  private interface StoreAction<T> {
    T run() throws StoreException;
  }

  private <T> T write(StoreAction<T> action) throws StoreException {
    lock.lock();
    try {
      checkState(!closed, "chain state is closed");
      failure.checkHealthy();
      BlockNode before = writer.view().tip();
      T result;
      try {
        result = action.run();
      } catch (StoreException | RuntimeException | Error e) {
        failure.record(e, listeners);
        throw e;
      }
      dispatch(before);
      return result;
    } finally {
      lock.unlock();
    }
  }

  private <T> T read(java.util.function.Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  private void dispatch(BlockNode before) {
    List<ChainWriter.ChainEvent> events = writer.drainEvents();
    for (ChainWriter.ChainEvent event : events) {
      Height height = Height.of(event.height());
      for (ChainListener listener : listeners) {
        try {
          if (event.connected()) {
            listener.blockConnected(event.block(), height);
          } else {
            listener.blockDisconnected(event.block(), height);
          }
        } catch (RuntimeException e) {
          LOG.warn("chain listener {} failed", listener, e);
        }
      }
    }
    BlockNode after = writer.view().tip();
    if (after != before) {
      ChainTip tip = new ChainTip(after);
      for (ChainListener listener : listeners) {
        try {
          listener.tipChanged(tip);
        } catch (RuntimeException e) {
          LOG.warn("chain listener {} failed", listener, e);
        }
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private void open() throws StoreException {
    lock.lock();
    try {
      writer.open(chainStore);
    } finally {
      lock.unlock();
    }
  }

  /** Builds and opens a {@link ChainState}; not thread-safe. */
  public static final class Builder {
    private final ChainParams params;
    private BlockStore blockStore;
    private ChainStore chainStore;
    private Executor executor;
    private SignatureCache signatureCache;
    private PublicKeyCache keyCache;
    private InstantSource clock;
    private CoinsCache.Limits cacheLimits = CoinsCache.Limits.DEFAULT;
    private int maxOrphans = 100;
    private long maxOrphanBytes = 32L << 20;
    private Duration orphanExpiry = Duration.ofMinutes(20);
    private int maxInvalidBlocks = 10_000;
    private int snapshotHistory = 64;
    private long snapshotHistoryEntries = 2_000_000;
    private boolean txIndex;
    private boolean addressIndex;

    private Builder(ChainParams params) {
      this.params = requireNonNull(params, "params");
    }

    /** Sets the block store (required); the chain state takes ownership. */
    public Builder blockStore(BlockStore value) {
      this.blockStore = requireNonNull(value, "blockStore");
      return this;
    }

    /** Sets the UTXO store (required); the chain state takes ownership. */
    public Builder chainStore(ChainStore value) {
      this.chainStore = requireNonNull(value, "chainStore");
      return this;
    }

    /** Sets the executor signature checks fan out to (required). */
    public Builder executor(Executor value) {
      this.executor = requireNonNull(value, "executor");
      return this;
    }

    /** Sets the signature cache shared with the mempool (required). */
    public Builder signatureCache(SignatureCache value) {
      this.signatureCache = requireNonNull(value, "signatureCache");
      return this;
    }

    /**
     * Sets the cache of decoded public keys shared with the mempool (default: a cache of this
     * chain state's own of {@link PublicKeyCache#DEFAULT_MAX_ENTRIES} keys). Give each node its
     * own: a cache shared by nodes lets one node's key decoding make another's free.
     */
    public Builder keyCache(PublicKeyCache value) {
      this.keyCache = requireNonNull(value, "keyCache");
      return this;
    }

    /** Sets the clock for the future-drift rule, flush age and orphan expiry (required). */
    public Builder clock(InstantSource value) {
      this.clock = requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the UTXO cache bounds and flush interval (default {@link CoinsCache.Limits#DEFAULT}).
     */
    public Builder cacheLimits(CoinsCache.Limits value) {
      this.cacheLimits = requireNonNull(value, "cacheLimits");
      return this;
    }

    /**
     * Sets the orphan pool bounds (default 100 blocks, 32 MiB, 20 minutes): at a bound the oldest
     * orphan is evicted; an orphan older than {@code expiry} is dropped.
     */
    public Builder orphanLimits(int maxCount, long maxBytes, Duration expiry) {
      checkArgument(maxCount > 0 && maxBytes > 0, "orphan bounds must be positive");
      checkArgument(!expiry.isNegative() && !expiry.isZero(), "expiry must be positive");
      this.maxOrphans = maxCount;
      this.maxOrphanBytes = maxBytes;
      this.orphanExpiry = expiry;
      return this;
    }

    /** Sets how many invalid block hashes are remembered (default 10,000; LRU eviction). */
    public Builder maxInvalidBlocks(int value) {
      checkArgument(value > 0, "maxInvalidBlocks must be positive: %s", value);
      this.maxInvalidBlocks = value;
      return this;
    }

    /**
     * Sets how many block changes a {@link UtxoSnapshot} can look back (default 64) and how many
     * out-point entries that history may hold (default 2,000,000); the oldest go first.
     */
    public Builder snapshotHistory(int changes, long entries) {
      checkArgument(changes > 0 && entries > 0, "snapshot history bounds must be positive");
      this.snapshotHistory = changes;
      this.snapshotHistoryEntries = entries;
      return this;
    }

    /** Keeps a transaction index, txid to location (default off). */
    public Builder txIndex(boolean value) {
      this.txIndex = value;
      return this;
    }

    /** Keeps an address index, unspent outputs and history per address (default off). */
    public Builder addressIndex(boolean value) {
      this.addressIndex = value;
      return this;
    }

    /**
     * Opens the chain state: rebuilds the block index from the block store and replays stored
     * blocks after the chain store's flushed tip.
     *
     * @throws IllegalStateException if a required value is missing
     * @throws StoreException if a store fails or holds another chain
     */
    public ChainState build() throws StoreException {
      checkState(blockStore != null, "blockStore not set");
      checkState(chainStore != null, "chainStore not set");
      checkState(executor != null, "executor not set");
      checkState(signatureCache != null, "signatureCache not set");
      checkState(clock != null, "clock not set");
      ChainState state = new ChainState(this);
      state.open();
      return state;
    }
  }
}
