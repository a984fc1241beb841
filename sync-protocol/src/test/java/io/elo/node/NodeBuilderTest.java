package io.elo.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.KeyFiles;
import io.elo.crypto.PublicKeyCache;
import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.SimulatedNetwork;
import io.elo.validation.TestChainBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class NodeBuilderTest {
  private final TestChainBuilder chain = TestChainBuilder.regtest();
  private final TestChainBuilder poa = TestChainBuilder.proofOfAuthority(1);
  @TempDir Path dir;

  @Test
  void build_withoutIdentityOrDataDirectory_isRefused() {
    try (SimulatedNodes net = SimulatedNodes.create(1, chain.params(), chain.clockStart())) {
      NodeBuilder b =
          Node.builder().params(chain.params()).transport(net.network().newTransport());
      IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
      assertTrue(e.getMessage().contains("identity"), e.getMessage());
    }
  }

  @Test
  void mining_onProofOfAuthorityChain_isRefusedClearly() {
    try (SimulatedNodes net = SimulatedNodes.create(2, poa.params(), poa.clockStart())) {
      NodeBuilder b = net.builder().mining(TestChainBuilder.minerAddress(), 1);
      IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
      assertTrue(e.getMessage().contains("use sealing"), e.getMessage());
    }
  }

  @Test
  void sealing_onProofOfWorkChain_isRefusedClearly() {
    try (SimulatedNodes net = SimulatedNodes.create(3, chain.params(), chain.clockStart())) {
      NodeBuilder b =
          net.builder()
              .sealing(TestChainBuilder.key(1).privateKey(), TestChainBuilder.minerAddress());
      IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
      assertTrue(e.getMessage().contains("use mining"), e.getMessage());
    }
  }

  @Test
  void transportFactory_isGivenEncryptedSecurityForTheNodeIdentity_byDefault() throws Exception {
    try (SimulatedNodes net = SimulatedNodes.create(4, chain.params(), chain.clockStart())) {
      NodeIdentity identity = net.network().newIdentity();
      List<ChannelSecurity> given = new ArrayList<>();
      Node node =
          net.builder()
              .identity(identity)
              .transport(
                  security -> {
                    given.add(security);
                    return net.network().newTransport();
                  })
              .build();
      node.close();
      assertEquals(1, given.size());
      assertTrue(given.get(0).isEncrypted());
      assertEquals(identity.nodeId(), given.get(0).localNodeId());
    }
  }

  @Test
  void transportFactory_isGivenPlaintextSecurity_whenAsked() throws Exception {
    try (SimulatedNodes net = SimulatedNodes.create(5, chain.params(), chain.clockStart())) {
      List<ChannelSecurity> given = new ArrayList<>();
      Node node =
          net.builder()
              .plaintext()
              .transport(
                  security -> {
                    given.add(security);
                    return net.network().newTransport();
                  })
              .build();
      node.close();
      assertFalse(given.get(0).isEncrypted());
    }
  }

  @Test
  void plaintext_withPrebuiltTransport_isRefused() {
    try (SimulatedNodes net = SimulatedNodes.create(6, chain.params(), chain.clockStart())) {
      assertThrows(IllegalStateException.class, () -> net.builder().plaintext().build());
    }
  }

  @Test
  void keyCache_isEachNodesOwn_andSizedByTheBuilder() {
    try (SimulatedNodes net = SimulatedNodes.create(11, chain.params(), chain.clockStart())) {
      PublicKeyCache first = net.add().chainState().transactionValidator().keyCache();
      PublicKeyCache second = net.add().chainState().transactionValidator().keyCache();
      assertNotSame(first, second);
      assertEquals(NodeBuilder.DEFAULT_KEY_CACHE, first.maxEntries());
      PublicKeyCache none =
          net.add(net.builder().keyCacheSize(0)).chainState().transactionValidator().keyCache();
      assertEquals(0, none.maxEntries());
      assertThrows(IllegalArgumentException.class, () -> net.builder().keyCacheSize(-1));
    }
  }

  @Test
  void startBlockProduction_withoutProducer_isRefused() {
    try (SimulatedNodes net = SimulatedNodes.create(7, chain.params(), chain.clockStart())) {
      Node node = net.add();
      assertThrows(IllegalStateException.class, node::startBlockProduction);
      assertFalse(node.isProducingBlocks());
      assertEquals(0, node.blocksProduced());
    }
  }

  @Test
  void dataDirectory_secondNodeIsRefused_untilTheFirstCloses() throws Exception {
    try (SimulatedNodes net = SimulatedNodes.create(8, chain.params(), chain.clockStart())) {
      Node first = dataNode(net).build();
      IOException e = assertThrows(IOException.class, () -> dataNode(net).build());
      assertTrue(e.getMessage().contains("in use by another node"), e.getMessage());
      first.close();
      Node second = dataNode(net).build();
      assertEquals(first.nodeId(), second.nodeId(), "node.key reused");
      second.close();
    }
  }

  @Test
  void dataDirectory_createsTheNodeKeyOnce_inTheKeyFileFormat() throws Exception {
    try (SimulatedNodes net = SimulatedNodes.create(9, chain.params(), chain.clockStart())) {
      Node node = dataNode(net).build();
      node.close();
      Path key = dir.resolve("node.key");
      assertTrue(Files.readString(key).startsWith(KeyFiles.HEADER + "\n"));
      byte[] before = Files.readAllBytes(key);
      dataNode(net).build().close();
      assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(key)), "not rewritten");
      assertTrue(Files.isDirectory(dir.resolve("blocks")));
      assertTrue(Files.exists(dir.resolve("chainstate").resolve("chain.db")));
      assertTrue(Files.isDirectory(dir.resolve("mempool")));
    }
  }

  @Test
  void dataDirectory_identityOverride_leavesTheKeyFileAlone() throws Exception {
    try (SimulatedNodes net = SimulatedNodes.create(10, chain.params(), chain.clockStart())) {
      NodeIdentity identity = net.network().newIdentity();
      Node node = dataNode(net).identity(identity).build();
      node.close();
      assertEquals(identity.nodeId(), node.nodeId());
      assertFalse(Files.exists(dir.resolve("node.key")));
      Node other = dataNode(net).build();
      other.close();
      assertNotEquals(identity.nodeId(), other.nodeId());
    }
  }

  private NodeBuilder dataNode(SimulatedNodes net) {
    SimulatedNetwork sim = net.network();
    return Node.builder()
        .params(chain.params())
        .transport(sim.newTransport())
        .dataDirectory(dir)
        .clock(sim.scheduler())
        .scheduler(sim.scheduler())
        .executor(sim.scheduler())
        .writer(sim.scheduler())
        .random(sim.newRandom());
  }
}
