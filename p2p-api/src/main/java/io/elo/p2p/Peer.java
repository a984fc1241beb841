package io.elo.p2p;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A connected peer that completed the handshake, as protocols and applications see it.
 *
 * <p>All methods are thread-safe and non-blocking. A {@code Peer} stays usable after it
 * disconnects: {@link #send} then answers {@code false}.
 */
public interface Peer {
  /** The peer's node id, proven by its handshake signature. */
  NodeId nodeId();

  /** The address of the connection (the remote socket address). */
  PeerAddress address();

  /** The address the peer says it listens on, if it listens. Not verified. */
  Optional<PeerAddress> listenAddress();

  /** Whether the peer dialled this node. */
  boolean isInbound();

  /** Whether the peer is a static peer of this node (never banned). */
  boolean isStatic();

  /** The protocols the peer announced in its handshake. */
  Set<ProtocolId> protocols();

  /** Whether the peer announced {@code protocol}. */
  default boolean supports(ProtocolId protocol) {
    return protocols().contains(protocol);
  }

  /** When the handshake completed, by the network's clock. */
  Instant connectedAt();

  /** The smoothed ping round-trip time (EWMA, weight 1/8 per sample), once a pong arrived. */
  Optional<Duration> rtt();

  /** The smallest ping round-trip time seen, once a pong arrived. */
  Optional<Duration> minRtt();

  /** Whether the peer is still connected. */
  boolean isConnected();

  /**
   * Sends a message of {@code protocol}; the caller must not modify {@code payload} afterwards.
   *
   * @return {@code false} if the peer is disconnected, or the message is too large for a frame,
   *     or the send queue is full (which disconnects the peer)
   */
  boolean send(ProtocolId protocol, byte[] payload);

  /** Tells the peer why and disconnects it. Idempotent; the first reason wins. */
  void disconnect(DisconnectReason reason);

  /**
   * Reports misbehaviour to the node's {@link ReputationManager}, which may disconnect and ban the
   * peer (static peers are never banned).
   */
  void reportMisbehaviour(Severity severity, String description);
}
