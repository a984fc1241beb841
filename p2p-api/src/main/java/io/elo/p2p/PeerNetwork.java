package io.elo.p2p;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The peer-to-peer network of one node: connections over a {@link Transport}, the authenticated
 * handshake, keep-alive pings, protocol multiplexing, rate limits, reputation and bans (the
 * Besu {@code P2PNetwork} shape). Built with {@link #builder()}.
 *
 * <p>It knows nothing of blocks: the chain protocol registers itself with {@link
 * #registerProtocol} like any application protocol. All methods are thread-safe and non-blocking;
 * callbacks follow {@link ProtocolHandler}'s threading contract. Time, scheduling and randomness
 * come from the builder, so a network runs unchanged on {@code SimulatedNetwork}'s virtual time.
 */
public interface PeerNetwork extends AutoCloseable {
  /** Returns a builder for a network. */
  static PeerNetworkBuilder builder() {
    return new PeerNetworkBuilder();
  }

  /** This node's id. */
  NodeId nodeId();

  /**
   * Starts listening (if a listen address was configured) and starts the timers.
   *
   * @throws IOException if the transport cannot bind
   * @throws IllegalStateException if already started or closed
   */
  void start() throws IOException;

  /** Disconnects every peer with {@link DisconnectReason#SHUTDOWN} and closes the transport. */
  @Override
  void close();

  /** The address the transport listens on, once started with a listen address. */
  Optional<PeerAddress> listenAddress();

  /**
   * Dials {@code address} and runs the handshake. The future completes with the peer, or
   * exceptionally with a {@link PeerConnectException} giving the reason (unreachable, timeout,
   * wrong network, banned, duplicate, too many peers, ...).
   *
   * @throws IllegalStateException if the network is not started
   */
  CompletableFuture<Peer> connect(PeerAddress address);

  /**
   * Like {@link #connect(PeerAddress)}, but the handshake fails with {@link
   * DisconnectReason#HANDSHAKE_FAILED} unless the peer proves it is {@code expected} (for dialling
   * a node found by discovery).
   */
  CompletableFuture<Peer> connect(PeerAddress address, NodeId expected);

  /**
   * Registers {@code handler} for {@code protocol}. Peers that connect afterwards learn of it in
   * the handshake; peers already connected get {@link ProtocolHandler#onPeerConnected} now.
   *
   * @throws IllegalArgumentException if a handler for the same name and version is registered
   */
  void registerProtocol(ProtocolId protocol, ProtocolHandler handler);

  /** The protocols registered here. */
  Set<ProtocolId> protocols();

  /** The peers connected now (handshake complete). */
  List<Peer> peers();

  /** The connected peer with {@code nodeId}, if any. */
  Optional<Peer> peer(NodeId nodeId);

  /** Adds a listener; it sees peers that connect afterwards. */
  void addListener(PeerNetworkListener listener);

  /** Marks {@code address} as a static peer: never banned, exempt from reputation actions. */
  void addStaticPeer(PeerAddress address);

  /** Removes a static peer mark; returns whether it was present. */
  boolean removeStaticPeer(PeerAddress address);

  /** The static peer addresses. */
  Set<PeerAddress> staticPeers();

  /** Adds a ban and disconnects the connected peers it matches with {@link DisconnectReason#BANNED}. */
  void ban(Ban ban);

  /** Lifts every ban on {@code nodeId}; returns whether there was one. */
  boolean unban(NodeId nodeId);

  /** Lifts every ban on {@code ip}; returns whether there was one. */
  boolean unban(InetAddress ip);

  /** The bans in force now. */
  List<Ban> bans();

  /** Whether {@code nodeId} is banned now. */
  boolean isBanned(NodeId nodeId);

  /** Whether {@code ip} is banned now (always false for exempt addresses). */
  boolean isBanned(InetAddress ip);

  /** A snapshot of the counters. */
  NetworkCounters counters();

  /**
   * Whether {@code nodeId} may join this network: always, unless the network was built with an
   * {@link PeerNetworkBuilder#allowlist allowlist} that does not list it.
   */
  default boolean isAllowed(NodeId nodeId) {
    return true;
  }
}
