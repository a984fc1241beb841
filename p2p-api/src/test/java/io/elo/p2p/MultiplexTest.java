package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiplexTest {
  private static final ProtocolId CHAIN = ProtocolId.of("chain", 1);
  private static final ProtocolId CHAIN_V2 = ProtocolId.of("chain", 2);
  private static final ProtocolId CHAT = ProtocolId.of("chat", 1);

  private final SimulatedNetwork sim = SimulatedNetwork.create(5);

  /** Records calls as text. */
  private static final class Recorder implements ProtocolHandler {
    final List<String> calls = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();

    @Override
    public void onPeerConnected(Peer peer) {
      calls.add("connected");
    }

    @Override
    public void onMessage(Peer peer, byte[] payload) {
      calls.add("message");
      payloads.add(payload);
    }

    @Override
    public void onPeerDisconnected(Peer peer, DisconnectReason reason) {
      calls.add("disconnected " + reason);
    }
  }

  @Test
  void messages_reachOnlyTheirRegisteredProtocol() throws Exception {
    Recorder chain = new Recorder();
    Recorder chainV2 = new Recorder();
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.builder(sim).build();
    b.registerProtocol(CHAIN, chain);
    b.registerProtocol(CHAIN_V2, chainV2);
    b.start();
    Peer peer = TestNodes.connect(sim, a, b);

    assertTrue(peer.send(CHAIN, new byte[] {1, 2, 3}));
    assertTrue(peer.send(CHAT, new byte[] {9}));
    assertTrue(peer.send(CHAIN, new byte[] {4}));
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(List.of("connected", "message", "message"), chain.calls);
    assertArrayEquals(new byte[] {1, 2, 3}, chain.payloads.get(0));
    assertArrayEquals(new byte[] {4}, chain.payloads.get(1));
    assertEquals(List.of("connected"), chainV2.calls);
    assertEquals(1, b.counters().unknownProtocolMessages());
    assertEquals(1, b.counters().traffic("unregistered").messagesIn());
    assertEquals(2, b.counters().traffic("chain/1").messagesIn());
    assertEquals(2, a.counters().traffic("chain/1").messagesOut());
    assertTrue(peer.isConnected());
  }

  @Test
  void viewHandler_getsThePayloadAsAViewOfTheFrame_notACopy() throws Exception {
    List<ByteBuffer> views = new ArrayList<>();
    ProtocolHandler viewing =
        new ProtocolHandler() {
          @Override
          public void onMessage(Peer peer, byte[] payload) {
            throw new AssertionError("the network calls the view method");
          }

          @Override
          public void onMessage(Peer peer, ByteBuffer payload) {
            views.add(payload);
          }
        };
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.builder(sim).build();
    b.registerProtocol(CHAIN, viewing);
    b.start();
    Peer peer = TestNodes.connect(sim, a, b);

    assertTrue(peer.send(CHAIN, new byte[] {1, 2, 3}));
    assertTrue(peer.send(CHAIN, new byte[0]));
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(2, views.size());
    ByteBuffer view = views.get(0);
    assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), view);
    // Array-backed for in-place parsing, and that array is the whole frame: no copy was made.
    assertTrue(view.hasArray());
    assertTrue(view.arrayOffset() > 0, "the envelope's header precedes the payload in it");
    assertEquals(view.array().length, view.arrayOffset() + 3, "the payload ends the frame");
    assertEquals(1, view.array()[view.arrayOffset()]);
    assertEquals(0, views.get(1).remaining());
  }

  @Test
  void disconnect_isReportedOnceToProtocols() throws Exception {
    Recorder chain = new Recorder();
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.builder(sim).build();
    b.registerProtocol(CHAIN, chain);
    b.start();
    Peer peer = TestNodes.connect(sim, a, b);

    peer.disconnect(DisconnectReason.REQUESTED);
    peer.disconnect(DisconnectReason.TOO_MANY_PEERS);
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(List.of("connected", "disconnected REQUESTED"), chain.calls);
    assertFalse(peer.send(CHAIN, new byte[] {1}));
  }

  @Test
  void protocolRegisteredLater_seesConnectedPeers() throws Exception {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.start(sim);
    TestNodes.connect(sim, a, b);
    Recorder late = new Recorder();

    b.registerProtocol(CHAIN, late);
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(List.of("connected"), late.calls);
    assertThrows(IllegalArgumentException.class, () -> b.registerProtocol(CHAIN, late));
  }

  @Test
  void throwingHandler_disconnectsWithProtocolError() throws Exception {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.builder(sim).build();
    b.registerProtocol(
        CHAIN,
        (p, payload) -> {
          throw new IllegalStateException("boom");
        });
    b.start();
    Peer peer = TestNodes.connect(sim, a, b);

    peer.send(CHAIN, new byte[] {1});
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertFalse(peer.isConnected());
    assertEquals(1, a.counters().disconnects(DisconnectReason.PROTOCOL_ERROR));
  }

  @Test
  void tooLargeMessage_isNotSent() throws Exception {
    PeerNetwork a = TestNodes.start(sim);
    PeerNetwork b = TestNodes.start(sim);
    Peer peer = TestNodes.connect(sim, a, b);

    assertFalse(peer.send(CHAIN, new byte[FrameCodec.DEFAULT_MAX_FRAME_SIZE]));
    assertTrue(peer.isConnected());
  }
}
