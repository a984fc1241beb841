package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.DecodeException;
import io.elo.validation.MapDbChainStore.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/**
 * Checks a {@link MapDbChainStore}'s records against its committed {@link StoreDigest}: cheaply at
 * every open (MapDB's counters and the tip), and after an unclean shutdown by reading, decoding and
 * hashing every record while copying it into a fresh file ({@link MapDbRebuild}). Every mismatch or
 * read failure is a corruption ({@link StoreException#isCorruption()}).
 */
final class MapDbVerifier {
  private final ConcurrentMap<byte[], byte[]> coins;
  private final ConcurrentMap<byte[], byte[]> undo;
  private final ConcurrentMap<String, byte[]> meta;
  private final Path file;

  MapDbVerifier(
      ConcurrentMap<byte[], byte[]> coins,
      ConcurrentMap<byte[], byte[]> undo,
      ConcurrentMap<String, byte[]> meta,
      Path file) {
    this.coins = coins;
    this.undo = undo;
    this.meta = meta;
    this.file = file;
  }

  /** Returns the committed digest; empty for a store written before digests existed. */
  Optional<StoreDigest> committedDigest() throws StoreException {
    byte[] value = read(MapDbChainStore.DIGEST);
    try {
      return value == null ? Optional.empty() : Optional.of(StoreDigest.decode(value));
    } catch (DecodeException e) {
      throw new StoreException("corrupt digest in " + file, e, true);
    }
  }

  /** Checks MapDB's own counters and the tip against a digest: cheap, so done at every open. */
  void checkCounters(StoreDigest expected) throws StoreException {
    long coinCount = coins.size();
    long undoCount = undo.size();
    byte[] tip = read(MapDbChainStore.TIP);
    if (coinCount != expected.coinCount()
        || undoCount != expected.undoCount()
        || !expected.hasTip(tip)) {
      throw new StoreException(
          "digest mismatch in "
              + file
              + ": "
              + coinCount
              + " coins and "
              + undoCount
              + " undo records counted, committed "
              + expected,
          null,
          true);
    }
  }

  /**
   * Verifies every record against {@code committed} (when the store has a digest) while copying it
   * into a fresh file, which this method completes ({@link MapDbFiles#rebuilt}); returns the
   * verified digest. The old store is left unchanged.
   */
  StoreDigest rewrite(Options options, Optional<StoreDigest> committed)
      throws StoreException, IOException {
    try (MapDbRebuild copy = MapDbRebuild.create(file, options)) {
      StoreDigest verified = scan(copy);
      if (committed.isPresent() && !committed.get().equals(verified)) {
        throw new StoreException(
            "digest mismatch in "
                + file
                + ": records "
                + verified
                + ", committed "
                + committed.get(),
            null,
            true);
      }
      for (Map.Entry<String, byte[]> e : meta.entrySet()) {
        if (!e.getKey().equals(MapDbChainStore.OPENED)
            && !e.getKey().equals(MapDbChainStore.CLEAN_SHUTDOWN)) {
          copy.putMeta(e.getKey(), e.getValue());
        }
      }
      copy.putMeta(MapDbChainStore.DIGEST, verified.encode());
      // The records were just verified: the new file opens as cleanly closed.
      copy.putMeta(MapDbChainStore.CLEAN_SHUTDOWN, new byte[] {1});
      copy.complete();
      return verified;
    } catch (RuntimeException | AssertionError e) {
      throw new StoreException("cannot rewrite " + file, e, MapDb.isCorruption(e));
    }
  }

  /**
   * Reads and decodes every record once, computing their digest and checking MapDB's counters;
   * copies each record into {@code copy} unless it is null. Any failure is a corruption.
   */
  StoreDigest scan(MapDbRebuild copy) throws StoreException {
    StoreDigest.Accumulator digest = StoreDigest.EMPTY.toAccumulator();
    try {
      for (Map.Entry<byte[], byte[]> e : coins.entrySet()) {
        StoreCodec.decodeOutPoint(e.getKey());
        StoreCodec.decodeCoin(e.getValue());
        digest.addCoin(e.getKey(), e.getValue());
        if (copy != null) {
          copy.putCoin(e.getKey(), e.getValue());
        }
      }
      for (Map.Entry<byte[], byte[]> e : undo.entrySet()) {
        Hash.fromBytes(e.getKey());
        StoreCodec.decodeUndo(e.getValue());
        digest.addUndo(e.getKey(), e.getValue());
        if (copy != null) {
          copy.putUndo(e.getKey(), e.getValue());
        }
      }
      byte[] tip = meta.get(MapDbChainStore.TIP);
      if (tip != null) {
        StoreCodec.decodeTipHeight(tip);
      }
      StoreDigest computed = digest.tip(tip).build();
      checkCounters(computed);
      return computed;
    } catch (DecodeException e) {
      throw new StoreException("corrupt record in " + file, e, true);
    } catch (RuntimeException | AssertionError e) {
      throw new StoreException("cannot read every record of " + file, e, MapDb.isCorruption(e));
    }
  }

  private byte[] read(String key) throws StoreException {
    try {
      return meta.get(key);
    } catch (RuntimeException | AssertionError e) {
      throw new StoreException("cannot read " + file, e, MapDb.isCorruption(e));
    }
  }
}
