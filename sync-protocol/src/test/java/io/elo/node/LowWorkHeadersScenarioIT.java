package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.elo.consensus.ChainWork;
import io.elo.model.Block;
import io.elo.sync.ScriptedPeer;
import io.elo.sync.SyncStatus;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.Headers;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.TestChainBuilder;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Adversarial scenario: three peers at once feed long, well-linked header chains lighter than the
 * victim's tip minus the 144-block allowance (each claiming enormous work, so they are asked) and
 * push short low-work forks off old blocks. Presync memory stays within its documented bound (the
 * rules' window plus at most 2,500 buffered headers per presyncing peer) at every sample, no
 * attacker header reaches the block index, nobody is banned, and the real chain still syncs.
 */
@Timeout(90)
class LowWorkHeadersScenarioIT {
  private static final int TIP = 2300;
  private static final int SPAMMERS = 3;
  // Two batches (presync, then a short end), lighter than the tip minus 144 blocks.
  private static final int SPAM_LENGTH = TIP - 150;
  private static final int PER_PEER_BOUND = 12 + 2500; // MTP window + 1, redownload buffer

  private static byte[] headersMessage(List<Block> blocks) {
    Headers.Builder headers = Headers.newBuilder();
    blocks.forEach(b -> headers.addHeaders(ByteString.copyFrom(b.header().encode())));
    return ChainMessage.newBuilder().setHeaders(headers).build().toByteArray();
  }

  @Test
  void lowWorkHeaderSpamFromSeveralPeers_staysOutOfTheIndex_withinThePresyncBound()
      throws Exception {
    TestChainBuilder builder = TestChainBuilder.regtest();
    List<Block> honest = builder.extend(builder.genesis(), TIP + 20);
    List<List<Block>> spam = new ArrayList<>();
    for (int i = 0; i < SPAMMERS; i++) {
      List<Block> chain = new ArrayList<>();
      chain.add(builder.genesis());
      chain.addAll(builder.extend(builder.genesis(), SPAM_LENGTH));
      spam.add(chain);
    }
    // Short forks off old blocks, pushed as announcements: each lighter than the bound.
    List<List<Block>> forks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      forks.add(builder.extend(honest.get(100 + 50 * i), 8));
    }
    try (SimulatedNodes net = SimulatedNodes.create(941, builder.params(), builder.clockStart())) {
      Node victim = net.add();
      for (Block block : honest.subList(0, TIP)) {
        assertTrue(victim.chainState().submitBlock(block) instanceof BlockSubmitResult.Connected);
      }
      List<ScriptedPeer> spammers = new ArrayList<>();
      for (List<Block> chain : spam) {
        ScriptedPeer spammer =
            ScriptedPeer.start(net.network(), builder.params(), chain, ScriptedPeer.Blocks.HONEST);
        spammer.claimWork(ChainWork.of(BigInteger.ONE.shiftLeft(200)));
        spammers.add(spammer);
        net.await(victim.connect(spammer.network().listenAddress().orElseThrow()));
      }
      for (int i = 0; i < forks.size(); i++) {
        spammers.get(i % SPAMMERS).sendRaw(headersMessage(forks.get(i)));
      }
      int maxPresyncing = 0;
      int maxHeld = 0;
      for (int sample = 0; sample < 300; sample++) { // 30 s of virtual time, every 100 ms
        net.runFor(Duration.ofMillis(100));
        SyncStatus status = victim.syncStatus();
        assertTrue(
            status.presyncHeadersHeld() <= status.presyncingPeers() * PER_PEER_BOUND,
            "presync memory within its bound: " + status);
        maxPresyncing = Math.max(maxPresyncing, status.presyncingPeers());
        maxHeld = Math.max(maxHeld, status.presyncHeadersHeld());
      }
      System.out.printf(
          "LowWorkHeadersScenarioIT: at most %d presyncing peers holding %d headers%n",
          maxPresyncing, maxHeld);
      assertTrue(maxPresyncing >= 1, "the samples saw presyncs");
      assertTrue(maxHeld > 0 && maxHeld <= maxPresyncing * PER_PEER_BOUND);
      for (ScriptedPeer spammer : spammers) {
        assertTrue(spammer.headerRequests() >= 2, "the second batch was asked (presync)");
        // Each presync is a handful of requests; announcements crossing a request once made the
        // victim re-request the chain forever (every reply paired with the wrong request).
        assertTrue(spammer.headerRequests() <= 8, "no request loop: " + spammer.headerRequests());
        assertEquals(0, spammer.blockRequests(), "no block of a light chain is fetched");
        assertFalse(victim.network().isBanned(spammer.network().nodeId()), "low work: no fault");
      }
      SyncStatus after = victim.syncStatus();
      assertEquals(0, after.presyncingPeers());
      assertEquals(0, after.presyncHeadersHeld(), "presync memory released");
      // The block index: no attacker header entered it (every one the attackers had).
      for (List<Block> chain : spam) {
        for (Block block : chain.subList(1, chain.size())) {
          assertTrue(victim.chainState().status(block.hash()).isEmpty(), "spam header stored");
        }
      }
      for (List<Block> fork : forks) {
        for (Block block : fork) {
          assertTrue(victim.chainState().status(block.hash()).isEmpty(), "fork header stored");
        }
      }
      assertEquals(TIP, victim.tip().height().value());

      Node source = net.add();
      for (Block block : honest) {
        source.chainState().submitBlock(block);
      }
      net.connect(victim, source);
      Block tip = honest.get(honest.size() - 1);
      assertTrue(
          net.runUntil(() -> victim.tip().hash().equals(tip.hash()), Duration.ofMinutes(1)),
          "the real chain syncs: " + victim.syncStatus());
    }
  }
}
