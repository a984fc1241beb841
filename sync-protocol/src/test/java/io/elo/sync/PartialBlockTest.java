package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Block;
import io.elo.model.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PartialBlockTest {
  private static CompactFixtures fixtures;
  private static Block block;
  private static List<Transaction> inBlock;

  @BeforeAll
  static void build() {
    fixtures = new CompactFixtures(8);
    inBlock = fixtures.spends.subList(0, 6);
    block = fixtures.blockWith(inBlock);
  }

  @Test
  void everyTransactionInThePool_rebuildsWithoutARoundTrip() throws Exception {
    PartialBlock partial = new PartialBlock(CompactFixtures.compactOf(block, 5));
    assertFalse(partial.isComplete());
    partial.offer(fixtures.spends); // the pool holds more than the block
    assertTrue(partial.isComplete());
    assertEquals(block, partial.build().orElseThrow());
  }

  @Test
  void someMissing_areListed_andTheBlockTxnAnswerCompletesTheBlock() throws Exception {
    PartialBlock partial = new PartialBlock(CompactFixtures.compactOf(block, 6));
    List<Transaction> pool = new ArrayList<>(inBlock);
    pool.remove(inBlock.get(1)); // block index 2
    pool.remove(inBlock.get(4)); // block index 5
    partial.offer(pool);
    assertArrayEquals(new int[] {2, 5}, partial.missing());
    assertTrue(partial.build().isEmpty());
    partial.requested = partial.missing();
    assertFalse(partial.fillRequested(List.of(inBlock.get(1))), "one of two asked: malformed");
    assertTrue(partial.fillRequested(List.of(inBlock.get(1), inBlock.get(4))));
    assertEquals(block, partial.build().orElseThrow());
  }

  @Test
  void extraPoolTransactions_fillSlotsToo_andTheSameTransactionTwiceIsNoCollision()
      throws Exception {
    PartialBlock partial = new PartialBlock(CompactFixtures.compactOf(block, 7));
    partial.offer(inBlock.subList(0, 3));
    partial.offer(inBlock); // the extra pool repeats some: same wtxid, no collision
    assertEquals(block, partial.build().orElseThrow());
  }

  @Test
  void anUnseenCollision_showsAsAMerkleMismatch_andBuildsNothing() throws Exception {
    ChainMessage.CompactBlock real = CompactFixtures.compactOf(block, 8);
    long[] ids = real.shortIds().clone();
    Transaction impostor = fixtures.spends.get(7); // not in the block
    ids[2] = ShortIds.of(block.header(), 8).shortId(impostor.wtxid()); // as if it collided
    PartialBlock partial =
        new PartialBlock(new ChainMessage.CompactBlock(real.header(), 8, ids, real.prefilled()));
    partial.offer(fixtures.spends);
    assertTrue(partial.isComplete());
    assertTrue(partial.build().isEmpty(), "the caller falls back to the full block");
  }

  @Test
  void duplicateShortIdsInOneCompactBlock_areDetected() throws Exception {
    ChainMessage.CompactBlock real = CompactFixtures.compactOf(block, 9);
    long[] ids = real.shortIds().clone();
    ids[3] = ids[1];
    assertTrue(
        new PartialBlock(new ChainMessage.CompactBlock(real.header(), 9, ids, real.prefilled()))
            .hasDuplicateIds());
    assertFalse(new PartialBlock(real).hasDuplicateIds());
  }

  @Test
  void onlyACoinbase_isCompleteAtOnce() throws Exception {
    Block empty = fixtures.blockWith(List.of());
    PartialBlock partial = new PartialBlock(CompactFixtures.compactOf(empty, 1));
    assertTrue(partial.isComplete());
    assertEquals(empty, partial.build().orElseThrow());
    assertEquals(empty.transactions().get(0).size(), partial.bytes());
  }
}
