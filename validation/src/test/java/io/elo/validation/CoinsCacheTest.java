package io.elo.validation;

import static io.elo.validation.StoreFixtures.coin;
import static io.elo.validation.StoreFixtures.hash;
import static io.elo.validation.StoreFixtures.outPoint;
import static io.elo.validation.StoreFixtures.undo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Height;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoinsCacheTest {
  private final RecordingChainStore store = new RecordingChainStore();
  private final ManualClock clock = new ManualClock();
  private final CoinsCache cache =
      CoinsCache.create(store, new CoinsCache.Limits(1 << 20, 10, Duration.ofSeconds(5)), clock);

  @Test
  void coinAddedAndSpentBetweenFlushes_neverReachesTheStore() throws Exception {
    cache.add(outPoint(1, 0), coin(1));
    cache.add(outPoint(2, 0), coin(2));
    assertEquals(Optional.of(coin(1)), cache.spend(outPoint(1, 0)));
    cache.flush(hash(1), Height.of(1));

    StoreBatch batch = store.commits.get(0);
    assertEquals(Map.of(outPoint(2, 0), coin(2)), batch.coinPuts());
    assertEquals(Set.of(), batch.coinDeletes());
    assertEquals(hash(1), batch.tip());
  }

  @Test
  void spendOfAFlushedCoin_deletesItAtTheNextFlush() throws Exception {
    cache.add(outPoint(1, 0), coin(1));
    cache.flush(hash(1), Height.of(1));
    assertEquals(Optional.of(coin(1)), cache.spend(outPoint(1, 0)));
    assertEquals(Optional.empty(), cache.get(outPoint(1, 0)));
    cache.flush(hash(2), Height.of(2));

    assertEquals(Set.of(outPoint(1, 0)), store.commits.get(1).coinDeletes());
    assertEquals(Optional.empty(), store.coin(outPoint(1, 0)));
    assertEquals(Optional.of(hash(2)), store.flushedTip());
  }

  @Test
  void restoringASpentStoredCoin_putsItAgain() throws Exception {
    store.commit(StoreBatch.builder().putCoin(outPoint(1, 0), coin(1)).build(hash(0), Height.ZERO));
    cache.spend(outPoint(1, 0));
    cache.add(outPoint(1, 0), coin(1));
    cache.flush(hash(1), Height.of(1));
    assertEquals(Optional.of(coin(1)), store.coin(outPoint(1, 0)));
  }

  @Test
  void spendOfMissingCoin_returnsEmptyAndChangesNothing() throws Exception {
    assertEquals(Optional.empty(), cache.spend(outPoint(9, 9)));
    assertEquals(0, cache.stats().dirtyEntries());
  }

  @Test
  void addOverAnUnspentCachedCoin_isRejected() throws Exception {
    cache.add(outPoint(1, 0), coin(1));
    assertThrows(IllegalStateException.class, () -> cache.add(outPoint(1, 0), coin(2)));
    cache.flush(hash(1), Height.of(1));
    assertThrows(IllegalStateException.class, () -> cache.add(outPoint(1, 0), coin(2)));
  }

  @Test
  void get_readsThroughAndCachesHits() throws Exception {
    store.commit(StoreBatch.builder().putCoin(outPoint(1, 0), coin(1)).build(hash(0), Height.ZERO));
    assertEquals(Optional.of(coin(1)), cache.get(outPoint(1, 0)));
    assertEquals(Optional.of(coin(1)), cache.get(outPoint(1, 0)));
    assertEquals(1, store.reads);
    assertEquals(1, cache.stats().hits());
    assertEquals(1, cache.stats().misses());
  }

  @Test
  void cleanEntries_areEvictedAtTheBound_dirtyOnesTriggerShouldFlush() throws Exception {
    StoreBatch.Builder b = StoreBatch.builder();
    for (int i = 0; i < 30; i++) {
      b.putCoin(outPoint(i, 0), coin(i));
    }
    store.commit(b.build(hash(0), Height.ZERO));
    for (int i = 0; i < 30; i++) {
      cache.get(outPoint(i, 0));
    }
    assertEquals(10, cache.stats().entries());
    assertFalse(cache.shouldFlush());

    for (int i = 100; i < 111; i++) {
      cache.add(outPoint(i, 0), coin(i));
    }
    assertEquals(11, cache.stats().dirtyEntries());
    assertTrue(cache.shouldFlush());
    cache.flush(hash(1), Height.of(1));
    assertFalse(cache.shouldFlush());
    assertEquals(10, cache.stats().entries());
  }

  @Test
  void shouldFlush_afterTheIntervalOnlyWithChanges() throws Exception {
    clock.advance(Duration.ofSeconds(60));
    assertFalse(cache.shouldFlush());
    cache.add(outPoint(1, 0), coin(1));
    assertTrue(cache.shouldFlush());
    cache.flush(hash(1), Height.of(1));
    assertFalse(cache.shouldFlush());
    cache.putUndo(hash(1), undo(1, 2));
    clock.advance(Duration.ofSeconds(4));
    assertFalse(cache.shouldFlush());
    clock.advance(Duration.ofSeconds(1));
    assertTrue(cache.shouldFlush());
  }

  @Test
  void undo_isPendingUntilFlushThenReadFromTheStore() throws Exception {
    cache.putUndo(hash(1), undo(1, 3));
    cache.putUndo(hash(2), undo(2, 1));
    cache.removeUndo(hash(2));
    assertEquals(Optional.of(undo(1, 3)), cache.undo(hash(1)));
    assertEquals(Optional.empty(), cache.undo(hash(2)));
    cache.flush(hash(1), Height.of(1));
    assertEquals(0, cache.stats().pendingUndo());
    assertEquals(Optional.of(undo(1, 3)), store.undo(hash(1)));
    assertEquals(Optional.of(undo(1, 3)), cache.undo(hash(1)));
    cache.removeUndo(hash(1));
    assertEquals(Optional.empty(), cache.undo(hash(1)));
    cache.flush(hash(0), Height.ZERO);
    assertEquals(Optional.empty(), store.undo(hash(1)));
  }

  @Test
  void failedFlush_keepsChangesForTheRetry() throws Exception {
    cache.add(outPoint(1, 0), coin(1));
    cache.putUndo(hash(1), undo(1, 1));
    store.failNextCommit = true;
    assertThrows(StoreException.class, () -> cache.flush(hash(1), Height.of(1)));
    assertEquals(1, cache.stats().dirtyEntries());
    assertEquals(0, cache.stats().flushes());
    cache.flush(hash(1), Height.of(1));
    assertEquals(Optional.of(coin(1)), store.coin(outPoint(1, 0)));
    assertEquals(Optional.of(undo(1, 1)), store.undo(hash(1)));
    assertEquals(1, cache.stats().flushes());
  }

  @Test
  void limits_rejectNonPositiveBounds() {
    assertThrows(IllegalArgumentException.class, () -> new CoinsCache.Limits(0, 1, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new CoinsCache.Limits(1, 0, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> new CoinsCache.Limits(1, 1, Duration.ofSeconds(-1)));
  }
}
