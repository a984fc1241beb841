package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.elo.mempool.AdmissionResult;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.node.FundedChain;
import io.elo.node.Node;
import io.elo.node.NodeListener;
import io.elo.node.SimulatedNodes;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.sync.internal.proto.ChainMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Compact block penalties of docs/protocol.md: faults are reported, collisions never. */
@Timeout(60)
class CompactMisbehaviourIT {
  private final FundedChain funded = new FundedChain(20);

  private record Setup(SimulatedNodes net, Node node, ScriptedPeer peer, List<String> gone) {}

  /** A node at the funding block and a scripted peer serving {@code peerBlocks} after it. */
  private Setup setup(long seed, List<Block> peerBlocks) {
    SimulatedNodes net =
        SimulatedNodes.create(seed, FundedChain.PARAMS, funded.chain().clockStart());
    List<String> gone = new CopyOnWriteArrayList<>();
    Node node =
        net.add(
            net.builder()
                .listener(
                    new NodeListener() {
                      @Override
                      public void peerDisconnected(Peer peer, DisconnectReason reason) {
                        gone.add(reason.name());
                      }
                    }));
    net.submit(node, funded.funding());
    List<Block> chain = new ArrayList<>();
    chain.add(funded.chain().genesis());
    chain.add(funded.funding());
    chain.addAll(peerBlocks);
    ScriptedPeer peer =
        ScriptedPeer.start(net.network(), FundedChain.PARAMS, chain, ScriptedPeer.Blocks.HONEST);
    peer.claimWork(io.elo.consensus.ChainWork.ZERO); // the node learns blocks only as pushed
    net.await(node.connect(peer.network().listenAddress().orElseThrow()));
    net.runFor(Duration.ofSeconds(1));
    return new Setup(net, node, peer, gone);
  }

  @Test
  void aShortIdCollision_fallsBackToTheFullBlock_withoutPenalty() {
    List<Transaction> txs = funded.nextTransactions(3);
    Transaction impostor = funded.nextTransactions(1).get(0);
    Block block = funded.blockOn(funded.funding(), txs);
    Setup s = setup(81, List.of(block));
    try (SimulatedNodes net = s.net()) {
      Node node = s.node();
      for (Transaction tx : List.of(txs.get(0), txs.get(2), impostor)) {
        assertInstanceOf(AdmissionResult.Accepted.class, node.submitTransaction(tx));
      }
      // The short id of txs[1] is replaced by the impostor's, as if the two collided.
      ChainMessage.Builder m = ChainMessage.newBuilder();
      try {
        m.mergeFrom(TestMessages.compactBlock(block, 5));
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
      byte[] ids = m.getCompactBlock().getShortIds().toByteArray();
      ShortIds.write(ShortIds.of(block.header(), 5).shortId(impostor.wtxid()), ids, 6);
      m.getCompactBlockBuilder().setShortIds(ByteString.copyFrom(ids));
      s.peer().sendRaw(m.build().toByteArray());
      assertTrue(
          net.runUntil(() -> node.tip().hash().equals(block.hash()), Duration.ofSeconds(10)));
      assertEquals(new CompactBlockStats(1, 0, 0, 1), node.compactBlockStats());
      assertEquals(1, s.peer().blockRequests(), "the full block was asked");
      assertTrue(s.gone().isEmpty(), "no penalty for a collision");
    }
  }

  @Test
  void anUnansweredGetBlockTxn_fallsBackToTheFullBlock_afterTheTimeout() {
    List<Transaction> txs = funded.nextTransactions(2);
    Block block = funded.blockOn(funded.funding(), txs);
    Setup s = setup(82, List.of(block)); // the scripted peer never answers GetBlockTxn
    try (SimulatedNodes net = s.net()) {
      s.peer().sendRaw(TestMessages.compactBlock(block, 6));
      net.runFor(Duration.ofSeconds(2));
      assertEquals(0, s.peer().blockRequests());
      assertTrue(
          net.runUntil(() -> s.node().tip().hash().equals(block.hash()), Duration.ofSeconds(10)));
      assertEquals(new CompactBlockStats(1, 0, 1, 1), s.node().compactBlockStats());
      assertTrue(s.gone().isEmpty());
    }
  }

  @Test
  void aCompactBlockWithBadProofOfWork_bansThePeer() {
    Block bad = funded.chain().withBadProofOfWork(funded.blockOn(funded.funding(), List.of()));
    Setup s = setup(83, List.of());
    try (SimulatedNodes net = s.net()) {
      s.peer().sendRaw(TestMessages.compactBlock(bad, 7));
      assertTrue(
          net.runUntil(
              () -> s.node().network().isBanned(s.peer().network().nodeId()),
              Duration.ofSeconds(10)));
      assertEquals(1, s.node().tip().height().value());
    }
  }

  @Test
  void blockTxnForABlockNotAsked_isReported() {
    Block block = funded.blockOn(funded.funding(), funded.nextTransactions(1));
    Setup s = setup(84, List.of());
    try (SimulatedNodes net = s.net()) {
      for (int i = 0; i < 10; i++) {
        s.peer().sendRaw(TestMessages.blockTxn(block.hash(), block.transactions()));
      }
      assertTrue(net.runUntil(() -> !s.gone().isEmpty(), Duration.ofSeconds(10)));
      assertEquals(List.of("MISBEHAVIOUR"), s.gone());
      assertFalse(s.node().network().isBanned(s.peer().network().nodeId()), "minor: no ban");
    }
  }

  @Test
  void aMalformedCompactBlock_bansThePeer() {
    Setup s = setup(85, List.of());
    try (SimulatedNodes net = s.net()) {
      ChainMessage.Builder m = ChainMessage.newBuilder();
      m.getCompactBlockBuilder()
          .setHeader(ByteString.copyFrom(funded.funding().header().encode()))
          .setShortIds(ByteString.copyFrom(new byte[5]));
      s.peer().sendRaw(m.build().toByteArray());
      assertTrue(
          net.runUntil(
              () -> s.node().network().isBanned(s.peer().network().nodeId()),
              Duration.ofSeconds(10)));
    }
  }
}
