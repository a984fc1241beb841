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

/** Everything a {@link DefaultPeerNetwork} is built from; validated by {@link PeerNetworkBuilder}. */
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
    Set<PeerAddress> staticPeers) {}
