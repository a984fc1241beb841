package io.elo.validation;

import static io.elo.validation.StoreFixtures.coin;
import static io.elo.validation.StoreFixtures.hash;
import static io.elo.validation.StoreFixtures.outPoint;
import static io.elo.validation.StoreFixtures.undo;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.util.HashMap;
import java.util.Map;

/**
 * The deterministic batches of the crash test: batch {@code k} creates {@link #COINS} coins, spends
 * those of batch {@code k - 3}, stores undo record {@code k} and deletes record {@code k - 5}, and
 * moves the tip to height {@code k}. So the state after batch {@code k} is fully determined by
 * {@code k}.
 */
final class CrashBatches {
  static final int COINS = 400;

  private CrashBatches() {}

  static StoreBatch batch(int k) {
    StoreBatch.Builder b = StoreBatch.builder();
    for (int i = 0; i < COINS; i++) {
      b.putCoin(outPoint(k, i), coin(k * 1000L + i));
      if (k > 3) {
        b.deleteCoin(outPoint(k - 3, i));
      }
    }
    b.putUndo(hash(k), undo(k, 4));
    if (k > 5) {
      b.deleteUndo(hash(k - 5));
    }
    return b.build(tip(k), Height.of(k));
  }

  static Hash tip(int k) {
    return hash(7, k);
  }

  /** The coins after batch {@code k} (empty for {@code k == 0}, before any batch). */
  static Map<OutPoint, Coin> coins(int k) {
    Map<OutPoint, Coin> coins = new HashMap<>();
    for (int j = Math.max(1, k - 2); j <= k; j++) {
      for (int i = 0; i < COINS; i++) {
        coins.put(outPoint(j, i), coin(j * 1000L + i));
      }
    }
    return coins;
  }

  /** The undo records after batch {@code k}. */
  static Map<Hash, BlockUndo> undoRecords(int k) {
    Map<Hash, BlockUndo> undo = new HashMap<>();
    for (int j = Math.max(1, k - 4); j <= k; j++) {
      undo.put(hash(j), undo(j, 4));
    }
    return undo;
  }

  /** Whether undo record {@code j} exists after batch {@code k}. */
  static boolean hasUndo(int k, int j) {
    return j >= 1 && j <= k && j > k - 5;
  }
}
