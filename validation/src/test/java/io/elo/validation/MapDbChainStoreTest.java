package io.elo.validation;

import static io.elo.validation.StoreFixtures.coin;
import static io.elo.validation.StoreFixtures.hash;
import static io.elo.validation.StoreFixtures.outPoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elo.model.Height;
import io.elo.validation.MapDbChainStore.Access;
import io.elo.validation.MapDbChainStore.Layout;
import io.elo.validation.MapDbChainStore.Options;
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
