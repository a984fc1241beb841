package io.elo.validation;

import io.elo.validation.MapDbChainStore.Access;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** MapDB plumbing shared by {@link MapDbChainStore}, its verifier and its rewrite. */
final class MapDb {
  private static final Logger LOG = LoggerFactory.getLogger(MapDb.class);

  private MapDb() {}

  /** A maker for {@code file} with the given access; the caller adds transactions or not. */
  static DBMaker.Maker maker(Path file, Access access) {
    DBMaker.Maker maker = DBMaker.fileDB(file.toFile());
    return access == Access.MEMORY_MAPPED ? maker.fileMmapEnable() : maker.fileChannelEnable();
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

  /** Closes {@code db}, logging instead of throwing: for stores already failing. */
  static void closeQuietly(DB db) {
    try {
      db.close();
    } catch (RuntimeException | AssertionError e) {
      LOG.debug("closing a chain store that failed", e);
    }
  }

  /** Opens or creates byte-array hash map {@code name} with a counter. */
  static ConcurrentMap<byte[], byte[]> hashMap(DB db, String name) {
    return db.hashMap(name, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
        .counterEnable()
        .createOrOpen();
  }

  /** Opens or creates byte-array B-tree {@code name} with a counter. */
  static ConcurrentMap<byte[], byte[]> treeMap(DB db, String name) {
    return db.treeMap(name, Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY)
        .counterEnable()
        .createOrOpen();
  }
}
