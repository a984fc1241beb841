package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.elo.p2p.internal.proto.Envelope;
import io.elo.p2p.internal.proto.Hello;
import io.elo.p2p.internal.proto.HelloBody;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A node refuses hellos that do not prove their node id, and peers that stall. */
class ForgedHandshakeTest {
  private final SimulatedNetwork sim = SimulatedNetwork.create(2);
  private final PeerNetwork node = TestNodes.start(sim);

  private RawPeer challenged() {
    RawPeer raw = new RawPeer(sim).dial(node);
    raw.sendChallenge();
    sim.scheduler().runUntil(() -> raw.remoteNonce().isPresent(), Duration.ofSeconds(5));
    return raw;
  }

  private void assertRefused(RawPeer raw, DisconnectReason reason) {
    sim.scheduler().runFor(Duration.ofSeconds(1));
    assertEquals(Optional.of(reason), raw.disconnectMessage());
    assertEquals(DisconnectReason.CONNECTION_LOST, raw.closeReason);
    assertTrue(node.peers().isEmpty());
    assertEquals(1, node.counters().disconnects(reason));
  }

  @Test
  void validRawHello_isAccepted() {
    RawPeer raw = challenged();
    raw.connection.send(raw.validHello());
    sim.scheduler().runFor(Duration.ofSeconds(1));
    assertTrue(node.peers().isEmpty()); // admitted, but not a peer before Ready
    assertEquals(1, raw.count(Envelope.KindCase.READY));
    raw.connection.send(Messages.ready());
    sim.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(1, node.peers().size());
    assertEquals(raw.identity.nodeId(), node.peers().get(0).nodeId());
  }

  @Test
  void claimedNodeIdNotMatchingKey_refused() throws Exception {
    RawPeer raw = challenged();
    HelloBody body = HelloBody.parseFrom(raw.validHelloMessage().getBody());
    NodeIdentity victim = sim.newIdentity();

    raw.sendSignedBody(
        body.toBuilder().setNodeId(ByteString.copyFrom(victim.nodeId().toBytes())).build());

    assertRefused(raw, DisconnectReason.HANDSHAKE_FAILED);
  }

  @Test
  void someoneElsesKeyWithoutItsSignature_refused() throws Exception {
    RawPeer raw = challenged();
    NodeIdentity victim = sim.newIdentity();
    HelloBody body =
        HelloBody.parseFrom(raw.validHelloMessage().getBody()).toBuilder()
            .setPublicKey(ByteString.copyFrom(victim.publicKey().toBytes()))
            .setNodeId(ByteString.copyFrom(victim.nodeId().toBytes()))
            .build();

    // Signed with the raw peer's own key: the signature does not verify under the victim's key.
    raw.sendSignedBody(body);

    assertRefused(raw, DisconnectReason.HANDSHAKE_FAILED);
  }

  @Test
  void badSignature_refused() {
    RawPeer raw = challenged();
    Hello hello = raw.validHelloMessage();
    byte[] signature = hello.getSignature().toByteArray();
    signature[0] ^= 1;

    raw.send(
        Envelope.newBuilder()
            .setHello(hello.toBuilder().setSignature(ByteString.copyFrom(signature)))
            .build());

    assertRefused(raw, DisconnectReason.HANDSHAKE_FAILED);
  }

  @Test
  void helloSignedOverAnotherNonce_refused() {
    RawPeer raw = challenged();
    byte[] replayed =
        Handshake.hello(
            raw.identity,
            TestNodes.NETWORK_ID,
            TestNodes.GENESIS,
            Optional.empty(),
            java.util.Set.of(),
            raw.nonce,
            new byte[Handshake.NONCE_LENGTH]);

    raw.connection.send(replayed);

    assertRefused(raw, DisconnectReason.HANDSHAKE_FAILED);
  }

  @Test
  void helloBeforeChallenge_isProtocolError() {
    RawPeer raw = new RawPeer(sim).dial(node);
    sim.scheduler().runUntil(() -> raw.remoteNonce().isPresent(), Duration.ofSeconds(5));

    raw.connection.send(raw.validHello());

    assertRefused(raw, DisconnectReason.PROTOCOL_ERROR);
  }

  @Test
  void readyBeforeHello_isProtocolError() {
    RawPeer raw = challenged();

    raw.connection.send(Messages.ready());

    assertRefused(raw, DisconnectReason.PROTOCOL_ERROR);
  }

  @Test
  void malformedFrame_isProtocolError() {
    RawPeer raw = new RawPeer(sim).dial(node);

    raw.connection.send(new byte[] {(byte) 0xff, 0x01, 0x02});

    assertRefused(raw, DisconnectReason.PROTOCOL_ERROR);
  }

  @Test
  void peerThatNeverCompletesHandshake_droppedAtTimeout() {
    RawPeer raw = new RawPeer(sim).dial(node);
    raw.sendChallenge();

    sim.scheduler().runFor(PeerNetworkBuilder.DEFAULT_HANDSHAKE_TIMEOUT.minusSeconds(1));
    assertEquals(null, raw.closeReason);
    sim.scheduler().runFor(Duration.ofSeconds(2));

    assertEquals(Optional.of(DisconnectReason.TIMEOUT), raw.disconnectMessage());
    assertEquals(DisconnectReason.CONNECTION_LOST, raw.closeReason);
    assertEquals(1, node.counters().disconnects(DisconnectReason.TIMEOUT));
  }

  @Test
  void oversizeFrame_disconnectsSenderBeforeDelivery() {
    // The node accepts frames of at most 1 KiB; the raw peer's transport allows more.
    SimulatedNetwork small = SimulatedNetwork.create(3);
    java.net.InetAddress host = small.newHost();
    PeerNetwork limited =
        TestNodes.start(TestNodes.builder(small, host).transport(small.newTransport(host, 1024)));
    RawPeer raw = new RawPeer(small).dial(limited);

    raw.connection.send(new byte[4096]);
    small.scheduler().runFor(Duration.ofSeconds(1));

    assertEquals(DisconnectReason.CONNECTION_LOST, raw.closeReason);
    assertEquals(1, limited.counters().disconnects(DisconnectReason.FRAME_TOO_LARGE));
  }
}
