package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Fork choice, reorganisations with undo, orphans, listeners, queries and indexes. */
class ChainStateTest {
  private static final ChainParams PARAMS =
      ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();
  private static final Address PAYEE = Address.fromPublicKey(TestChainBuilder.key(2).publicKey());

  private final TestChainBuilder chain = TestChainBuilder.of(PARAMS);
  private final MutableClock clock = new MutableClock(chain.clockStart());

  private ChainState fresh() throws StoreException {
    return ChainStates.inMemory(PARAMS, clock);
  }

  private static void submitAll(ChainState state, List<Block> blocks) throws StoreException {
    for (Block block : blocks) {
      assertTrue(state.submitBlock(block).isAccepted(), block.toString());
    }
  }

  private Hash replayDigest(List<Block> blocks) throws StoreException {
    ChainState replay = fresh();
    submitAll(replay, blocks);
    return replay.utxoDigest();
  }

  @Test
  void reorgWithUndo_restoresTheExactUtxoSet() throws StoreException {
    Block a1 = chain.on(chain.genesis()).build();
    Block a2 = chain.on(a1).add(chain.spendCoinbase(a1, PAYEE, Amount.ofAtoms(10))).build();
    Block a3 = chain.on(a2).build();
    Block b2 = chain.on(a1).build();
    Block b3 = chain.on(b2).add(chain.spendCoinbase(b2, PAYEE, Amount.ZERO)).build();
    Block b4 = chain.on(b3).build();
    ChainState state = fresh();
    submitAll(state, List.of(a1, a2, a3));
    Hash digestA = state.utxoDigest();
    submitAll(state, List.of(b2, b3));
    assertEquals(a3.hash(), state.tip().hash(), "equal work: the first seen chain stays");
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(b4));
    assertEquals(replayDigest(List.of(a1, b2, b3, b4)), state.utxoDigest());

    Block a4 = chain.on(a3).build();
    Block a5 = chain.on(a4).build();
    submitAll(state, List.of(a4, a5));
    assertEquals(a5.hash(), state.tip().hash());
    assertEquals(replayDigest(List.of(a1, a2, a3, a4, a5)), state.utxoDigest());
    assertTrue(!digestA.equals(state.utxoDigest()));
  }

  @Test
  void invalidBlockDuringReorg_returnsToTheBestValidChain() throws StoreException {
    List<Block> main = chain.extend(chain.genesis(), 2);
    Block b1 = chain.on(chain.genesis()).build();
    Amount tooMuch = PARAMS.subsidy(Height.of(2)).plus(Amount.ofAtoms(1));
    Block b2 = chain.on(b1).coinbaseOutputs(List.of(TxOutput.of(tooMuch, PAYEE))).build();
    Block b3 = chain.on(b2).build();
    ChainState state = fresh();
    submitAll(state, main);
    assertInstanceOf(BlockSubmitResult.SideChain.class, state.submitBlock(b1));
    assertInstanceOf(BlockSubmitResult.SideChain.class, state.submitBlock(b2));
    BlockSubmitResult result = state.submitBlock(b3);

    assertInstanceOf(BlockSubmitResult.Invalid.class, result);
    assertEquals(main.get(1).hash(), state.tip().hash());
    assertEquals(BlockStatus.INVALID, state.status(b2.hash()).orElseThrow());
    assertEquals(BlockStatus.INVALID_PARENT, state.status(b3.hash()).orElseThrow());
    assertEquals(BlockStatus.FULLY_VALID, state.status(b1.hash()).orElseThrow());
    assertEquals(replayDigest(main), state.utxoDigest());
  }

  @Test
  void reorgDeeperThanTheMaximum_isRefused() throws StoreException {
    ChainParams shallow = PARAMS.toBuilder().maxReorgDepth(2).build();
    TestChainBuilder builder = TestChainBuilder.of(shallow);
    ChainState state = ChainStates.inMemory(shallow, new MutableClock(builder.clockStart()));
    List<Block> main = builder.extend(builder.genesis(), 4);
    List<Block> fork = builder.extend(builder.genesis(), 6);
    submitAll(state, main);
    List<BlockSubmitResult> results = new ArrayList<>();
    for (Block block : fork) {
      results.add(state.submitBlock(block));
    }
    BlockSubmitResult.Ignored ignored =
        assertInstanceOf(BlockSubmitResult.Ignored.class, results.get(4));
    assertEquals(InvalidReason.REORG_TOO_DEEP, ignored.reason());
    assertTrue(!ignored.reason().penalize());
    assertEquals(main.get(3).hash(), state.tip().hash());
  }

  @Test
  void orphans_connectWhenTheParentArrives() throws StoreException {
    List<Block> blocks = chain.extend(chain.genesis(), 3);
    ChainState state = fresh();
    BlockSubmitResult third = state.submitBlock(blocks.get(2));
    assertEquals(new BlockSubmitResult.Orphan(blocks.get(1).hash()), third);
    assertEquals(
        new BlockSubmitResult.Orphan(blocks.get(0).hash()), state.submitBlock(blocks.get(1)));
    assertEquals(
        new BlockSubmitResult.Duplicate(blocks.get(1).hash()), state.submitBlock(blocks.get(1)));
    assertEquals(2, state.orphanCount());

    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(blocks.get(0)));
    assertEquals(blocks.get(2).hash(), state.tip().hash());
    assertEquals(0, state.orphanCount());
  }

  @Test
  void orphanPool_isBoundedInCountAndAge() throws StoreException {
    ChainState state =
        ChainStates.builder(PARAMS, clock)
            .blockStore(InMemoryBlockStore.create())
            .chainStore(new InMemoryChainStore())
            .orphanLimits(2, 1 << 20, Duration.ofMinutes(5))
            .build();
    List<Block> blocks = chain.extend(chain.genesis(), 5);
    for (int i = 1; i < 5; i++) {
      state.submitBlock(blocks.get(i));
    }
    assertEquals(2, state.orphanCount(), "the oldest orphans were evicted");

    clock.advance(Duration.ofMinutes(6));
    Block late = chain.on(chain.extend(chain.genesis(), 1).get(0)).build();
    state.submitBlock(late);
    assertEquals(1, state.orphanCount(), "expired orphans were dropped");
  }

  @Test
  void listeners_fireInOrderAfterTheChange() throws StoreException {
    Block a1 = chain.on(chain.genesis()).build();
    Block a2 = chain.on(a1).build();
    List<Block> b = chain.extend(chain.genesis(), 3);
    ChainState state = fresh();
    submitAll(state, List.of(a1, a2, b.get(0), b.get(1)));
    List<String> events = new ArrayList<>();
    state.addListener(
        new ChainListener() {
          @Override
          public void blockConnected(Block block, Height height) {
            // Called after the change: the block is already on the best chain.
            events.add("+" + height.value() + (state.isOnBestChain(block.hash()) ? ":ok" : ":?"));
          }

          @Override
          public void blockDisconnected(Block block, Height height) {
            events.add("-" + height.value());
          }

          @Override
          public void tipChanged(ChainTip tip) {
            events.add("tip" + tip.height().value() + (tip.equals(state.tip()) ? "" : "!"));
          }
        });
    state.submitBlock(b.get(2));
    assertEquals(List.of("-2", "-1", "+1:ok", "+2:ok", "+3:ok", "tip3"), events);
  }

  @Test
  void locatorAndHeadersAfter() throws StoreException {
    List<Block> blocks = chain.extend(chain.genesis(), 40);
    ChainState state = fresh();
    submitAll(state, blocks);
    List<Hash> locator = state.locator();
    assertEquals(blocks.get(39).hash(), locator.get(0));
    assertEquals(PARAMS.genesisHash(), locator.get(locator.size() - 1));
    assertEquals(blocks.get(30).hash(), locator.get(9), "ten dense entries");
    assertEquals(blocks.get(28).hash(), locator.get(10), "then doubling steps");
    assertTrue(locator.size() <= 101);

    List<BlockHeader> after = state.headersAfter(List.of(blocks.get(9).hash(), Hash.ZERO), 5);
    assertEquals(5, after.size());
    assertEquals(blocks.get(10).header(), after.get(0));
    assertEquals(40, state.headersAfter(List.of(Hash.ZERO), 100).size(), "unknown: after genesis");
    assertEquals(blocks.get(20).header(), state.headerAt(Height.of(21)).orElseThrow());
    assertEquals(blocks.get(5), state.blockAt(Height.of(6)).orElseThrow());
    assertEquals(
        blocks.get(7).encodedView(), state.encodedBlock(blocks.get(7).hash()).orElseThrow());
    assertEquals(Optional.empty(), state.encodedBlock(Hash.ZERO));
  }

  @Test
  void headersFirst_thenBlocks() throws StoreException {
    List<Block> blocks = chain.extend(chain.genesis(), 4);
    ChainState state = fresh();
    List<BlockHeader> headers = blocks.stream().map(Block::header).toList();
    assertEquals(ValidationResult.accept(), state.submitHeaders(headers));
    assertEquals(BlockStatus.HEADER_VALID, state.status(blocks.get(3).hash()).orElseThrow());
    assertEquals(0, state.tip().height().value(), "no data yet: no fork choice");
    assertEquals(
        InvalidReason.UNKNOWN_PARENT,
        state
            .submitHeaders(List.of(chain.on(chain.on(blocks.get(3)).build()).build().header()))
            .requireReason());

    state.submitBlock(blocks.get(1)); // parent's data missing: stored, waits
    assertEquals(0, state.tip().height().value());
    submitAll(state, List.of(blocks.get(0), blocks.get(2), blocks.get(3)));
    assertEquals(blocks.get(3).hash(), state.tip().hash());
  }

  @Test
  void utxoSnapshot_answersAsOfItsTip() throws StoreException {
    Block a1 = chain.on(chain.genesis()).build();
    Transaction spend = chain.spendCoinbase(a1, PAYEE, Amount.ZERO);
    Block a2 = chain.on(a1).add(spend).build();
    ChainState state = fresh();
    state.submitBlock(a1);
    UtxoSnapshot before = state.utxoSnapshot();
    OutPoint coinbaseOut = OutPoint.of(a1.transactions().get(0).txid(), 0);
    OutPoint paid = OutPoint.of(spend.txid(), 0);
    state.submitBlock(a2);

    assertTrue(before.coin(coinbaseOut).isPresent());
    assertEquals(Optional.empty(), before.coin(paid));
    assertEquals(Optional.empty(), state.coin(coinbaseOut));
    assertEquals(PAYEE, state.coin(paid).orElseThrow().address());
    assertTrue(state.utxoSnapshot().recentlySpent(coinbaseOut));
  }

  @Test
  void snapshotOlderThanTheHistory_cannotBeRead() throws StoreException {
    ChainState state =
        ChainStates.builder(PARAMS, clock)
            .blockStore(InMemoryBlockStore.create())
            .chainStore(new InMemoryChainStore())
            .snapshotHistory(2, 1000)
            .build();
    UtxoSnapshot old = state.utxoSnapshot();
    submitAll(state, chain.extend(chain.genesis(), 3));
    assertThrows(IllegalStateException.class, () -> old.coin(OutPoint.of(Hash.ZERO, 0)));
  }

  @Test
  void transactionAndAddressIndexes_followReorgs() throws StoreException {
    ChainState state =
        ChainStates.builder(PARAMS, clock)
            .blockStore(InMemoryBlockStore.create())
            .chainStore(new InMemoryChainStore())
            .txIndex(true)
            .addressIndex(true)
            .build();
    Block a1 = chain.on(chain.genesis()).build();
    Transaction spend = chain.spendCoinbase(a1, PAYEE, Amount.ZERO);
    Block a2 = chain.on(a1).add(spend).build();
    submitAll(state, List.of(a1, a2));
    assertEquals(
        new TxLocation(a2.hash(), Height.of(2), 1),
        state.transactionLocation(spend.txid()).orElseThrow());
    assertEquals(
        List.of(OutPoint.of(spend.txid(), 0)), List.copyOf(state.addressUnspent(PAYEE).keySet()));
    assertEquals(List.of(spend.txid()), state.addressHistory(PAYEE));

    Block b2 = chain.on(a1).build();
    submitAll(state, List.of(b2, chain.on(b2).build()));
    assertEquals(Optional.empty(), state.transactionLocation(spend.txid()));
    assertEquals(0, state.addressUnspent(PAYEE).size());
    assertEquals(List.of(), state.addressHistory(PAYEE));
    Address miner = TestChainBuilder.minerAddress();
    assertEquals(3, state.addressUnspent(miner).size(), "a1's coinbase restored, b2, b3");
  }

  @Test
  void indexesOff_queriesThrow() throws StoreException {
    ChainState state = fresh();
    assertThrows(IllegalStateException.class, () -> state.transactionLocation(Hash.ZERO));
    assertThrows(IllegalStateException.class, () -> state.addressHistory(PAYEE));
  }

  @Test
  void proofOfAuthority_inTurnWeightDecidesForks() throws StoreException {
    TestChainBuilder poa = TestChainBuilder.proofOfAuthority(3);
    ChainState state = ChainStates.inMemory(poa.params(), new MutableClock(poa.clockStart()));
    // Height 1: signer 1 is in turn. An out-of-turn block (weight 1) arrives first...
    Block outOfTurn = poa.on(poa.genesis()).signer(2).build();
    Block inTurn = poa.on(poa.genesis()).build();
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(outOfTurn));
    // ...and the in-turn sibling (weight 2) takes over.
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(inTurn));
    assertEquals(inTurn.hash(), state.tip().hash());

    // In turn twice (2 + 2 = 4) against out of turn four times (1 + 1 + 1 + 1 = 4): a tie, so
    // the chain seen first stays; a fifth out-of-turn block (5) wins.
    Block next = poa.on(inTurn).build(); // height 2, signer 2 in turn
    Block rival = outOfTurn;
    int[] signers = {0, 1, 2};
    List<Block> rivals = new ArrayList<>();
    for (int signer : signers) {
      rival = poa.on(rival).signer(signer).build(); // heights 2, 3, 4: never in turn
      rivals.add(rival);
    }
    submitAll(state, List.of(next));
    submitAll(state, rivals);
    assertEquals(next.hash(), state.tip().hash(), "equal weight: the first seen chain stays");
    assertEquals(state.tip().work(), state.chain(rival.hash()).orElseThrow().work());
    Block rival5 = poa.on(rival).signer(0).build(); // height 5: signer 2 is in turn
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(rival5));
    assertEquals(rival5.hash(), state.tip().hash());
  }
}
