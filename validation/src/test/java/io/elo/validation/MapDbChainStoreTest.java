package io.elo.validation;

import static io.elo.validation.StoreFixtures.coin;
import static io.elo.validation.StoreFixtures.hash;
import static io.elo.validation.StoreFixtures.outPoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Height;
import io.elo.validation.MapDbChainStore.Access;
import io.elo.validation.MapDbChainStore.Layout;
import io.elo.validation.MapDbChainStore.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link ChainStore} contract against {@link MapDbChainStore}, reopening the file. */
class MapDbChainStoreTest extends ChainStoreContractTest {
  @TempDir Path dir;

  Options options() {
    return Options.DEFAULT;
  }

  @Override
  protected ChainStore newStore() throws StoreException {
    return MapDbChainStore.open(dir.resolve("chain.db"), options());
  }

  @Override
  protected ChainStore reopen(ChainStore current) throws StoreException {
    current.close();
    return MapDbChainStore.open(dir.resolve("chain.db"), options());
  }

  @Test
  void reopenWithOtherLayout_isRejected() throws Exception {
    store.commit(
        StoreBatch.builder().putCoin(outPoint(1, 0), coin(1)).build(hash(1), Height.of(1)));
    store.close();
    Layout other = options().layout() == Layout.B_TREE ? Layout.HASH_TREE : Layout.B_TREE;
    assertThrows(
        StoreException.class,
        () ->
            MapDbChainStore.open(dir.resolve("chain.db"), new Options(Access.FILE_CHANNEL, other)));
    store = MapDbChainStore.open(dir.resolve("chain.db"), options());
    assertEquals(Optional.of(coin(1)), store.coin(outPoint(1, 0)));
  }

  @Test
  void openOrReset_keepsAStoreThatIsNotCorrupt() throws Exception {
    store.commit(
        StoreBatch.builder().putCoin(outPoint(1, 0), coin(1)).build(hash(1), Height.of(1)));
    store.close();
    Layout other = options().layout() == Layout.B_TREE ? Layout.HASH_TREE : Layout.B_TREE;
    StoreException wrongLayout =
        assertThrows(
            StoreException.class,
            () -> MapDbChainStore.openOrReset(dir.resolve("chain.db"), new Options(options().access(), other)));
    assertFalse(wrongLayout.isCorruption(), wrongLayout.toString());
    store = MapDbChainStore.openOrReset(dir.resolve("chain.db"), options());
    assertEquals(Optional.of(hash(1)), store.flushedTip());
    assertEquals(Optional.of(coin(1)), store.coin(outPoint(1, 0)));
  }

  @Test
  void openOrReset_movesACorruptStoreAsideAndStartsEmpty() throws Exception {
    StoreBatch.Builder batch = StoreBatch.builder();
    for (int i = 0; i < 2_000; i++) {
      batch.putCoin(outPoint(i, 0), coin(i));
    }
    store.commit(batch.build(hash(1), Height.of(1)));
    store.close();
    Path file = dir.resolve("chain.db");
    // Overwrite the middle of the file, where the tree's nodes live, with garbage.
    byte[] bytes = Files.readAllBytes(file);
    for (int i = bytes.length / 4; i < bytes.length * 3 / 4; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    Files.write(file, bytes);

    store = MapDbChainStore.openOrReset(file, options());

    assertEquals(Optional.empty(), store.flushedTip());
    assertEquals(0, store.coinCount());
    assertTrue(Files.exists(dir.resolve("chain.db.corrupt-0")), "corrupt file kept for inspection");
  }

  /** The same contract with the other index structure and access mode. */
  @Nested
  class OtherConfiguration extends ChainStoreContractTest {
    Options options() {
      Options d = Options.DEFAULT;
      return new Options(
          d.access() == Access.MEMORY_MAPPED ? Access.FILE_CHANNEL : Access.MEMORY_MAPPED,
          d.layout() == Layout.B_TREE ? Layout.HASH_TREE : Layout.B_TREE);
    }

    @Override
    protected ChainStore newStore() throws StoreException {
      return MapDbChainStore.open(dir.resolve("other.db"), options());
    }

    @Override
    protected ChainStore reopen(ChainStore current) throws StoreException {
      current.close();
      return MapDbChainStore.open(dir.resolve("other.db"), options());
    }
  }
}
