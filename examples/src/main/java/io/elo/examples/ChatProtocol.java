package io.elo.examples;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.p2p.NodeId;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.ProtocolId;
import io.elo.p2p.RateLimit;
import io.elo.p2p.Severity;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A custom protocol next to the chain protocol: text messages between peers, multiplexed on the
 * node's {@link PeerNetwork} under {@link #ID} exactly as the chain protocol runs under {@code
 * elo-chain/1}. The peer network does the rest: peers announce the protocols they speak in the
 * handshake, frames carry the protocol name with the payload, and rate limits and misbehaviour
 * reports apply per protocol.
 *
 * <p>Wire format: each message is one protocol payload of 1 to {@link #MAX_MESSAGE_BYTES} bytes of
 * well-formed UTF-8. Anything else is a protocol breach, reported as {@link Severity#MAJOR}
 * misbehaviour and dropped. Register before the node starts, so the handshake announces it.
 */
public final class ChatProtocol {
  /** The protocol's name and version on the wire. */
  public static final ProtocolId ID = ProtocolId.of("elo-chat", 1);

  /** Largest message, in UTF-8 bytes. */
  public static final int MAX_MESSAGE_BYTES = 1024;

  /**
   * A sensible per-peer limit to configure with {@code PeerNetworkBuilder.rateLimit(ID,
   * RATE_LIMIT)}: 5 messages a second, bursts of 20; more are dropped and reported.
   */
  public static final RateLimit RATE_LIMIT = RateLimit.of(5, 20);

  /** Receives chat messages; called on network threads, so it must not block. */
  @FunctionalInterface
  public interface Listener {
    /** Called with each well-formed message {@code from} a peer. */
    void onMessage(NodeId from, String text);
  }

  private final PeerNetwork network;

  private ChatProtocol(PeerNetwork network) {
    this.network = network;
  }

  /**
   * Registers the protocol on {@code network}, handing received messages to {@code listener}.
   *
   * @throws IllegalArgumentException if {@link #ID} is already registered there
   */
  public static ChatProtocol register(PeerNetwork network, Listener listener) {
    requireNonNull(listener, "listener");
    ChatProtocol chat = new ChatProtocol(requireNonNull(network, "network"));
    network.registerProtocol(
        ID,
        (Peer peer, byte[] payload) -> {
          Optional<String> text = decode(payload);
          if (text.isEmpty()) {
            peer.reportMisbehaviour(Severity.MAJOR, "malformed " + ID + " message");
            return;
          }
          listener.onMessage(peer.nodeId(), text.get());
        });
    return chat;
  }

  /**
   * Sends {@code text} to every connected peer that speaks the protocol.
   *
   * @return the number of peers it was queued for
   * @throws IllegalArgumentException if {@code text} is empty or longer than {@link
   *     #MAX_MESSAGE_BYTES} in UTF-8
   */
  public int broadcast(String text) {
    byte[] payload = encode(text);
    int sent = 0;
    for (Peer peer : peers()) {
      if (peer.send(ID, payload)) {
        sent++;
      }
    }
    return sent;
  }

  /**
   * Sends {@code text} to the peer {@code to}.
   *
   * @return whether it was queued (false if the peer is gone or does not speak the protocol)
   * @throws IllegalArgumentException if {@code text} is empty or too long
   */
  public boolean send(NodeId to, String text) {
    byte[] payload = encode(text);
    Optional<Peer> peer = network.peer(to).filter(p -> p.supports(ID));
    return peer.isPresent() && peer.get().send(ID, payload);
  }

  /** The connected peers that announced the protocol. */
  public List<Peer> peers() {
    return network.peers().stream().filter(p -> p.supports(ID)).toList();
  }

  private static byte[] encode(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    checkArgument(
        payload.length >= 1 && payload.length <= MAX_MESSAGE_BYTES,
        "a chat message has 1 to %s UTF-8 bytes, not %s",
        MAX_MESSAGE_BYTES,
        payload.length);
    return payload;
  }

  /** Strict UTF-8: malformed or unmappable input is refused, not replaced. */
  private static Optional<String> decode(byte[] payload) {
    if (payload.length == 0 || payload.length > MAX_MESSAGE_BYTES) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "ChatProtocol{" + ID + ", " + peers().size() + " peers}";
  }
}
