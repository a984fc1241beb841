package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.Ban;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameCodec;
import io.elo.p2p.WireFrames;
import io.elo.p2p.internal.proto.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Malformed traffic against a {@link io.elo.p2p.PeerNetwork} over an encrypted {@link
 * TcpTransport}, over real loopback sockets: junk before the secure channel (raw sockets), bad
 * frames inside a real Noise session before and after the peer handshake, and over-limit
 * messages. Each attacker must be dropped with the reason docs/p2p.md gives, and banned exactly
 * where the penalty rules say so (a forged secure-channel message from a connected peer).
 */
class MalformedTrafficAbuseIT {
  private static final Duration END_WITHIN = Duration.ofSeconds(5);

  @Test
  @Timeout(60)
  void junkBeforeTheSecureChannel_isDroppedWithHandshakeFailed_beforeReachingThePeerLayer()
      throws Exception {
    byte[] randomJunk = new byte[64 * 1024];
    new Random(42).nextBytes(randomJunk);
    Map<String, List<byte[]>> cases = new LinkedHashMap<>();
    cases.put("random bytes", List.of(randomJunk));
    cases.put("a plaintext peer's framed challenge", List.of(plaintextFrame()));
    cases.put("zero-length Noise message", List.of(new byte[] {0, 0}));
    cases.put("Noise message over 1,024 bytes", List.of(noiseMessage(new byte[2000])));
    cases.put("first message carrying a payload", List.of(noiseMessage(random(40, 1))));
    // A well-formed first message (32 bytes: an ephemeral key), so the victim answers; then a
    // forged third message that cannot decrypt.
    cases.put(
        "forged third message",
        List.of(noiseMessage(random(32, 2)), noiseMessage(random(64 + 16, 3))));

    try (Victim victim = Victim.start(t -> t, n -> n)) {
      for (Map.Entry<String, List<byte[]>> c : cases.entrySet()) {
        try (Socket socket = WirePeer.rawSocket(victim.address())) {
          OutputStream out = socket.getOutputStream();
          for (byte[] part : c.getValue()) {
            try {
              out.write(part);
              out.flush();
            } catch (IOException e) {
              break; // already dropped: the rest of the junk is refused by a reset
            }
            Thread.sleep(50);
          }
          long millis = millisUntilEnd(socket, END_WITHIN);
          assertTrue(millis < END_WITHIN.toMillis(), c.getKey() + ": not dropped");
        }
      }
      assertEventually(
          () -> victim.transport.inboundDrops().getOrDefault(DisconnectReason.HANDSHAKE_FAILED, 0L)
              == cases.size(),
          () -> "drops " + victim.transport.inboundDrops());
      assertEquals(Map.of(DisconnectReason.HANDSHAKE_FAILED, (long) cases.size()),
          victim.transport.inboundDrops());
      assertEquals(0, victim.network.counters().inboundConnections(), "none reached the peers");
      assertEquals(0, victim.transport.connectionCount());
    }
  }

  @Test
  @Timeout(60)
  void badFramesInsideTheSecureChannel_beforeTheHello_closeWithTheirReason_withoutBan()
      throws Exception {
    try (Victim victim = Victim.start(t -> t, n -> n)) {
      // A forged transport message (one flipped ciphertext bit).
      expectDrop(victim, peer -> peer.sendWire(flipLastByte(peer.seal(frame(
          WireFrames.challenge(peer.nonce))))), DisconnectReason.AUTHENTICATION_FAILED, false);
      // A transport message shorter than its 16-byte tag: bad record framing.
      expectDrop(victim, peer -> peer.sendWire(new byte[] {0, 5, 1, 2, 3, 4, 5}),
          DisconnectReason.AUTHENTICATION_FAILED, false);
      // A frame length of 2^31 - 1: refused on its 4-byte prefix.
      expectDrop(victim, peer -> peer.sendPlaintext(ByteBuffer.allocate(4).putInt(0, 0x7fff_ffff)),
          DisconnectReason.FRAME_TOO_LARGE, false);
      // One byte over the frame limit is as bad as 2 GB.
      expectDrop(victim, peer -> peer.sendPlaintext(
          ByteBuffer.allocate(4).putInt(0, FrameCodec.DEFAULT_MAX_FRAME_SIZE + 1)),
          DisconnectReason.FRAME_TOO_LARGE, false);
      // A frame that is no envelope; an empty frame.
      expectDrop(victim, peer -> peer.sendFrame(random(100, 4)),
          DisconnectReason.PROTOCOL_ERROR, true);
      expectDrop(victim, peer -> peer.sendFrame(new byte[0]),
          DisconnectReason.PROTOCOL_ERROR, true);
      // A hello before the challenge exchange.
      expectDrop(victim, peer -> peer.sendFrame(WireFrames.ready()),
          DisconnectReason.PROTOCOL_ERROR, true);
      // An over-limit count: a hello announcing 65 protocols (the limit is 64).
      expectDrop(victim, peer -> peer.sendFrame(
          peer.hello(peer.exchangeChallenges(), WireFrames.MAX_HELLO_PROTOCOLS + 1)),
          DisconnectReason.HANDSHAKE_FAILED, true);
      // Random bytes straight on the socket, below the secure channel: more than the largest
      // transport message (2 + 65,535 bytes), so whatever length the first two bytes announce, a
      // whole message arrives and fails authentication. (Fewer bytes leave the victim waiting for
      // the rest of the message: that is a stalled peer, dropped at the timeouts, see
      // SlowlorisAbuseIT.)
      expectDrop(victim, peer -> peer.sendWire(random(70_000, 5)),
          DisconnectReason.AUTHENTICATION_FAILED, false);

      assertEquals(List.of(), victim.network.bans(), "no peer yet, so nobody to ban");
      assertEquals(0, victim.network.counters().handshakesCompleted());
      // At the limit is fine: 64 protocols are accepted.
      try (WirePeer peer = WirePeer.secure(victim.address())) {
        peer.sendFrame(peer.hello(peer.exchangeChallenges(), WireFrames.MAX_HELLO_PROTOCOLS));
        peer.await(Envelope::hasReady, END_WITHIN);
      }
    }
  }

  @Test
  @Timeout(60)
  void badTrafficFromAConnectedPeer_disconnectsWithItsReason_andBansOnlyForgedCiphertext()
      throws Exception {
    try (Victim victim = Victim.start(t -> t, n -> n)) {
      // Transport-level faults: no Disconnect message, the socket just closes.
      WirePeer.Keys forger = WirePeer.Keys.fresh();
      expectPeerDrop(victim, forger, peer -> peer.sendWire(flipLastByte(peer.seal(frame(
          WireFrames.ping(1))))), DisconnectReason.AUTHENTICATION_FAILED, false);
      assertBanned(victim, forger);
      WirePeer.Keys sprayer = WirePeer.Keys.fresh();
      expectPeerDrop(victim, sprayer, peer -> peer.sendWire(random(70_000, 6)),
          DisconnectReason.AUTHENTICATION_FAILED, false);
      assertBanned(victim, sprayer);
      expectPeerDrop(victim, WirePeer.Keys.fresh(),
          peer -> peer.sendPlaintext(ByteBuffer.allocate(4).putInt(0, 0x7fff_ffff)),
          DisconnectReason.FRAME_TOO_LARGE, false);
      // Peer-protocol faults: a Disconnect with the reason, then the close.
      expectPeerDrop(victim, WirePeer.Keys.fresh(), peer -> peer.sendFrame(random(100, 7)),
          DisconnectReason.PROTOCOL_ERROR, true);
      expectPeerDrop(victim, WirePeer.Keys.fresh(), peer -> peer.sendFrame(new byte[0]),
          DisconnectReason.PROTOCOL_ERROR, true);
      expectPeerDrop(victim, WirePeer.Keys.fresh(),
          peer -> peer.sendFrame(WireFrames.challenge(peer.nonce)),
          DisconnectReason.PROTOCOL_ERROR, true);
      // The stream ends inside a frame: an ordinary lost connection.
      expectPeerDrop(victim, WirePeer.Keys.fresh(), peer -> {
        peer.sendPlaintext(ByteBuffer.allocate(14).putInt(0, 100));
        peer.socket.shutdownOutput();
      }, DisconnectReason.CONNECTION_LOST, false);

      assertEquals(2, victim.network.bans().size(), "only the forgers: " + victim.network.bans());
      for (Ban ban : victim.network.bans()) {
        assertEquals(Optional.empty(), ban.ip(), "loopback is exempt from IP bans by default");
      }
      // A banned node id is refused after its hello, even on a fresh connection.
      try (WirePeer again = WirePeer.secure(victim.address(), forger)) {
        again.sendFrame(again.hello(again.exchangeChallenges(), 0));
        WirePeer.End end = again.awaitEnd(END_WITHIN);
        assertEquals(Optional.of(DisconnectReason.BANNED), end.disconnectMessage());
      }
    }
  }

  @Test
  @Timeout(60)
  void overLimitPings_areDroppedThenTheFloodingPeerIsDisconnectedForMisbehaviour()
      throws Exception {
    // Default ping limit (1 per second, bursts of 5); pings from the victim come rarely.
    try (Victim victim = Victim.start(t -> t, n -> n.pingInterval(Duration.ofSeconds(30)));
        WirePeer peer = WirePeer.connected(victim.address(), WirePeer.Keys.fresh())) {
      for (int i = 0; i < 20; i++) {
        peer.sendFrame(WireFrames.ping(i));
      }
      int pongs = 0;
      Optional<Envelope> next;
      while ((next = peer.poll(END_WITHIN)).isPresent()) {
        if (next.get().hasPingReply()) {
          pongs++;
        }
      }
      WirePeer.End end = peer.awaitEnd(END_WITHIN);
      assertTrue(end.ended());
      assertEquals(Optional.of(DisconnectReason.MISBEHAVIOUR), end.disconnectMessage());
      assertEquals(5, pongs, "the burst is answered, the rest dropped");
      assertEquals(6, victim.network.counters().rateLimitedMessages(),
          "5 drops (second bucket), then the sixth disconnects");
      Victim.Ended ended = victim.awaitEnded(peer.socket, 5_000);
      assertEquals(DisconnectReason.MISBEHAVIOUR, ended.reason());
      assertEquals(List.of(), victim.network.bans(), "a minor fault and a flood do not ban");
    }
  }

  @Test
  @Timeout(60)
  void forgedCiphertextWithIpBansEnforced_bansTheIp_andRefusesItsNextConnections()
      throws Exception {
    try (Victim victim = Victim.start(t -> t, n -> n.ipBanExempt(ip -> false))) {
      expectPeerDrop(victim, WirePeer.Keys.fresh(), peer -> peer.sendWire(flipLastByte(peer.seal(
          frame(WireFrames.ping(1))))), DisconnectReason.AUTHENTICATION_FAILED, false);
      Ban ban = victim.network.bans().get(0);
      assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), ban.ip());
      // Another identity from the same IP: refused before any hello, with BANNED.
      try (WirePeer other = WirePeer.secure(victim.address())) {
        WirePeer.End end = other.awaitEnd(END_WITHIN);
        assertTrue(end.ended());
        assertEquals(Optional.of(DisconnectReason.BANNED), end.disconnectMessage());
      }
    }
  }

  // ---- helpers ----

  /** An attack step on a wire peer. */
  @FunctionalInterface
  interface Attack {
    void run(WirePeer peer) throws IOException;
  }

  /**
   * Opens a Noise session (no peer handshake), runs {@code attack}, and checks that the victim
   * ends it with {@code reason} (a handshake failure, not a peer) and that a {@code Disconnect}
   * with the reason arrived first if {@code withMessage}.
   */
  private static void expectDrop(
      Victim victim, Attack attack, DisconnectReason reason, boolean withMessage)
      throws Exception {
    try (WirePeer peer = WirePeer.secure(victim.address())) {
      attack.run(peer);
      checkEnd(victim, peer, reason, withMessage, false);
    }
  }

  /** As {@link #expectDrop}, after a completed peer handshake as {@code keys}. */
  private static void expectPeerDrop(
      Victim victim, WirePeer.Keys keys, Attack attack, DisconnectReason reason,
      boolean withMessage) throws Exception {
    try (WirePeer peer = WirePeer.connected(victim.address(), keys)) {
      assertEventually(() -> victim.connectedAt(peer.socket) != null, () -> "not a peer");
      attack.run(peer);
      checkEnd(victim, peer, reason, withMessage, true);
    }
  }

  private static void checkEnd(
      Victim victim, WirePeer peer, DisconnectReason reason, boolean withMessage, boolean wasPeer)
      throws Exception {
    WirePeer.End end = peer.awaitEnd(END_WITHIN);
    assertTrue(end.ended(), reason + ": the victim did not close the connection");
    assertEquals(
        withMessage ? Optional.of(reason) : Optional.empty(), end.disconnectMessage(),
        reason + ": Disconnect message");
    Victim.Ended ended = victim.awaitEnded(peer.socket, 5_000);
    assertEquals(reason, ended.reason());
    assertEquals(wasPeer, ended.wasPeer());
  }

  private static void assertBanned(Victim victim, WirePeer.Keys keys) {
    assertTrue(victim.network.isBanned(keys.identity().nodeId()), "node id banned");
  }

  private static long millisUntilEnd(Socket socket, Duration limit) throws IOException {
    long start = System.nanoTime();
    socket.setSoTimeout((int) limit.toMillis());
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      while (in.read(buffer) >= 0) {
        // The victim may answer a well-formed first message before it drops us.
      }
    } catch (java.net.SocketTimeoutException e) {
      return Long.MAX_VALUE;
    } catch (IOException e) {
      // reset: dropped
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  static void assertEventually(
      java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> message)
      throws InterruptedException {
    long deadline = System.nanoTime() + END_WITHIN.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(message.get());
      }
      Thread.sleep(5);
    }
  }

  private static byte[] frame(byte[] payload) {
    return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
  }

  private static byte[] plaintextFrame() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    byte[] challenge = WireFrames.challenge(new byte[WireFrames.NONCE_LENGTH]);
    out.writeInt(challenge.length);
    out.write(challenge);
    return bytes.toByteArray();
  }

  private static byte[] noiseMessage(byte[] body) {
    return ByteBuffer.allocate(2 + body.length).putShort((short) body.length).put(body).array();
  }

  private static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] flipLastByte(byte[] wire) {
    wire[wire.length - 1] ^= 1;
    return wire;
  }
}
