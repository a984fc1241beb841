package io.elo.validation;

import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.DecodeException;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link ChainStore} in one MapDB 3 file with transactions (its write-ahead log): each
 * {@link #commit} is one MapDB transaction. MapDB 3.1 does not recover every kill -9, so each
 * commit also stores a digest of the records (counts and sums of record hashes), and an open after
 * an unclean shutdown verifies every record against it and rewrites the file: a crash yields either
 * exactly a committed state or a {@link StoreException} with {@link StoreException#isCorruption()}
 * true, never a wrong state (checked by {@code MapDbChainStoreCrashIT}; docs/storage.md, "Crash
 * safety").
 *
 * <p>Three named B-tree collections: {@code coins} (36-byte out-point key to the coin encoding),
 * {@code undo} (32-byte block hash to the undo encoding) and {@code meta} ({@code "tip"} to the
 * 36-byte flushed tip, {@code "digest"} to the digest); docs/storage.md gives the formats. The
 * {@link Options} choose the storage access and the coin index structure; docs/benchmarks.md
 * ("MapDB configuration") measures them and {@link Options#DEFAULT} is the faster crash-safe one. A
 * commit costs tens to hundreds of milliseconds, which is why block connection goes through {@link
 * CoinsCache}.
 *
 * <p>Single writer; reads may come from other threads but see a commit in progress (MapDB 3 has no
 * isolation). A MapDB failure during a commit rolls the transaction back and throws {@link
 * StoreException}. An {@link Error} during a commit (or a failed rollback) leaves the transaction
 * half-written: the store then refuses every further call and {@link #close()} leaves the file
 * unclean, to be verified and rewritten at the next open (docs/storage.md).
 */
public final class MapDbChainStore implements ChainStore {
  private static final Logger LOG = LoggerFactory.getLogger(MapDbChainStore.class);

  /** Meta key of the flushed tip. */
  static final String TIP = "tip";

  /** Present in {@code meta} only while the store is closed after a clean {@link #close()}. */
  static final String CLEAN_SHUTDOWN = "clean-shutdown";

  /** Meta key of the probe each open commits. */
  static final String OPENED = "opened";

  /** Meta key of the {@link StoreDigest} of the committed records, updated in every commit. */
  static final String DIGEST = "digest";

  private final DB db;
  private final ConcurrentMap<byte[], byte[]> coins;
  private final ConcurrentMap<byte[], byte[]> undo;
  private final ConcurrentMap<String, byte[]> meta;
  private final Path file;
  private final MapDbVerifier verifier;
  private StoreDigest digest = StoreDigest.EMPTY;
  private boolean rewrittenAtOpen;
  private volatile boolean closed;
  // A commit that failed half-way: its transaction must be neither committed nor rolled back.
  private volatile Throwable failed;

  private MapDbChainStore(DB db, Layout layout, Path file) {
    this.db = db;
    this.file = file;
    this.coins = layout == Layout.B_TREE ? MapDb.treeMap(db, "coins") : MapDb.hashMap(db, "coins");
    // B-trees: MapDB 3.1's HTreeMap did not survive kill -9 reliably (docs/storage.md).
    this.undo = MapDb.treeMap(db, "undo");
    this.meta = db.treeMap("meta", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
    this.verifier = new MapDbVerifier(coins, undo, meta, file);
  }

  /**
   * Opens the store in {@code file}, creating it if absent; an interrupted last transaction is
   * rolled back (or replayed, if it completed) from the write-ahead log.
   *
   * <p>If the last session did not close the store cleanly, every record is read, decoded and
   * checked against the committed {@link StoreDigest} (count and sum of record hashes), and the
   * verified records are rewritten into a fresh file that replaces this one, so that no MapDB
   * free-space list torn by the crash is kept (docs/storage.md, "Crash safety"). That costs one
   * pass over the store, only after a crash.
   *
   * @throws StoreException if the file cannot be opened, is corrupt ({@link
   *     StoreException#isCorruption()}: unreadable, or records that do not match their digest), is
   *     locked by another process, or was created with another {@link Layout}
   */
  public static MapDbChainStore open(Path file, Options options) throws StoreException {
    requireNonNull(options, "options");
    MapDbFiles.recover(file);
    boolean existed = Files.exists(file);
    MapDbChainStore store = make(file, options);
    try {
      // Reading the tip touches the meta tree, so a torn commit shows up here rather than later.
      store.flushedTip();
      Optional<StoreDigest> committed = store.verifier.committedDigest();
      if (!existed) {
        store.digest = StoreDigest.EMPTY;
      } else if (!store.meta.containsKey(CLEAN_SHUTDOWN)) {
        // The last session crashed: verify every record against the digest, and leave MapDB's
        // possibly torn allocator behind by moving the verified records into a fresh file.
        LOG.warn(
            "chain store {} was not closed cleanly (the process was killed, or a commit failed"
                + " half-way): verifying its records and rewriting it",
            file);
        StoreDigest verified = store.verifier.rewrite(options, committed);
        MapDb.closeQuietly(store.db);
        MapDbFiles.install(file);
        store = make(file, options);
        store.digest = verified;
        store.rewrittenAtOpen = true;
        store.verifier.checkCounters(verified);
        LOG.info(
            "chain store {} verified and rewritten: {} coins, {} undo records",
            file,
            verified.coinCount(),
            verified.undoCount());
      } else if (committed.isPresent()) {
        store.digest = committed.get();
        store.verifier.checkCounters(committed.get());
      } else {
        // A store written before digests existed: compute its digest once.
        store.digest = store.verifier.scan(null);
      }
      store.meta.remove(CLEAN_SHUTDOWN);
      store.meta.put(DIGEST, store.digest.encode());
      // A write and a commit probe the allocator and the log as well; from now on a crash leaves
      // no clean-shutdown marker.
      store.meta.put(OPENED, new byte[] {1});
      store.db.commit();
      return store;
    } catch (RuntimeException | AssertionError | StoreException | IOException e) {
      MapDb.closeQuietly(store.db);
      boolean corrupt =
          e instanceof StoreException se
              ? se.isCorruption()
              : !(e instanceof IOException) && MapDb.isCorruption(e);
      throw new StoreException("cannot open the collections of chain store " + file, e, corrupt);
    }
  }

  private static MapDbChainStore make(Path file, Options options) throws StoreException {
    DBMaker.Maker maker = MapDb.maker(file, options.access()).transactionEnable();
    DB db;
    try {
      db = maker.make();
    } catch (RuntimeException | AssertionError e) {
      throw new StoreException("cannot open chain store " + file, e, MapDb.isCorruption(e));
    }
    try {
      return new MapDbChainStore(db, options.layout(), file);
    } catch (RuntimeException | AssertionError e) {
      MapDb.closeQuietly(db);
      throw new StoreException(
          "cannot open the collections of chain store " + file, e, MapDb.isCorruption(e));
    }
  }

  /**
   * Opens the store like {@link #open}, but when its data is corrupt moves the file and its
   * write-ahead log aside (suffix {@code .corrupt-N}) and starts an empty store.
   *
   * <p>MapDB 3.1's write-ahead log does not survive every kill -9 (docs/storage.md). The UTXO set
   * is derived data: the blocks themselves are durable in the block store, so a chain state opened
   * on the empty store rebuilds the UTXO set by reconnecting the stored blocks from genesis. Any
   * other failure (I/O, lock, wrong layout) is thrown unchanged.
   */
  public static MapDbChainStore openOrReset(Path file, Options options) throws StoreException {
    try {
      return open(file, options);
    } catch (StoreException e) {
      if (!e.isCorruption()) {
        throw e;
      }
      List<Path> moved = moveAside(file);
      LOG.error(
          "chain store {} is corrupt ({}); moved {} aside, starting empty: the UTXO set is"
              + " rebuilt from the block files",
          file,
          e.getCause(),
          moved);
      return open(file, options);
    }
  }

  private static List<Path> moveAside(Path file) throws StoreException {
    try {
      return MapDbFiles.moveAside(file);
    } catch (IOException e) {
      throw new StoreException("cannot move corrupt chain store " + file + " aside", e);
    }
  }

  @Override
  public Optional<Coin> coin(OutPoint outPoint) throws StoreException {
    byte[] value = read(coins, StoreCodec.encodeOutPoint(outPoint));
    try {
      return value == null ? Optional.empty() : Optional.of(StoreCodec.decodeCoin(value));
    } catch (DecodeException e) {
      throw new StoreException("corrupt coin " + outPoint + " in " + file, e, true);
    }
  }

  @Override
  public Optional<BlockUndo> undo(Hash block) throws StoreException {
    byte[] value = read(undo, block.toBytes());
    try {
      return value == null ? Optional.empty() : Optional.of(StoreCodec.decodeUndo(value));
    } catch (DecodeException e) {
      throw new StoreException("corrupt undo record of " + block + " in " + file, e, true);
    }
  }

  @Override
  public Optional<Hash> flushedTip() throws StoreException {
    byte[] value = read(meta, TIP);
    try {
      return value == null ? Optional.empty() : Optional.of(StoreCodec.decodeTipHash(value));
    } catch (DecodeException e) {
      throw new StoreException("corrupt flushed tip in " + file, e, true);
    }
  }

  @Override
  public Optional<Height> flushedHeight() throws StoreException {
    byte[] value = read(meta, TIP);
    try {
      return value == null ? Optional.empty() : Optional.of(StoreCodec.decodeTipHeight(value));
    } catch (DecodeException e) {
      throw new StoreException("corrupt flushed tip in " + file, e, true);
    }
  }

  @Override
  public synchronized void commit(StoreBatch batch) throws StoreException {
    checkOpen();
    try {
      StoreDigest committed = MapDbWrites.apply(coins, undo, meta, digest, batch);
      db.commit();
      digest = committed;
    } catch (RuntimeException e) {
      try {
        db.rollback();
      } catch (RuntimeException | Error rollback) {
        e.addSuppressed(rollback);
        failed = e;
      }
      throw new StoreException("commit failed in " + file + ": " + batch, e);
    } catch (Error e) {
      // An OutOfMemoryError or StackOverflowError may strike inside MapDB and leave its open
      // transaction and in-memory structures half-updated: write nothing more, not even a
      // rollback or the clean-shutdown marker (docs/storage.md, "Closing after a failure").
      failed = e;
      throw e;
    }
  }

  @Override
  public long coinCount() throws StoreException {
    checkOpen();
    try {
      return coins.size();
    } catch (RuntimeException | AssertionError e) {
      throw new StoreException("cannot count coins in " + file, e, MapDb.isCorruption(e));
    }
  }

  @Override
  public void forEachCoin(BiConsumer<OutPoint, Coin> action) throws StoreException {
    checkOpen();
    try {
      for (Map.Entry<byte[], byte[]> e : coins.entrySet()) {
        action.accept(StoreCodec.decodeOutPoint(e.getKey()), StoreCodec.decodeCoin(e.getValue()));
      }
    } catch (DecodeException e) {
      throw new StoreException("corrupt coin in " + file, e, true);
    } catch (RuntimeException | AssertionError e) {
      if (e.getClass().getName().startsWith("org.mapdb.")
          || e instanceof AssertionError
          || e instanceof java.nio.BufferUnderflowException
          || e instanceof IndexOutOfBoundsException) {
        throw new StoreException("cannot iterate coins in " + file, e, MapDb.isCorruption(e));
      }
      throw e; // the caller's action failed
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Commits the clean-shutdown marker, so that the next open trusts the records; except after a
   * commit that failed half-way (an {@link Error} inside it, or a rollback that failed): then the
   * file is closed without the marker and without its unfinished transaction, and the next open
   * verifies every record against the digest of the last completed commit and rewrites the file.
   */
  @Override
  public synchronized void close() throws StoreException {
    if (closed) {
      return;
    }
    closed = true;
    if (failed != null) {
      LOG.warn(
          "chain store {}: closed without its clean-shutdown marker because a commit failed"
              + " half-way ({}); the next open verifies its records and rewrites it",
          file,
          failed.toString());
      MapDb.closeQuietly(db);
      return;
    }
    try {
      meta.put(CLEAN_SHUTDOWN, new byte[] {1});
      db.commit();
      db.close();
    } catch (RuntimeException | AssertionError e) {
      MapDb.closeQuietly(db);
      throw new StoreException("cannot close " + file, e, MapDb.isCorruption(e));
    }
  }

  /**
   * Calls {@code action} for every undo record, in block-hash byte order. The action must not
   * commit to this store.
   */
  void forEachUndo(BiConsumer<Hash, BlockUndo> action) throws StoreException {
    checkOpen();
    try {
      for (Map.Entry<byte[], byte[]> e : undo.entrySet()) {
        action.accept(Hash.fromBytes(e.getKey()), StoreCodec.decodeUndo(e.getValue()));
      }
    } catch (DecodeException | IllegalArgumentException e) {
      throw new StoreException("corrupt undo record in " + file, e, true);
    }
  }

  /** Returns the digest of the committed records. */
  synchronized StoreDigest digest() {
    return digest;
  }

  /** Whether {@link #open} rewrote the file after an unclean shutdown (for tests and logs). */
  boolean rewrittenAtOpen() {
    return rewrittenAtOpen;
  }

  private <K> byte[] read(ConcurrentMap<K, byte[]> map, K key) throws StoreException {
    checkOpen();
    try {
      return map.get(key);
    } catch (RuntimeException | AssertionError e) {
      throw new StoreException("cannot read " + file, e, MapDb.isCorruption(e));
    }
  }

  private void checkOpen() throws StoreException {
    if (closed) {
      throw new StoreException("store is closed: " + file);
    }
    if (failed != null) {
      throw new StoreException("a commit failed half-way in " + file + "; reopen it", failed);
    }
  }

  /** How MapDB reaches the file. */
  public enum Access {
    /** Memory-mapped file. */
    MEMORY_MAPPED,
    /** {@code FileChannel} reads and writes. */
    FILE_CHANNEL
  }

  /** The index structure of the coin collection (undo records and the tip always use B-trees). */
  public enum Layout {
    /**
     * MapDB's {@code HTreeMap}: hashed, unordered. <b>Not crash-safe:</b> with MapDB 3.1, a store
     * killed during commits reopened corrupt in both access modes ({@code MapDbChainStoreCrashIT},
     * docs/storage.md). Only for disposable stores, such as the configuration benchmark.
     */
    HASH_TREE,
    /** MapDB's {@code BTreeMap}, ordered by out-point bytes: crash-safe, the default. */
    B_TREE
  }

  /**
   * How to open a {@link MapDbChainStore}. The layout is fixed when the file is created.
   *
   * @param access how MapDB reaches the file
   * @param layout the coin collection's index structure
   */
  public record Options(Access access, Layout layout) {
    /** The faster crash-safe configuration measured in docs/benchmarks.md. */
    public static final Options DEFAULT = new Options(Access.MEMORY_MAPPED, Layout.B_TREE);

    /** Validates the fields. */
    public Options {
      requireNonNull(access, "access");
      requireNonNull(layout, "layout");
    }
  }
}
