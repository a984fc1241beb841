package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.OutPoint;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * Writes one {@link StoreBatch} into a {@link MapDbChainStore}'s collections inside its open MapDB
 * transaction, keeping the {@link StoreDigest} in step: the caller commits, or rolls back, or
 * (after an {@link Error}) writes nothing more. MapDB's remove and put return the old value while
 * they modify the leaf anyway, so the digest costs no extra read.
 */
final class MapDbWrites {
  private MapDbWrites() {}

  /** Applies {@code batch} and returns the digest of the records after it, with its tip. */
  static StoreDigest apply(
      ConcurrentMap<byte[], byte[]> coins,
      ConcurrentMap<byte[], byte[]> undo,
      ConcurrentMap<String, byte[]> meta,
      StoreDigest before,
      StoreBatch batch) {
    StoreDigest.Accumulator next = before.toAccumulator();
    for (OutPoint outPoint : batch.coinDeletes()) {
      byte[] key = StoreCodec.encodeOutPoint(outPoint);
      byte[] old = coins.remove(key);
      if (old != null) {
        next.removeCoin(key, old);
      }
    }
    for (Map.Entry<OutPoint, Coin> e : batch.coinPuts().entrySet()) {
      byte[] key = StoreCodec.encodeOutPoint(e.getKey());
      byte[] value = StoreCodec.encodeCoin(e.getValue());
      byte[] old = coins.put(key, value);
      if (old != null) {
        next.removeCoin(key, old);
      }
      next.addCoin(key, value);
    }
    for (Hash block : batch.undoDeletes()) {
      byte[] key = block.toBytes();
      byte[] old = undo.remove(key);
      if (old != null) {
        next.removeUndo(key, old);
      }
    }
    for (Map.Entry<Hash, BlockUndo> e : batch.undoPuts().entrySet()) {
      byte[] key = e.getKey().toBytes();
      byte[] value = StoreCodec.encodeUndo(e.getValue());
      byte[] old = undo.put(key, value);
      if (old != null) {
        next.removeUndo(key, old);
      }
      next.addUndo(key, value);
    }
    byte[] tip = StoreCodec.encodeTip(batch.tip(), batch.tipHeight());
    meta.put(MapDbChainStore.TIP, tip);
    StoreDigest committed = next.tip(tip).build();
    meta.put(MapDbChainStore.DIGEST, committed.encode());
    return committed;
  }
}
