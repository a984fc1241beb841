package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecureChannelTest {
  private final ChannelSecurity alice = SecureChannels.security(1);
  private final ChannelSecurity bob = SecureChannels.security(2);

  private static byte[] frame(FrameCodec codec, int length, int fill) {
    byte[] payload = new byte[length];
    Arrays.fill(payload, (byte) fill);
    return codec.encode(payload);
  }

  private static List<byte[]> openAll(SecureChannel channel, ByteBuffer wire) {
    List<byte[]> out = new ArrayList<>();
    channel.open(
        wire,
        plain -> {
          byte[] copy = new byte[plain.remaining()];
          plain.get(copy);
          out.add(copy);
        });
    return out;
  }

  @Test
  void handshake_establishesBothSides_withEachOthersNodeIds() {
    SecureChannels.Pair pair = SecureChannels.connect(alice, bob);
    assertTrue(pair.initiator().isEstablished() && pair.responder().isEstablished());
    assertTrue(pair.initiator().isInitiator());
    assertFalse(pair.responder().isInitiator());
    assertEquals(bob.localNodeId(), pair.initiator().remoteNodeId());
    assertEquals(alice.localNodeId(), pair.responder().remoteNodeId());
    assertEquals(NodeId.of(pair.initiator().remoteIdentityKey()), bob.localNodeId());
  }

  @Test
  void transport_carriesBothWays_andSplitsLargeInputIntoNoiseMessages() {
    SecureChannels.Pair pair = SecureChannels.connect(alice, bob);
    byte[] big = new byte[3 * SecureChannel.MAX_PLAINTEXT_LENGTH + 10];
    new java.util.Random(5).nextBytes(big);
    ByteBuffer wire = pair.initiator().seal(ByteBuffer.wrap(big));
    assertEquals(SecureChannel.sealedLength(big.length), wire.remaining());
    List<byte[]> pieces = openAll(pair.responder(), wire);
    assertEquals(4, pieces.size());
    pieces.forEach(p -> assertTrue(p.length <= SecureChannel.MAX_PLAINTEXT_LENGTH));
    assertArrayEquals(big, concat(pieces));

    byte[] reply = {1, 2, 3};
    ByteBuffer replyWire = pair.responder().seal(ByteBuffer.wrap(reply));
    assertArrayEquals(reply, concat(openAll(pair.initiator(), replyWire)));
  }

  @Test
  void open_rejectsReplayedMessage() {
    SecureChannels.Pair pair = SecureChannels.connect(alice, bob);
    ByteBuffer first = pair.initiator().seal(ByteBuffer.wrap(new byte[] {1}));
    byte[] copy = new byte[first.remaining()];
    first.duplicate().get(copy);
    openAll(pair.responder(), first);
    FrameException e =
        assertThrows(FrameException.class, () -> openAll(pair.responder(), ByteBuffer.wrap(copy)));
    assertEquals(DisconnectReason.AUTHENTICATION_FAILED, e.reason());
  }

  @Test
  void open_rejectsReorderedMessages_andRefusesInputAfterAFailure() {
    SecureChannels.Pair pair = SecureChannels.connect(alice, bob);
    ByteBuffer first = pair.initiator().seal(ByteBuffer.wrap(new byte[] {1}));
    ByteBuffer second = pair.initiator().seal(ByteBuffer.wrap(new byte[] {2}));
    FrameException e =
        assertThrows(FrameException.class, () -> openAll(pair.responder(), second));
    assertEquals(DisconnectReason.AUTHENTICATION_FAILED, e.reason());
    assertThrows(IllegalStateException.class, () -> openAll(pair.responder(), first));
  }

  @Test
  void rekeyEveryTenMessages_overOneThousandFrames_deliversEverything() {
    SecureChannels.Pair pair =
        SecureChannels.connect(alice.withRekeyInterval(10), bob.withRekeyInterval(10));
    FrameCodec codec = FrameCodec.of(1 << 16);
    FrameDecoder decoder = codec.newDecoder();
    List<byte[]> received = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ByteBuffer wire = pair.initiator().seal(ByteBuffer.wrap(frame(codec, i % 300, i)));
      pair.responder().open(wire, plain -> decoder.feed(plain, received::add));
    }
    assertEquals(1000, received.size());
    for (int i = 0; i < 1000; i++) {
      byte[] expected = new byte[i % 300];
      Arrays.fill(expected, (byte) i);
      assertArrayEquals(expected, received.get(i));
    }
  }

  @Test
  void rekey_changesTheKey_soAReceiverThatDidNotRekeyFailsOnMessageEleven() {
    SecureChannels.Pair pair =
        SecureChannels.connect(alice.withRekeyInterval(10), bob.withRekeyInterval(1000));
    for (int i = 0; i < 10; i++) {
      openAll(pair.responder(), pair.initiator().seal(ByteBuffer.wrap(new byte[] {(byte) i})));
    }
    ByteBuffer eleventh = pair.initiator().seal(ByteBuffer.wrap(new byte[] {10}));
    FrameException e =
        assertThrows(FrameException.class, () -> openAll(pair.responder(), eleventh));
    assertEquals(DisconnectReason.AUTHENTICATION_FAILED, e.reason());
  }

  @Test
  void responder_refusesPlaintextPeer() {
    SecureChannel responder = bob.newChannel(false);
    responder.start();
    // What a plaintext node sends first: a length-prefixed Envelope (Challenge) frame.
    byte[] challenge = FrameCodec.withDefaultLimit().encode(Messages.challenge(new byte[32]));
    FrameException e =
        assertThrows(
            FrameException.class, () -> responder.receiveHandshake(ByteBuffer.wrap(challenge)));
    assertEquals(DisconnectReason.HANDSHAKE_FAILED, e.reason());
  }

  @Test
  void initiator_refusesPlaintextPeer() {
    SecureChannel initiator = alice.newChannel(true);
    initiator.start();
    byte[] challenge = FrameCodec.withDefaultLimit().encode(Messages.challenge(new byte[32]));
    FrameException e =
        assertThrows(
            FrameException.class, () -> initiator.receiveHandshake(ByteBuffer.wrap(challenge)));
    assertEquals(DisconnectReason.HANDSHAKE_FAILED, e.reason());
  }

  @Test
  void relaySubstitutingItsOwnNoiseKeys_withTheVictimsProof_isDetected() {
    // Mallory sits between Alice and Bob. Towards Alice she runs Noise with her own static key
    // but presents Bob's identity proof (which she saw on her own connection to Bob).
    ChannelSecurity mallory = SecureChannels.security(3);
    SecureChannel relayToAlice =
        new SecureChannel(
            new NoiseHandshake(
                false, ChannelSecurity.PROLOGUE, staticKeyOf(3), new byte[32]),
            bob.identityProof(),
            ChannelSecurity.DEFAULT_REKEY_INTERVAL);
    SecureChannel aliceSide = alice.newChannel(true);
    FrameException e =
        assertThrows(FrameException.class, () -> SecureChannels.handshake(aliceSide, relayToAlice));
    assertEquals(DisconnectReason.HANDSHAKE_FAILED, e.reason());
    assertFalse(aliceSide.isEstablished());
    assertNotEquals(bob.localNodeId(), mallory.localNodeId());
  }

  @Test
  void relayWithItsOwnIdentity_isSeenAsItself_notAsTheNodeItImpersonates() {
    ChannelSecurity mallory = SecureChannels.security(3);
    SecureChannels.Pair pair = SecureChannels.connect(alice, mallory);
    assertEquals(mallory.localNodeId(), pair.initiator().remoteNodeId());
    assertNotEquals(bob.localNodeId(), pair.initiator().remoteNodeId());
  }

  @Test
  void hello_mustNameTheNodeTheChannelAuthenticated() throws Exception {
    NodeIdentity claimed = NodeIdentity.generate(SecureChannels.deterministic(9));
    Hash genesis = Hash.sha256d(new byte[] {1});
    byte[] local = new byte[32];
    byte[] remote = new byte[32];
    remote[0] = 1;
    byte[] hello =
        Handshake.hello(claimed, 7, genesis, Optional.empty(), Set.of(), remote, local, false);
    var envelope = Messages.decode(hello).getHello();
    Handshake.Failure failure =
        assertThrows(
            Handshake.Failure.class,
            () ->
                Handshake.verify(
                    envelope, 7, genesis, local, remote, Optional.of(bob.localNodeId())));
    assertEquals(DisconnectReason.HANDSHAKE_FAILED, failure.reason);
    // The same unsigned hello passes when the channel authenticated that very node.
    assertEquals(
        claimed.nodeId(),
        Handshake.verify(envelope, 7, genesis, local, remote, Optional.of(claimed.nodeId()))
            .nodeId());
  }

  @Test
  void identityProof_rejectsTruncatedTrailingAndForeignKeys() {
    byte[] proof = bob.identityProof();
    byte[] staticKey = NoiseHandshake.publicKey(staticKeyOf(2));
    byte[] truncated = Arrays.copyOf(proof, proof.length - 1);
    byte[] trailing = Arrays.copyOf(proof, proof.length + 1);
    assertTrue(NoiseIdentityProof.verify(truncated, staticKey).isEmpty());
    assertTrue(NoiseIdentityProof.verify(trailing, staticKey).isEmpty());
    assertTrue(NoiseIdentityProof.verify(proof, new byte[32]).isEmpty());
  }

  @Test
  void plaintextSecurity_hasNoChannel() {
    assertFalse(ChannelSecurity.plaintext().isEncrypted());
    assertTrue(alice.isEncrypted());
    assertThrows(IllegalStateException.class, () -> ChannelSecurity.plaintext().newChannel(true));
    assertThrows(IllegalArgumentException.class, () -> alice.withRekeyInterval(0));
    assertEquals(ChannelSecurity.DEFAULT_REKEY_INTERVAL, alice.rekeyInterval());
  }

  /** The static private key {@link SecureChannels#security} derives for {@code seed}. */
  private static byte[] staticKeyOf(long seed) {
    var random = SecureChannels.deterministic(seed);
    NodeIdentity.generate(random);
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }

  private static byte[] concat(List<byte[]> pieces) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    pieces.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
