package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.node.Node;
import io.elo.node.NodeListener;
import io.elo.node.SimulatedNodes;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Peer;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.Headers;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The penalty table of docs/protocol.md, exercised against a real node. */
@Timeout(60)
class MisbehaviourIT {
  private final TestChainBuilder chain = TestChainBuilder.regtest();

  private record Setup(SimulatedNodes net, Node node, ScriptedPeer peer, List<String> gone) {}

  private Setup setup(long seed, List<Block> peerChain) {
    SimulatedNodes net = SimulatedNodes.create(seed, chain.params(), chain.clockStart());
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
    ScriptedPeer peer =
        ScriptedPeer.start(net.network(), chain.params(), peerChain, ScriptedPeer.Blocks.HONEST);
    return new Setup(net, node, peer, gone);
  }

  private static void connect(Setup s) {
    s.net().await(s.node().connect(s.peer().network().listenAddress().orElseThrow()));
    s.net().runFor(Duration.ofSeconds(1));
  }

  @Test
  void statusWithAnotherGenesis_disconnectsWithWrongNetwork() {
    Setup s = setup(51, List.of(chain.genesis()));
    try (SimulatedNodes net = s.net()) {
      s.peer().claimGenesis(Hash.sha256(new byte[] {9}));
      connect(s);
      assertTrue(net.runUntil(() -> !s.gone().isEmpty(), Duration.ofSeconds(10)));
      assertEquals(List.of("WRONG_NETWORK"), s.gone());
    }
  }

  @Test
  void oversizeHeadersMessage_bansThePeer() {
    Setup s = setup(52, List.of(chain.genesis()));
    try (SimulatedNodes net = s.net()) {
      connect(s);
      ByteString header = ByteString.copyFrom(chain.genesis().header().encode());
      s.peer()
          .sendRaw(
              ChainMessage.newBuilder()
                  .setHeaders(
                      Headers.newBuilder().addAllHeaders(Collections.nCopies(2001, header)))
                  .build()
                  .toByteArray());
      assertTrue(
          net.runUntil(
              () -> s.node().network().isBanned(s.peer().network().nodeId()),
              Duration.ofSeconds(10)));
    }
  }

  @Test
  void unrequestedBlockFlood_disconnects_butABurstIsTolerated() {
    List<Block> blocks = chain.extend(chain.genesis(), 30);
    List<Block> peerChain = new ArrayList<>();
    peerChain.add(chain.genesis());
    Setup s = setup(53, peerChain);
    try (SimulatedNodes net = s.net()) {
      connect(s);
      for (Block block : blocks.subList(0, 8)) {
        s.peer().sendRaw(TestMessages.block(block));
      }
      net.runFor(Duration.ofSeconds(2));
      assertEquals(8, s.node().tip().height().value(), "a burst of 8 pushed blocks is accepted");
      assertTrue(s.gone().isEmpty());
      for (Block block : blocks.subList(8, 30)) {
        s.peer().sendRaw(TestMessages.block(block));
      }
      assertTrue(net.runUntil(() -> !s.gone().isEmpty(), Duration.ofSeconds(10)));
      assertEquals(List.of("MISBEHAVIOUR"), s.gone());
      assertFalse(s.node().network().isBanned(s.peer().network().nodeId()), "minor: no ban");
    }
  }

  @Test
  void blockWithUnknownParent_startsHeaderSyncWithTheSender() {
    List<Block> peerChain = new ArrayList<>();
    peerChain.add(chain.genesis());
    peerChain.addAll(chain.extend(chain.genesis(), 40));
    Setup s = setup(54, peerChain);
    try (SimulatedNodes net = s.net()) {
      s.peer().claimWork(io.elo.consensus.ChainWork.ZERO); // no reason to sync on connect
      connect(s);
      assertEquals(0, s.peer().headerRequests());
      s.peer().sendRaw(TestMessages.block(peerChain.get(40))); // parent unknown
      Block tip = peerChain.get(40);
      assertTrue(
          net.runUntil(() -> s.node().tip().hash().equals(tip.hash()), Duration.ofSeconds(30)),
          "gap found and filled");
      assertTrue(s.peer().headerRequests() >= 1);
      assertTrue(s.gone().isEmpty());
    }
  }
}
