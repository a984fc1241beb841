package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.util.Map;
import java.util.Optional;

/** Computes a {@link StoreDigest} from scratch out of decoded records, as tests expect it. */
final class StoreDigests {
  private StoreDigests() {}

  /** The digest of a store holding exactly these records and this flushed tip. */
  static StoreDigest of(
      Map<OutPoint, Coin> coins,
      Map<Hash, BlockUndo> undo,
      Optional<Hash> tip,
      Optional<Height> height) {
    StoreDigest.Accumulator digest = StoreDigest.EMPTY.toAccumulator();
    coins.forEach(
        (outPoint, coin) ->
            digest.addCoin(StoreCodec.encodeOutPoint(outPoint), StoreCodec.encodeCoin(coin)));
    undo.forEach((block, record) -> digest.addUndo(block.toBytes(), StoreCodec.encodeUndo(record)));
    return digest
        .tip(tip.map(t -> StoreCodec.encodeTip(t, height.orElseThrow())).orElse(null))
        .build();
  }
}
