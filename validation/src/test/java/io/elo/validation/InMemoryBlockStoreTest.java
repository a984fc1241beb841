package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elo.model.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryBlockStoreTest {
  private final List<Block> chain = StoreFixtures.chain(4, 3);

  @Test
  void putGetAndScan_inAppendOrder() throws Exception {
    InMemoryBlockStore store = InMemoryBlockStore.create();
    store.putAll(chain.subList(0, 3));
    store.put(chain.get(0));
    assertEquals(3, store.size());
    assertEquals(Optional.of(chain.get(1)), store.get(chain.get(1).hash()));
    List<Block> seen = new ArrayList<>();
    store.forEachBlock(seen::add);
    assertEquals(chain.subList(0, 3), seen);
    assertEquals(chain.get(2).encodedView(), store.encodedBlock(chain.get(2).hash()).get());
    assertEquals(Optional.empty(), store.encodedBlock(chain.get(3).hash()));
  }

  @Test
  void putPastTheByteBound_throwsAndStoresNothing() throws Exception {
    InMemoryBlockStore store = InMemoryBlockStore.create(chain.get(0).size() * 2L + 1);
    store.put(chain.get(0));
    assertThrows(StoreException.class, () -> store.putAll(chain.subList(1, 3)));
    assertEquals(1, store.size());
    store.put(chain.get(1));
    assertEquals(2, store.size());
  }
}
