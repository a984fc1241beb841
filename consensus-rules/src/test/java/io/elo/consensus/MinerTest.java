package io.elo.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.model.TxOutput;
import java.math.BigInteger;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MinerTest {
  private static final Address PAY_TO = Address.of(Hash.sha256d(new byte[] {9}));
  private static final ThreadFactory DAEMONS =
      r -> {
        Thread t = new Thread(r, "test-miner");
        t.setDaemon(true);
        return t;
      };

  /** A chain whose every target is 1: no nonce will meet it. */
  private static ChainParams impossible() {
    return ChainParams.regtest().toBuilder().powLimit(Target.of(BigInteger.ONE)).build();
  }

  @Test
  void regtest_minesABlockMeetingTheTargetPayingSubsidyAndFees() throws Exception {
    ChainParams params = ChainParams.regtest();
    ListHeaderChain tip = ListHeaderChain.genesis(params);
    Transaction spend =
        Transaction.of(
            1,
            List.of(TxInput.unsigned(OutPoint.of(Hash.sha256d(new byte[] {4}), 0))),
            List.of(TxOutput.of(Amount.ofCoins(1), PAY_TO)),
            Height.ZERO);
    Amount fees = Amount.ofAtoms(12_345);
    BlockingQueue<Block> found = new LinkedBlockingQueue<>();
    Miner miner =
        Miner.builder(params)
            .tips(() -> tip)
            .templates(max -> BlockTemplate.of(List.of(spend), fees))
            .sink(found::add)
            .payTo(PAY_TO)
            .threads(2)
            .clock(InstantSource.system())
            .threadFactory(DAEMONS)
            .build();
    miner.start();
    Block block = found.poll(30, TimeUnit.SECONDS);
    miner.stop();

    assertTrue(block != null, "a block was found");
    BlockHeader header = block.header();
    assertEquals(tip.hash(), header.previousHash());
    assertTrue(Target.fromCompact(header.bits()).isMetBy(header.hash()));
    assertTrue(ConsensusRules.forParams(params).checkHeader(header, tip).isValid());
    assertEquals(Block.computeMerkleRoot(block.transactions()), header.merkleRoot());
    Transaction coinbase = block.transactions().get(0);
    assertTrue(coinbase.isCoinbase());
    assertEquals(Height.of(1), coinbase.coinbaseHeight());
    assertEquals(
        List.of(TxOutput.of(params.subsidy(Height.of(1)).plus(fees), PAY_TO)), coinbase.outputs());
    assertEquals(spend, block.transactions().get(1));
    assertTrue(header.timestamp() > tip.medianTimePast());
    assertTrue(miner.blocksProduced() >= 1);
    assertTrue(miner.hashes() >= 1);
    assertFalse(miner.isRunning());
  }

  @Test
  void onNewTip_abandonsWorkAtOnce() throws Exception {
    ChainParams params = impossible();
    ListHeaderChain first = ListHeaderChain.genesis(params);
    ListHeaderChain second =
        first.extend(
            BlockHeader.of(
                1, first.hash(), Hash.ZERO, first.header().timestamp() + 10, 0x01010000, 0));
    ListHeaderChain[] tip = {first};
    BlockingQueue<BlockHeader> candidates = new LinkedBlockingQueue<>();
    Miner miner =
        Miner.builder(params)
            .tips(() -> tip[0])
            .sink(b -> {})
            .payTo(PAY_TO)
            .clock(InstantSource.system())
            .threadFactory(DAEMONS)
            .candidateObserver(candidates::add)
            .build();
    miner.start();
    assertEquals(first.hash(), candidates.poll(10, TimeUnit.SECONDS).previousHash());
    tip[0] = second;
    long before = System.nanoTime();
    miner.onNewTip();
    BlockHeader next;
    do {
      next = candidates.poll(10, TimeUnit.SECONDS);
    } while (next != null && !next.previousHash().equals(second.hash()));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
    miner.stop();
    assertTrue(next != null, "a candidate on the new tip");
    // The miner checks every 4096 nonces (~2 ms); allow for a slow, shared CI machine.
    assertTrue(millis < 1_000, "switched after " + millis + " ms");
    assertFalse(miner.isRunning());
  }

  @Test
  void exhaustedNonceRange_rollsTheTimestamp() throws Exception {
    ChainParams params = impossible();
    ListHeaderChain tip = ListHeaderChain.genesis(params);
    List<BlockHeader> candidates = new CopyOnWriteArrayList<>();
    InstantSource frozen = InstantSource.fixed(Instant.ofEpochSecond(1_800_000_000L));
    Miner miner =
        Miner.builder(params)
            .tips(() -> tip)
            .sink(b -> {})
            .payTo(PAY_TO)
            .clock(frozen)
            .threadFactory(DAEMONS)
            .nonceRange(100)
            .candidateObserver(candidates::add)
            .build();
    miner.start();
    for (int i = 0; i < 1000 && candidates.size() < 3; i++) {
      Thread.sleep(10);
    }
    miner.stop();
    assertTrue(candidates.size() >= 3, "candidates: " + candidates.size());
    for (int i = 1; i < 3; i++) {
      assertEquals(
          candidates.get(i - 1).timestamp() + 1,
          candidates.get(i).timestamp(),
          "the frozen clock cannot move it; the roll does");
      assertEquals(tip.hash(), candidates.get(i).previousHash());
    }
    assertEquals(1_800_000_000L, candidates.get(0).timestamp());
  }

  @Test
  void hashRate_isPositiveWhileMining() throws Exception {
    ChainParams params = impossible();
    ListHeaderChain tip = ListHeaderChain.genesis(params);
    Miner miner =
        Miner.builder(params)
            .tips(() -> tip)
            .sink(b -> {})
            .payTo(PAY_TO)
            .clock(InstantSource.system())
            .threadFactory(DAEMONS)
            .build();
    miner.start();
    for (int i = 0; i < 500 && miner.hashes() < 10_000; i++) {
      Thread.sleep(10);
    }
    Thread.sleep(20);
    double rate = miner.hashRate();
    miner.stop();
    assertTrue(rate > 0, "rate " + rate);
    assertEquals(0, miner.blocksProduced());
  }
}
