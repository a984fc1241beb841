package io.elo.validation;

import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.DecodeException;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link ChainStore} in one MapDB 3 file with transactions (its write-ahead log): each
 * {@link #commit} is one MapDB transaction, so after a crash at any instant the reopened file holds
 * exactly the last completed commit (proved by {@code MapDbChainStoreCrashIT}).
 *
 * <p>Three named B-tree collections: {@code coins} (36-byte out-point key to the coin encoding),
 * {@code undo} (32-byte block hash to the undo encoding) and {@code meta} ({@code "tip"} to the
 * 36-byte flushed tip); docs/storage.md gives the formats. The {@link Options} choose the storage
 * access and the coin index structure; docs/benchmarks.md ("MapDB configuration") measures them and
 * {@link Options#DEFAULT} is the faster crash-safe one. A commit costs tens to hundreds of
 * milliseconds, which is why block connection goes through {@link CoinsCache}.
 *
 * <p>Single writer; reads may come from other threads but see a commit in progress (MapDB 3 has no
 * isolation). A MapDB failure during a commit rolls the transaction back and throws {@link
 * StoreException}.
 */
public final class MapDbChainStore implements ChainStore {
  private static final Logger LOG = LoggerFactory.getLogger(MapDbChainStore.class);
  private static final String TIP = "tip";
  /** Present in {@code meta} only while the store is closed after a clean {@link #close()}. */
  private static final String CLEAN_SHUTDOWN = "clean-shutdown";
  private static final String OPENED = "opened";

  private final DB db;
  private final ConcurrentMap<byte[], byte[]> coins;
  private final ConcurrentMap<byte[], byte[]> undo;
  private final ConcurrentMap<String, byte[]> meta;
  private final Path file;
  private volatile boolean closed;

  private MapDbChainStore(DB db, Layout layout, Path file) {
    this.db = db;
    this.file = file;
    this.coins = layout == Layout.B_TREE ? treeMap(db, "coins") : hashMap(db, "coins");
    // B-trees: MapDB 3.1's HTreeMap did not survive kill -9 reliably (docs/storage.md).
    this.undo = treeMap(db, "undo");
    this.meta = db.treeMap("meta", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
  }

  /**
   * Opens the store in {@code file}, creating it if absent; an interrupted last transaction is
   * rolled back (or replayed, if it completed) from the write-ahead log.
   *
   * @throws StoreException if the file cannot be opened, is corrupt ({@link
   *     StoreException#isCorruption()}), is locked by another process, or was created with another
   *     {@link Layout}
   */
  public static MapDbChainStore open(Path file, Options options) throws StoreException {
    requireNonNull(options, "options");
    DBMaker.Maker maker = DBMaker.fileDB(file.toFile()).transactionEnable();
    maker =
        options.access() == Access.MEMORY_MAPPED
            ? maker.fileMmapEnable()
            : maker.fileChannelEnable();
    DB db;
    try {
      db = maker.make();
    } catch (RuntimeException | AssertionError e) {
      throw new StoreException("cannot open chain store " + file, e, isCorruption(e));
    }
    try {
      MapDbChainStore store = new MapDbChainStore(db, options.layout(), file);
      // Reading the tip touches the meta tree, so a torn commit shows up here rather than later.
      store.flushedTip();
      if (store.meta.remove(CLEAN_SHUTDOWN) == null) {
        // The last session did not close cleanly: read every record once, so a store that MapDB
        // could not recover is refused here as corrupt instead of failing on some later read.
        store.readEverything();
      }
      // A write and a commit probe the allocator and the log as well; from now on a crash leaves
      // no clean-shutdown marker.
      store.meta.put(OPENED, new byte[] {1});
      db.commit();
      return store;
    } catch (RuntimeException | AssertionError | StoreException e) {
      closeQuietly(db);
      boolean corrupt = e instanceof StoreException se ? se.isCorruption() : isCorruption(e);
      throw new StoreException("cannot open the collections of chain store " + file, e, corrupt);
    }
  }

  /**
   * Opens the store like {@link #open}, but when its data is corrupt moves the file and its
   * write-ahead log aside (suffix {@code .corrupt-N}) and starts an empty store.
   *
   * <p>MapDB 3.1's write-ahead log does not survive every kill -9 (docs/storage.md). The UTXO set
   * is derived data: the blocks themselves are durable in the block store, so a chain state
   * opened on the empty store rebuilds the UTXO set by reconnecting the stored blocks from
   * genesis. Any other failure (I/O, lock, wrong layout) is thrown unchanged.
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

  /** MapDB's own failure kinds that mean bad bytes on disk, as opposed to I/O, locks or misuse. */
  static boolean isCorruption(Throwable e) {
    if (e instanceof DBException.FileLocked
        || e instanceof DBException.WrongConfiguration
        || e instanceof DBException.WrongFormat
        || e instanceof DBException.NewMapDBFormat
        || e instanceof DBException.VolumeIOError
        || e instanceof DBException.VolumeClosed
        || e instanceof DBException.Interrupted
        || e instanceof DBException.OutOfMemory) {
      return false;
    }
    // Checksum failures, missing records, short reads and the assertion and index errors that
    // MapDB's decoders raise on torn pages all mean the file's structure is broken.
    return true;
  }

  private static List<Path> moveAside(Path file) throws StoreException {
    Path dir = file.toAbsolutePath().getParent();
    String name = file.getFileName().toString();
    List<Path> moved = new ArrayList<>();
    try (Stream<Path> siblings = Files.list(dir)) {
      List<Path> parts =
          siblings
              .filter(p -> p.getFileName().toString().equals(name)
                  || p.getFileName().toString().startsWith(name + ".wal"))
              .toList();
      int n = 0;
      while (Files.exists(dir.resolve(name + ".corrupt-" + n))) {
        n++;
      }
      for (Path part : parts) {
        Path target = dir.resolve(part.getFileName() + ".corrupt-" + n);
        Files.move(part, target);
        moved.add(target);
      }
    } catch (IOException e) {
      throw new StoreException("cannot move corrupt chain store " + file + " aside", e);
    }
    return moved;
  }

  private static void closeQuietly(DB db) {
    try {
      db.close();
    } catch (RuntimeException | AssertionError e) {
      LOG.debug("closing a chain store that failed to open", e);
    }
  }

  private static ConcurrentMap<byte[], byte[]> hashMap(DB db, String name) {
    return db.hashMap(name, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
        .counterEnable()
        .createOrOpen();
  }

  private static ConcurrentMap<byte[], byte[]> treeMap(DB db, String name) {
    return db.treeMap(name, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
        .counterEnable()
        .createOrOpen();
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
      for (OutPoint outPoint : batch.coinDeletes()) {
        coins.remove(StoreCodec.encodeOutPoint(outPoint));
      }
      for (Map.Entry<OutPoint, Coin> e : batch.coinPuts().entrySet()) {
        coins.put(StoreCodec.encodeOutPoint(e.getKey()), StoreCodec.encodeCoin(e.getValue()));
      }
      for (Hash block : batch.undoDeletes()) {
        undo.remove(block.toBytes());
      }
      for (Map.Entry<Hash, BlockUndo> e : batch.undoPuts().entrySet()) {
        undo.put(e.getKey().toBytes(), StoreCodec.encodeUndo(e.getValue()));
      }
      meta.put(TIP, StoreCodec.encodeTip(batch.tip(), batch.tipHeight()));
      db.commit();
    } catch (RuntimeException e) {
      try {
        db.rollback();
      } catch (RuntimeException rollback) {
        e.addSuppressed(rollback);
      }
      throw new StoreException("commit failed in " + file + ": " + batch, e);
    }
  }

  @Override
  public long coinCount() throws StoreException {
    checkOpen();
    try {
      return coins.size();
    } catch (RuntimeException | AssertionError e) {
      throw new StoreException("cannot count coins in " + file, e, isCorruption(e));
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
      if (e.getClass().getName().startsWith("org.mapdb.") || e instanceof AssertionError
          || e instanceof java.nio.BufferUnderflowException
          || e instanceof IndexOutOfBoundsException) {
        throw new StoreException("cannot iterate coins in " + file, e, isCorruption(e));
      }
      throw e; // the caller's action failed
    }
  }

  @Override
  public synchronized void close() throws StoreException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      meta.put(CLEAN_SHUTDOWN, new byte[] {1});
      db.commit();
      db.close();
    } catch (RuntimeException | AssertionError e) {
      closeQuietly(db);
      throw new StoreException("cannot close " + file, e, isCorruption(e));
    }
  }

  /** Decodes every coin and undo record; any failure is a corruption. */
  private void readEverything() throws StoreException {
    try {
      for (Map.Entry<byte[], byte[]> e : coins.entrySet()) {
        StoreCodec.decodeOutPoint(e.getKey());
        StoreCodec.decodeCoin(e.getValue());
      }
      for (byte[] value : undo.values()) {
        StoreCodec.decodeUndo(value);
      }
    } catch (DecodeException e) {
      throw new StoreException("corrupt record in " + file, e, true);
    } catch (RuntimeException | AssertionError e) {
      throw new StoreException("cannot read every record of " + file, e, isCorruption(e));
    }
  }

  private <K> byte[] read(ConcurrentMap<K, byte[]> map, K key) throws StoreException {
    checkOpen();
    try {
      return map.get(key);
    } catch (RuntimeException | AssertionError e) {
      throw new StoreException("cannot read " + file, e, isCorruption(e));
    }
  }

  private void checkOpen() throws StoreException {
    if (closed) {
      throw new StoreException("store is closed: " + file);
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
