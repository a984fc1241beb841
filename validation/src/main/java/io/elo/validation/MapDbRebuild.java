package io.elo.validation;

import io.elo.validation.MapDbChainStore.Layout;
import io.elo.validation.MapDbChainStore.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * A fresh MapDB file ({@link MapDbFiles#rebuild}) that a {@link MapDbChainStore} copies its
 * verified records into after an unclean shutdown, so that no free-space list a kill may have torn
 * survives (docs/storage.md). Written without transactions: until {@link #complete()} renames it,
 * the file is a scratch file that the next open deletes. B-trees are bulk-loaded from the old
 * store's ascending iteration.
 */
final class MapDbRebuild implements AutoCloseable {
  private final Path file;
  private final DB db;
  private final DB.TreeMapSink<byte[], byte[]> coinSink;
  private final Map<byte[], byte[]> coinMap;
  private final DB.TreeMapSink<byte[], byte[]> undoSink;
  private final Map<String, byte[]> meta;
  private boolean closed;

  private MapDbRebuild(Path file, DB db, Layout layout) {
    this.file = file;
    this.db = db;
    if (layout == Layout.B_TREE) {
      coinSink =
          db.treeMap("coins", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
              .counterEnable()
              .createFromSink();
      coinMap = null;
    } else {
      coinSink = null;
      coinMap =
          db.hashMap("coins", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
              .counterEnable()
              .create();
    }
    undoSink =
        db.treeMap("undo", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
            .counterEnable()
            .createFromSink();
    meta = db.treeMap("meta", Serializer.STRING, Serializer.BYTE_ARRAY).create();
  }

  /** Starts a rewrite of the store {@code file}; a leftover rewrite must have been deleted. */
  static MapDbRebuild create(Path file, Options options) {
    DB db = MapDb.maker(MapDbFiles.rebuild(file), options.access()).make();
    return new MapDbRebuild(file, db, options.layout());
  }

  /** Copies a coin record; keys must come in the old store's (ascending) order. */
  void putCoin(byte[] key, byte[] value) {
    if (coinSink != null) {
      coinSink.put(key, value);
    } else {
      coinMap.put(key, value);
    }
  }

  /** Copies an undo record; keys must come in ascending order. */
  void putUndo(byte[] key, byte[] value) {
    undoSink.put(key, value);
  }

  /** Copies a meta entry. */
  void putMeta(String key, byte[] value) {
    meta.put(key, value);
  }

  /**
   * Closes the new file, syncs it and renames it to {@link MapDbFiles#rebuilt}: from here on the
   * rewrite is the store, even if a crash comes before {@link MapDbFiles#install}.
   */
  void complete() throws IOException {
    if (coinSink != null) {
      coinSink.create();
    }
    undoSink.create();
    closed = true;
    db.close();
    MapDbFiles.complete(file);
  }

  /** Abandons an incomplete rewrite: closes and deletes it. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      db.close();
    } catch (RuntimeException | AssertionError e) {
      // Deleting it is all that is left to do.
    }
    MapDbFiles.deleteRebuild(file);
  }
}
