package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random trees of competing forks, with transactions, applied in random order, end in the same best
 * tip and UTXO set as replaying that best chain in order on a fresh state.
 */
class ForkChoicePropertyTest {
  private static final ChainParams PARAMS =
      ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();
  private static final Address PAYEE = Address.fromPublicKey(TestChainBuilder.key(3).publicKey());

  @Property(tries = 200)
  void anyArrivalOrder_endsOnTheMostWorkChain(@ForAll long seed) throws StoreException {
    Random random = new Random(seed);
    TestChainBuilder chain = TestChainBuilder.of(PARAMS);
    List<Block> blocks = new ArrayList<>();
    List<Set<OutPoint>> spentOnBranch = new ArrayList<>();
    int count = 4 + random.nextInt(12);
    for (int i = 0; i < count; i++) {
      int parentIndex = random.nextInt(blocks.size() + 1) - 1; // -1: genesis
      Block parent = parentIndex < 0 ? chain.genesis() : blocks.get(parentIndex);
      Set<OutPoint> spent =
          new HashSet<>(parentIndex < 0 ? Set.of() : spentOnBranch.get(parentIndex));
      TestChainBuilder.BlockBuilder builder = chain.on(parent);
      // Spend one mature, unspent coinbase of this branch now and then.
      List<Block> ancestors = ancestors(chain, parent, blocks);
      Collections.shuffle(ancestors, random);
      for (Block ancestor : ancestors) {
        OutPoint coinbaseOut = OutPoint.of(ancestor.transactions().get(0).txid(), 0);
        if (random.nextBoolean() && !spent.contains(coinbaseOut)) {
          Transaction tx =
              chain.spendCoinbase(ancestor, PAYEE, Amount.ofAtoms(random.nextInt(1000)));
          builder.add(tx);
          spent.add(coinbaseOut);
          break;
        }
      }
      blocks.add(builder.build());
      spentOnBranch.add(spent);
    }
    List<Block> order = new ArrayList<>(blocks);
    Collections.shuffle(order, random);

    MutableClock clock = new MutableClock(chain.clockStart());
    ChainState shuffled = ChainStates.inMemory(PARAMS, clock);
    for (Block block : order) {
      assertTrue(
          !(shuffled.submitBlock(block) instanceof BlockSubmitResult.Invalid), "all blocks valid");
    }
    int maxHeight = 0;
    for (Block block : blocks) {
      maxHeight = Math.max(maxHeight, chain.height(block));
    }
    ChainTip tip = shuffled.tip();
    assertEquals(maxHeight, tip.height().value(), "equal work per block: most work is highest");
    assertEquals(0, shuffled.orphanCount());

    ChainState replay = ChainStates.inMemory(PARAMS, clock);
    for (int height = 1; height <= tip.height().value(); height++) {
      Block block = shuffled.blockAt(Height.of(height)).orElseThrow();
      assertTrue(replay.submitBlock(block) instanceof BlockSubmitResult.Connected);
    }
    assertEquals(tip, replay.tip());
    assertEquals(replay.utxoDigest(), shuffled.utxoDigest());
  }

  private static List<Block> ancestors(TestChainBuilder chain, Block parent, List<Block> blocks) {
    List<Block> result = new ArrayList<>();
    Block walk = parent;
    while (chain.height(walk) > 0) {
      result.add(walk);
      Block current = walk;
      walk =
          blocks.stream()
              .filter(b -> b.hash().equals(current.header().previousHash()))
              .findFirst()
              .orElse(chain.genesis());
    }
    return result;
  }
}
