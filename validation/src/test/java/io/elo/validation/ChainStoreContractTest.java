package io.elo.validation;

import static io.elo.validation.StoreFixtures.coin;
import static io.elo.validation.StoreFixtures.hash;
import static io.elo.validation.StoreFixtures.outPoint;
import static io.elo.validation.StoreFixtures.undo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link ChainStore} contract, run against every implementation (exported in the test-jar so
 * later modules can run it against theirs): subclasses create the store and, for durable stores,
 * reopen it.
 */
public abstract class ChainStoreContractTest {
  /** The store under test; subclasses may replace it in {@link #reopen}. */
  protected ChainStore store;

  /** Creates an empty store. */
  protected abstract ChainStore newStore() throws Exception;

  /**
   * Closes and reopens {@link #store} if the implementation is durable and returns the reopened
   * store; returns the same store otherwise.
   */
  protected ChainStore reopen(ChainStore current) throws Exception {
    return current;
  }

  @BeforeEach
  void createStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws Exception {
    store.close();
  }

  @Test
  void newStore_isEmpty() throws Exception {
    assertEquals(Optional.empty(), store.flushedTip());
    assertEquals(Optional.empty(), store.flushedHeight());
    assertEquals(0, store.coinCount());
    assertEquals(Optional.empty(), store.coin(outPoint(1, 0)));
    assertEquals(Optional.empty(), store.undo(hash(1)));
  }

  @Test
  void commit_appliesPutsDeletesAndTip() throws Exception {
    store.commit(
        StoreBatch.builder()
            .putCoin(outPoint(1, 0), coin(1))
            .putCoin(outPoint(1, 1), coin(2))
            .putUndo(hash(10), undo(10, 3))
            .build(hash(100), Height.of(1)));
    store.commit(
        StoreBatch.builder()
            .deleteCoin(outPoint(1, 0))
            .putCoin(outPoint(2, 0), coin(3))
            .deleteUndo(hash(10))
            .putUndo(hash(11), undo(11, 1))
            .build(hash(101), Height.of(2)));
    store = reopen(store);

    assertEquals(Optional.empty(), store.coin(outPoint(1, 0)));
    assertEquals(Optional.of(coin(2)), store.coin(outPoint(1, 1)));
    assertEquals(Optional.of(coin(3)), store.coin(outPoint(2, 0)));
    assertEquals(Optional.empty(), store.undo(hash(10)));
    assertEquals(Optional.of(undo(11, 1)), store.undo(hash(11)));
    assertEquals(Optional.of(hash(101)), store.flushedTip());
    assertEquals(Optional.of(Height.of(2)), store.flushedHeight());
    assertEquals(2, store.coinCount());
  }

  @Test
  void commit_ofManyChanges_isVisibleAsAWhole() throws Exception {
    StoreBatch.Builder batch = StoreBatch.builder();
    for (int i = 0; i < 4000; i++) {
      batch.putCoin(outPoint(i, i % 3), coin(i));
    }
    store.commit(batch.build(hash(7), Height.of(7)));
    store = reopen(store);
    assertEquals(4000, store.coinCount());
    for (int i = 0; i < 4000; i += 97) {
      assertEquals(Optional.of(coin(i)), store.coin(outPoint(i, i % 3)));
    }
  }

  @Test
  void undo_roundTripsInSpendOrder() throws Exception {
    BlockUndo undo = undo(5, 50);
    store.commit(StoreBatch.builder().putUndo(hash(5), undo).build(hash(5), Height.of(5)));
    store.commit(
        StoreBatch.builder().putUndo(hash(6), BlockUndo.EMPTY).build(hash(6), Height.of(6)));
    store = reopen(store);
    assertEquals(undo.coins(), store.undo(hash(5)).orElseThrow().coins());
    assertEquals(Optional.of(BlockUndo.EMPTY), store.undo(hash(6)));
  }

  @Test
  void deletingAbsentEntries_isHarmless() throws Exception {
    store.commit(
        StoreBatch.builder()
            .deleteCoin(outPoint(9, 9))
            .deleteUndo(hash(9))
            .build(Hash.ZERO, Height.ZERO));
    assertEquals(0, store.coinCount());
    assertEquals(Optional.of(Hash.ZERO), store.flushedTip());
    assertEquals(Optional.of(Height.ZERO), store.flushedHeight());
  }

  @Test
  void forEachCoin_visitsExactlyTheUnspentCoins() throws Exception {
    StoreBatch.Builder batch = StoreBatch.builder();
    Map<OutPoint, Coin> expected = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      batch.putCoin(outPoint(i, 0), coin(i));
      expected.put(outPoint(i, 0), coin(i));
    }
    store.commit(batch.build(hash(1), Height.of(1)));
    store.commit(StoreBatch.builder().deleteCoin(outPoint(42, 0)).build(hash(2), Height.of(2)));
    expected.remove(outPoint(42, 0));
    store = reopen(store);

    Map<OutPoint, Coin> seen = new HashMap<>();
    store.forEachCoin(seen::put);
    assertEquals(expected, seen);
  }

  @Test
  void closedStore_throws() throws Exception {
    store.close();
    assertThrows(StoreException.class, () -> store.coin(outPoint(1, 0)));
    assertThrows(
        StoreException.class,
        () -> store.commit(StoreBatch.builder().build(Hash.ZERO, Height.ZERO)));
    store.close();
  }
}
