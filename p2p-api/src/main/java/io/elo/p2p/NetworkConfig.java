package io.elo.p2p;

import io.elo.crypto.Hash;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * Everything a {@link DefaultPeerNetwork} is built from; validated by {@link PeerNetworkBuilder}.
 * {@code allowlist}, when present, is the only set of node ids this node talks to (a permissioned
 * network): see {@link #isAllowed}.
 */
record NetworkConfig(
    Transport transport,
    NodeIdentity identity,
    int networkId,
    Hash genesisHash,
    InstantSource clock,
    ScheduledExecutorService scheduler,
    Random random,
    Optional<PeerAddress> listenAddress,
    Optional<PeerAddress> advertisedAddress,
    int maxInboundPeers,
    int maxOutboundPeers,
    int maxPendingHandshakes,
    int maxPendingHandshakesPerIp,
    int maxPendingHandshakesPerNetGroup,
    NetGroups netGroups,
    Duration handshakeTimeout,
    Duration dialTimeout,
    Duration pingInterval,
    int maxMissedPongs,
    Duration idleTimeout,
    Map<String, RateLimit> rateLimits,
    ReputationManager reputation,
    Optional<Path> banListFile,
    Predicate<InetAddress> ipBanExempt,
    List<PeerNetworkListener> listeners,
    Set<PeerAddress> staticPeers,
    Optional<Set<NodeId>> allowlist) {

  /**
   * Whether {@code id} may connect, be dialled, and have its records spread by discovery and
   * peer exchange: always without an allowlist, else only if listed. The one predicate every
   * admission and discovery path calls.
   */
  boolean isAllowed(NodeId id) {
    return allowlist.isEmpty() || allowlist.get().contains(id);
  }

  /** Whether an allowlist restricts this network. */
  boolean isPermissioned() {
    return allowlist.isPresent();
  }
}
