package io.elo.validation;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * Opens a closed {@link MapDbChainStore} file with a plain MapDB handle, to change it behind the
 * store's back as a torn write or a bug could: tests only.
 */
final class RawMapDb {
  private RawMapDb() {}

  /** The store's collections, opened raw. */
  record Collections(
      ConcurrentMap<byte[], byte[]> coins,
      ConcurrentMap<byte[], byte[]> undo,
      ConcurrentMap<String, byte[]> meta) {}

  /** Opens {@code file} (B-tree layout) raw, lets {@code change} modify it, commits, closes. */
  static void change(Path file, Consumer<Collections> change) {
    DB db = DBMaker.fileDB(file.toFile()).fileMmapEnable().transactionEnable().make();
    try {
      change.accept(
          new Collections(
              db.treeMap("coins", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
                  .counterEnable()
                  .createOrOpen(),
              db.treeMap("undo", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
                  .counterEnable()
                  .createOrOpen(),
              db.treeMap("meta", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen()));
      db.commit();
    } finally {
      db.close();
    }
  }

  /**
   * Removes the clean-shutdown marker, as a crash of the last session would have left it; touches
   * only the meta tree, so it works for either coin layout.
   */
  static void markUnclean(Path file) {
    DB db = DBMaker.fileDB(file.toFile()).fileMmapEnable().transactionEnable().make();
    try {
      db.treeMap("meta", Serializer.STRING, Serializer.BYTE_ARRAY)
          .createOrOpen()
          .remove(MapDbChainStore.CLEAN_SHUTDOWN);
      db.commit();
    } finally {
      db.close();
    }
  }
}
