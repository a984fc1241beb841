package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bounded in-memory UTXO cache over a {@link ChainStore} (Bitcoin Core's dbcache): block
 * connection reads, adds and spends coins here, and {@link #flush} writes every change since the
 * last flush to the store in one {@link ChainStore#commit commit}, recording the tip it reflects.
 *
 * <p>Entries are <em>clean</em> (equal to the store; evicted least recently used whenever the cache
 * is over its bound) or <em>dirty</em> (changed since the last flush; kept until the next flush). A
 * coin added and spent between two flushes never reaches the store.
 *
 * <p><b>Who calls what.</b> The cache never flushes by itself, because only its owner (the chain
 * state) knows when the cached state is a consistent block boundary. After connecting or
 * disconnecting each block the owner checks {@link #shouldFlush()} and, when it is true, calls
 * {@link #flush}; it also flushes at shutdown. {@code shouldFlush()} turns true when the estimated
 * bytes or the entries exceed the {@link Limits} (after evicting all clean entries), or when there
 * are unflushed changes older than the flush interval. So the cache exceeds its bound by at most
 * one block's changes.
 *
 * <p>Not thread-safe: one writer thread uses it; other readers need the owner's snapshots, which
 * read through {@link #peek} (the only method for other threads). A {@link StoreException} from the
 * store leaves the cache unchanged by the failed call.
 */
public final class CoinsCache {
  /** Estimated heap bytes of one cached coin entry (map node, out-point, coin and its parts). */
  static final int ENTRY_BYTES = 320;

  /** Estimated heap bytes of an undo record, besides {@link #UNDO_COIN_BYTES} per coin. */
  static final int UNDO_BYTES = 96;

  /** Estimated heap bytes per coin of an undo record. */
  static final int UNDO_COIN_BYTES = 200;

  private final ChainStore store;
  private final Limits limits;
  private final InstantSource clock;
  // Concurrent, with a volatile coin per entry, for peek() on other threads; the rest is the writer's.
  private final Map<OutPoint, Entry> dirty = new ConcurrentHashMap<>();
  // Access order: the eldest entry is the least recently used one, evicted first.
  private final LinkedHashMap<OutPoint, Coin> clean = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<Hash, BlockUndo> undoPuts = new LinkedHashMap<>();
  private final Set<Hash> undoDeletes = new HashSet<>();
  private long undoBytes;
  private Instant lastFlush;
  private long flushes;
  private long hits;
  private long misses;

  private CoinsCache(ChainStore store, Limits limits, InstantSource clock) {
    this.store = requireNonNull(store, "store");
    this.limits = requireNonNull(limits, "limits");
    this.clock = requireNonNull(clock, "clock");
    this.lastFlush = clock.instant();
  }

  /** Returns an empty cache over {@code store}, measuring flush age with {@code clock}. */
  public static CoinsCache create(ChainStore store, Limits limits, InstantSource clock) {
    return new CoinsCache(store, limits, clock);
  }

  /** Returns the store under this cache. */
  public ChainStore store() {
    return store;
  }

  /** Returns the unspent coin at {@code outPoint}: from the cache, else from the store. */
  public Optional<Coin> get(OutPoint outPoint) throws StoreException {
    Entry entry = dirty.get(outPoint);
    if (entry != null) {
      hits++;
      return Optional.ofNullable(entry.coin);
    }
    Coin coin = clean.get(outPoint);
    if (coin != null) {
      hits++;
      return Optional.of(coin);
    }
    misses++;
    // Misses are not cached: random lookups of absent out-points must not fill the cache.
    Optional<Coin> stored = store.coin(outPoint);
    if (stored.isPresent()) {
      clean.put(outPoint, stored.get());
      evictClean();
    }
    return stored;
  }

  /**
   * Returns the unspent coin at {@code outPoint} without touching the clean entries (whose LRU order
   * belongs to the writer): a changed coin from this cache, else the store. Callable from any thread
   * while the writer works; it may see a change in progress, so a reader that needs one state pairs
   * it with the history the writer records before each change ({@link UtxoSnapshot}).
   */
  Optional<Coin> peek(OutPoint outPoint) throws StoreException {
    Entry entry = dirty.get(outPoint);
    return entry != null ? Optional.ofNullable(entry.coin) : store.coin(outPoint);
  }

  /**
   * Adds {@code coin} at {@code outPoint}: a new output of a connected transaction, or a coin
   * restored from undo data when disconnecting.
   *
   * <p>The caller guarantees that {@code outPoint} holds no unspent coin (unique txids make that
   * true for new outputs); the cache detects it when the coin is cached, not when it is only in the
   * store (checking would cost a store read per output).
   *
   * @throws IllegalStateException if the cache holds an unspent coin at {@code outPoint}
   */
  public void add(OutPoint outPoint, Coin coin) {
    requireNonNull(coin, "coin");
    Entry entry = dirty.get(requireNonNull(outPoint, "outPoint"));
    if (entry != null) {
      checkState(entry.coin == null, "%s is already unspent", outPoint);
      // Spent since the last flush but still in the store: the put must overwrite it there.
      entry.coin = coin;
      return;
    }
    checkState(!clean.containsKey(outPoint), "%s is already unspent", outPoint);
    dirty.put(outPoint, new Entry(coin, true));
    evictClean();
  }

  /**
   * Spends the coin at {@code outPoint} and returns it, or returns empty if there is no unspent
   * coin there (nothing changes then).
   */
  public Optional<Coin> spend(OutPoint outPoint) throws StoreException {
    Entry entry = dirty.get(outPoint);
    if (entry != null) {
      Coin coin = entry.coin;
      if (coin != null && entry.fresh) {
        // Never flushed: the store does not hold it, so forget it entirely.
        dirty.remove(outPoint);
      } else {
        entry.coin = null;
      }
      return Optional.ofNullable(coin);
    }
    Coin coin = clean.remove(outPoint);
    if (coin == null) {
      Optional<Coin> stored = store.coin(outPoint);
      if (stored.isEmpty()) {
        return Optional.empty();
      }
      coin = stored.get();
    }
    dirty.put(outPoint, new Entry(null, false));
    return Optional.of(coin);
  }

  /** Records the undo data of connected block {@code block}, written at the next flush. */
  public void putUndo(Hash block, BlockUndo undo) {
    requireNonNull(undo, "undo");
    undoDeletes.remove(requireNonNull(block, "block"));
    BlockUndo previous = undoPuts.put(block, undo);
    undoBytes += undoBytes(undo) - (previous == null ? 0 : undoBytes(previous));
  }

  /** Removes the undo data of disconnected block {@code block}, at the next flush. */
  public void removeUndo(Hash block) {
    BlockUndo previous = undoPuts.remove(requireNonNull(block, "block"));
    if (previous != null) {
      undoBytes -= undoBytes(previous);
    }
    // Deleting an undo record the store does not hold is harmless, so no store read is needed.
    undoDeletes.add(block);
  }

  /** Returns the undo data of {@code block}: unflushed changes first, then the store. */
  public Optional<BlockUndo> undo(Hash block) throws StoreException {
    BlockUndo pending = undoPuts.get(block);
    if (pending != null) {
      return Optional.of(pending);
    }
    return undoDeletes.contains(block) ? Optional.empty() : store.undo(block);
  }

  /**
   * Returns whether the owner should {@link #flush} now: the cache is over its byte or entry bound
   * with only dirty entries left, or unflushed changes are at least the flush interval old.
   */
  public boolean shouldFlush() {
    if (bytes() > limits.maxBytes() || entries() > limits.maxEntries()) {
      return true;
    }
    boolean changed = !dirty.isEmpty() || !undoPuts.isEmpty() || !undoDeletes.isEmpty();
    return changed && !clock.instant().isBefore(lastFlush.plus(limits.flushInterval()));
  }

  /**
   * Writes every change since the last flush to the store in one commit whose flushed tip is block
   * {@code tip} at {@code height}; the cached state must be exactly the state after that block.
   * Flushed entries stay cached as clean entries (evicted when over the bound). If the commit
   * fails, the cache keeps its changes and the flush may be retried.
   */
  public void flush(Hash tip, Height height) throws StoreException {
    StoreBatch.Builder batch = StoreBatch.builder();
    for (Map.Entry<OutPoint, Entry> e : dirty.entrySet()) {
      Coin coin = e.getValue().coin;
      if (coin == null) {
        batch.deleteCoin(e.getKey());
      } else {
        batch.putCoin(e.getKey(), coin);
      }
    }
    undoPuts.forEach(batch::putUndo);
    undoDeletes.forEach(batch::deleteUndo);
    store.commit(batch.build(tip, height));

    for (Iterator<Map.Entry<OutPoint, Entry>> it = dirty.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<OutPoint, Entry> e = it.next();
      if (e.getValue().coin != null) {
        clean.put(e.getKey(), e.getValue().coin);
      }
      it.remove();
    }
    undoPuts.clear();
    undoDeletes.clear();
    undoBytes = 0;
    flushes++;
    lastFlush = clock.instant();
    evictClean();
  }

  /** Returns counters and sizes. */
  public Stats stats() {
    return new Stats(entries(), dirty.size(), undoPuts.size(), bytes(), flushes, hits, misses);
  }

  private int entries() {
    return dirty.size() + clean.size() + undoPuts.size();
  }

  private long bytes() {
    return (long) (dirty.size() + clean.size()) * ENTRY_BYTES + undoBytes;
  }

  /** Evicts least recently used clean entries while over the bound. */
  private void evictClean() {
    Iterator<OutPoint> it = clean.keySet().iterator();
    while ((bytes() > limits.maxBytes() || entries() > limits.maxEntries()) && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  private static long undoBytes(BlockUndo undo) {
    return UNDO_BYTES + (long) undo.size() * UNDO_COIN_BYTES;
  }

  /** A changed coin: {@code coin == null} means spent; fresh means the store does not hold it. */
  private static final class Entry {
    volatile Coin coin;
    final boolean fresh;

    Entry(Coin coin, boolean fresh) {
      this.coin = coin;
      this.fresh = fresh;
    }
  }

  /**
   * Bounds of a {@link CoinsCache}.
   *
   * @param maxBytes estimated heap bytes of cached coins and undo records before a flush is due
   * @param maxEntries cached coins and undo records before a flush is due
   * @param flushInterval the longest time unflushed changes should wait
   */
  public record Limits(long maxBytes, int maxEntries, Duration flushInterval) {
    /** 256 MiB, 800,000 entries, 10 seconds. */
    public static final Limits DEFAULT = new Limits(256L << 20, 800_000, Duration.ofSeconds(10));

    /**
     * Validates the bounds.
     *
     * @throws IllegalArgumentException if a bound is not positive or the interval is negative
     */
    public Limits {
      checkArgument(maxBytes > 0, "maxBytes must be > 0, got %s", maxBytes);
      checkArgument(maxEntries > 0, "maxEntries must be > 0, got %s", maxEntries);
      checkArgument(!flushInterval.isNegative(), "flushInterval must be >= 0: %s", flushInterval);
    }
  }

  /**
   * Counters of a {@link CoinsCache}.
   *
   * @param entries cached coins (clean and dirty, spent markers included) and pending undo records
   * @param dirtyEntries coins changed since the last flush
   * @param pendingUndo undo records waiting for the next flush
   * @param bytes estimated heap bytes
   * @param flushes completed flushes
   * @param hits lookups answered from the cache
   * @param misses lookups that read the store
   */
  public record Stats(
      int entries,
      int dirtyEntries,
      int pendingUndo,
      long bytes,
      long flushes,
      long hits,
      long misses) {}
}
