package io.elo.p2p;

import com.google.protobuf.ByteString;
import io.elo.p2p.internal.proto.Envelope;
import io.elo.p2p.internal.proto.Hello;
import io.elo.p2p.internal.proto.HelloBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A hand-driven connection to a node, for feeding it crafted frames. */
final class RawPeer implements FrameHandler {
  final SimulatedNetwork sim;
  final NodeIdentity identity;
  final List<Envelope> received = new ArrayList<>();
  final byte[] nonce = new byte[Handshake.NONCE_LENGTH];
  Connection connection;
  DisconnectReason closeReason;
  boolean closedByRemote;

  RawPeer(SimulatedNetwork sim) {
    this.sim = sim;
    this.identity = sim.newIdentity();
    sim.newRandom().nextBytes(nonce);
  }

  /** Dials {@code target} and installs this handler. */
  RawPeer dial(PeerNetwork target) {
    CompletableFuture<Connection> future =
        sim.newTransport()
            .dial(target.listenAddress().orElseThrow(), Duration.ofSeconds(5));
    TestNodes.await(sim, future);
    connection = future.join();
    connection.setHandler(this);
    return this;
  }

  void send(Envelope envelope) {
    connection.send(envelope.toByteArray());
  }

  void sendChallenge() {
    connection.send(Messages.challenge(nonce));
  }

  /** The node's challenge nonce, once received. */
  Optional<byte[]> remoteNonce() {
    return received.stream()
        .filter(Envelope::hasChallenge)
        .findFirst()
        .map(e -> e.getChallenge().getNonce().toByteArray());
  }

  /** A valid hello of this raw peer, signed over the node's nonce. */
  byte[] validHello() {
    return Handshake.hello(
        identity,
        TestNodes.NETWORK_ID,
        TestNodes.GENESIS,
        Optional.empty(),
        Set.of(),
        nonce,
        remoteNonce().orElseThrow());
  }

  /** The hello envelope of {@link #validHello}, decoded, to tamper with. */
  Hello validHelloMessage() {
    return Messages.decode(validHello()).getHello();
  }

  /** Sends a hello with {@code body} signed correctly over the node's nonce. */
  void sendSignedBody(HelloBody body) {
    byte[] bodyBytes = body.toByteArray();
    byte[] message =
        concat("elo/p2p/hello/v1".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            remoteNonce().orElseThrow(), bodyBytes);
    byte[] signature = identity.sign(message);
    send(
        Envelope.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setBody(ByteString.copyFrom(bodyBytes))
                    .setSignature(ByteString.copyFrom(signature)))
            .build());
  }

  /** Challenge, then a valid hello, as a well-behaved node would. */
  RawPeer completeHandshake() {
    sendChallenge();
    sim.scheduler().runUntil(() -> remoteNonce().isPresent(), Duration.ofSeconds(5));
    connection.send(validHello());
    connection.send(Messages.ready());
    sim.scheduler().runFor(Duration.ofSeconds(1));
    return this;
  }

  long count(Envelope.KindCase kind) {
    return received.stream().filter(e -> e.getKindCase() == kind).count();
  }

  @Override
  public void onFrame(byte[] frame) {
    received.add(Messages.decode(frame));
  }

  @Override
  public void onClose(DisconnectReason reason, boolean byRemote) {
    closeReason = reason;
    closedByRemote = byRemote;
  }

  /** The reason of the node's Disconnect message, if one came. */
  Optional<DisconnectReason> disconnectMessage() {
    return received.stream()
        .filter(Envelope::hasDisconnect)
        .findFirst()
        .map(e -> DisconnectReason.fromCode(e.getDisconnect().getReason()));
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, offset, part.length);
      offset += part.length;
    }
    return out;
  }
}
