package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.elo.consensus.ChainWork;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.sync.ScriptedPeer;
import io.elo.sync.SyncConfig;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.InvTx;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Adversarial scenario on full nodes: three peers announce a transaction first and never deliver
 * it. Each is asked once; after each request timeout the next announcer is asked, so the
 * transaction arrives from the honest peer no sooner than one timeout and no later than one
 * timeout (plus a 500 ms tick) per censor; nobody is punished for not answering.
 */
@Timeout(60)
class CensorshipScenarioIT {
  private static final int CENSORS = 3;

  @Test
  void severalCensoringFirstAnnouncers_delayATransactionByAtMostOneTimeoutEach() {
    TestChainBuilder chain = TestChainBuilder.regtest();
    Duration timeout = SyncConfig.defaults().txRequestTimeout();
    Duration tick = SyncConfig.defaults().tickInterval();
    try (SimulatedNodes net = SimulatedNodes.create(961, chain.params(), chain.clockStart())) {
      Node victim = net.add();
      Node honest = net.add();
      net.connect(victim, honest);
      List<Block> prefix = chain.extend(chain.genesis(), 15);
      prefix.forEach(block -> net.submit(honest, block));
      assertTrue(
          net.runUntil(
              () -> SimulatedNodes.sameTip(List.of(victim, honest)), Duration.ofSeconds(30)));
      List<ScriptedPeer> censors = new ArrayList<>();
      for (int i = 0; i < CENSORS; i++) {
        ScriptedPeer censor =
            ScriptedPeer.start(
                net.network(),
                chain.params(),
                List.of(chain.genesis()),
                ScriptedPeer.Blocks.HONEST);
        censor.claimWork(ChainWork.ZERO);
        net.await(victim.connect(censor.network().listenAddress().orElseThrow()));
        censors.add(censor);
      }
      net.runFor(Duration.ofSeconds(1));

      Transaction tx = TxFixtures.spendCoinbase(chain, prefix.get(0), 1);
      byte[] inv =
          ChainMessage.newBuilder()
              .setInvTx(InvTx.newBuilder().addWtxids(ByteString.copyFrom(tx.wtxid().toBytes())))
              .build()
              .toByteArray();
      censors.forEach(c -> c.sendRaw(inv));
      net.runFor(Duration.ofMillis(200));
      Instant submitted = net.scheduler().instant();
      TxFixtures.submit(honest, tx);
      Duration limit = timeout.plus(tick).multipliedBy(CENSORS).plusSeconds(2);
      assertTrue(
          net.runUntil(
              () -> victim.mempool().transactionByWtxid(tx.wtxid()).isPresent(),
              limit.plusSeconds(10)),
          "delivered by the honest peer");
      Duration took = Duration.between(submitted, net.scheduler().instant());
      System.out.printf(
          "CensorshipScenarioIT: %d censors delayed the transaction %s%n", CENSORS, took);
      assertTrue(
          took.compareTo(timeout.minusMillis(300)) >= 0, "a censor was asked first: " + took);
      assertTrue(took.compareTo(limit) <= 0, "at most one timeout per censor: " + took);
      net.runFor(Duration.ofSeconds(10));
      int asked = 0;
      for (ScriptedPeer censor : censors) {
        assertTrue(censor.txRequests() <= 1, "never asked twice");
        asked += censor.txRequests();
        assertTrue(victim.network().peer(censor.network().nodeId()).isPresent(), "not punished");
        assertFalse(victim.network().isBanned(censor.network().nodeId()));
      }
      assertEquals(CENSORS, asked, "every first announcer was asked before the honest peer");
      assertEquals(CENSORS + 1, victim.peers().size());
    }
  }
}
