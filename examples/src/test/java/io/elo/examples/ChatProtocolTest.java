package io.elo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.node.Node;
import io.elo.node.SimulatedNodes;
import io.elo.p2p.Peer;
import io.elo.validation.TestChainBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChatProtocolTest {
  private final TestChainBuilder chain = TestChainBuilder.regtest();
  private final List<Node> started = new ArrayList<>();
  private SimulatedNodes net;

  @BeforeEach
  void setUp() {
    net = SimulatedNodes.create(7, chain.params(), chain.clockStart());
  }

  @AfterEach
  void tearDown() {
    started.forEach(Node::close);
    net.close();
  }

  /** A started node with the chat protocol registered before start, recording what it hears. */
  private ChatProtocol chatNode(List<String> heard) throws Exception {
    Node node = net.builder().build();
    ChatProtocol chat =
        ChatProtocol.register(node.network(), (from, text) -> heard.add(from + ":" + text));
    node.start();
    started.add(node);
    return chat;
  }

  private Node last() {
    return started.get(started.size() - 1);
  }

  @Test
  void broadcast_reachesThePeersThatSpeakIt() throws Exception {
    List<String> aliceHeard = new CopyOnWriteArrayList<>();
    List<String> bobHeard = new CopyOnWriteArrayList<>();
    ChatProtocol alice = chatNode(aliceHeard);
    Node aliceNode = last();
    chatNode(bobHeard);
    Node bobNode = last();
    Node plain = net.add(); // speaks only the chain protocol
    net.connect(bobNode, aliceNode);
    net.connect(plain, aliceNode);

    assertEquals(1, alice.peers().size());
    assertEquals(1, alice.broadcast("héllo ✓"));
    assertTrue(net.runUntil(() -> !bobHeard.isEmpty(), Duration.ofSeconds(5)));
    assertEquals(List.of(aliceNode.nodeId() + ":héllo ✓"), bobHeard);
    assertFalse(alice.send(plain.nodeId(), "not for you"), "the plain node does not speak it");
    assertTrue(aliceHeard.isEmpty());
  }

  @Test
  void malformedMessages_areDroppedAndReported_untilThePeerIsDisconnected() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    chatNode(heard);
    Node receiver = last();
    Node sender = net.add();
    Peer toReceiver = net.connect(sender, receiver);

    byte[] badUtf8 = {(byte) 0xc3, (byte) 0x28};
    assertTrue(toReceiver.send(ChatProtocol.ID, badUtf8));
    assertTrue(toReceiver.send(ChatProtocol.ID, new byte[ChatProtocol.MAX_MESSAGE_BYTES + 1]));
    assertTrue(
        net.runUntil(() -> !toReceiver.isConnected(), Duration.ofSeconds(5)),
        "two MAJOR reports (30 points each) pass the disconnect threshold of 50");
    assertTrue(heard.isEmpty());
  }

  @Test
  void broadcast_rejectsEmptyAndOversizeText() throws Exception {
    ChatProtocol chat = chatNode(new ArrayList<>());
    assertThrows(IllegalArgumentException.class, () -> chat.broadcast(""));
    assertThrows(
        IllegalArgumentException.class,
        () -> chat.broadcast("x".repeat(ChatProtocol.MAX_MESSAGE_BYTES + 1)));
    assertEquals(0, chat.broadcast("x".repeat(ChatProtocol.MAX_MESSAGE_BYTES)), "no peers yet");
  }

  @Test
  void register_refusesASecondRegistration() throws Exception {
    chatNode(new ArrayList<>());
    assertThrows(
        IllegalArgumentException.class,
        () -> ChatProtocol.register(last().network(), (from, text) -> {}));
  }
}
