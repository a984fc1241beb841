package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainWork;
import io.elo.consensus.ConsensusRules;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.validation.ChainState;
import io.elo.validation.ChainStates;
import io.elo.validation.ChainTip;
import io.elo.validation.TestChainBuilder;
import java.math.BigInteger;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HeaderPresyncTest {
  private static TestChainBuilder builder;
  private static List<BlockHeader> chainA;
  private static List<BlockHeader> chainB;
  private static ChainTip genesis;
  private static ConsensusRules rules;
  private static Instant now;

  @BeforeAll
  static void build() throws Exception {
    builder = TestChainBuilder.regtest();
    chainA = headers(builder.extend(builder.genesis(), 5000));
    chainB = headers(builder.extend(builder.genesis(), 3000));
    now = builder.clockStart();
    try (ChainState state = ChainStates.inMemory(builder.params(), InstantSource.fixed(now))) {
      genesis = state.tip();
    }
    rules = ConsensusRules.forParams(builder.params());
  }

  private static List<BlockHeader> headers(List<Block> blocks) {
    List<BlockHeader> out = new ArrayList<>();
    blocks.forEach(b -> out.add(b.header()));
    return out;
  }

  private static ChainWork workOf(int blocks) {
    BigInteger per = rules.weight(builder.genesis().header()).value();
    return genesis.work().add(ChainWork.of(per.multiply(BigInteger.valueOf(blocks))));
  }

  private static HeaderPresync presync(int thresholdBlocks) {
    return new HeaderPresync(builder.params(), rules, genesis, workOf(thresholdBlocks), 42L, 7);
  }

  private static HeaderPresync.Step feed(HeaderPresync p, List<BlockHeader> all, int from) {
    int to = Math.min(all.size(), from + TestMessages.MAX_HEADERS);
    return p.feed(all.subList(from, to), to - from == TestMessages.MAX_HEADERS, now);
  }

  @Test
  void lowWorkChain_isCheckedInBoundedMemory_andDropped() {
    HeaderPresync p = presync(10_000);
    assertEquals(HeaderPresync.Kind.MORE, feed(p, chainA, 0).kind());
    assertEquals(HeaderPresync.Kind.MORE, feed(p, chainA, 2000).kind());
    assertTrue(p.headersHeld() <= builder.params().medianTimePastWindow() + 1, "window only");
    assertEquals(HeaderPresync.Kind.LOW_WORK, feed(p, chainA, 4000).kind());
    assertEquals(5000, p.count());
    assertEquals(5000 / HeaderPresync.COMMITMENT_PERIOD, p.commitmentCount());
  }

  @Test
  void chainReachingThreshold_isRedownloaded_andReleasedAfterMatching() {
    HeaderPresync p = presync(4500);
    assertEquals(HeaderPresync.Kind.MORE, feed(p, chainA, 0).kind());
    assertEquals(HeaderPresync.Kind.MORE, feed(p, chainA, 2000).kind());
    assertEquals(HeaderPresync.Kind.REDOWNLOAD, feed(p, chainA, 4000).kind());
    assertEquals(genesis.hash(), p.locator().get(0), "redownload starts at the fork point");
    List<BlockHeader> released = new ArrayList<>();
    HeaderPresync.Step step = feed(p, chainA, 0);
    assertEquals(HeaderPresync.Kind.MORE, step.kind());
    released.addAll(step.release());
    assertEquals(0, released.size(), "held until 2,500 headers matched");
    step = feed(p, chainA, 2000);
    assertEquals(HeaderPresync.Kind.MORE, step.kind());
    released.addAll(step.release());
    assertEquals(4000 - HeaderPresync.REDOWNLOAD_BUFFER, released.size());
    step = feed(p, chainA, 4000);
    assertEquals(HeaderPresync.Kind.DONE, step.kind());
    released.addAll(step.release());
    // The batch that crosses the threshold is released whole, in order.
    assertEquals(chainA.size(), released.size());
    assertTrue(released.equals(chainA), "released in chain order");
  }

  @Test
  void redownloadOfAnotherChain_isAMismatch() {
    HeaderPresync p = presync(2500);
    feed(p, chainA, 0);
    assertEquals(HeaderPresync.Kind.REDOWNLOAD, feed(p, chainA, 2000).kind());
    // Another chain from the same fork point: some salted commitment bit differs.
    assertEquals(HeaderPresync.Kind.MISMATCH, feed(p, chainB, 0).kind());
  }

  @Test
  void headersNotContinuingTheChain_areDisconnected() {
    HeaderPresync p = presync(10_000);
    feed(p, chainA, 0);
    assertEquals(HeaderPresync.Kind.DISCONNECTED, feed(p, chainA, 2500).kind());
  }

  @Test
  void headerBelowMedianTimePast_isInvalid() {
    HeaderPresync p = presync(10_000);
    List<BlockHeader> bad = new ArrayList<>(chainA.subList(0, 20));
    bad.set(19, bad.get(19).withTimestamp(builder.genesis().header().timestamp()));
    assertEquals(HeaderPresync.Kind.INVALID, p.feed(bad, false, now).kind());
  }

  @Test
  void headerFromTheFuture_endsPresyncWithoutFault() {
    HeaderPresync p = presync(10_000);
    List<BlockHeader> future = new ArrayList<>(chainA.subList(0, 20));
    future.set(19, future.get(19).withTimestamp(now.plusSeconds(86_400).getEpochSecond()));
    assertEquals(HeaderPresync.Kind.TOO_NEW, p.feed(future, false, now).kind());
  }
}
