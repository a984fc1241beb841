package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.elo.crypto.Hash;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * Builds a {@link PeerNetwork}. Required: {@link #transport}, {@link #identity}, {@link
 * #networkId}, {@link #genesisHash}, {@link #clock}, {@link #scheduler} and {@link #random}
 * (nothing reads the wall clock or a global random source). Everything else has the defaults
 * listed in docs/p2p.md. Not thread-safe; {@link #build} may be called once per configuration.
 */
public final class PeerNetworkBuilder {
  /** Default for {@link #maxInboundPeers}. */
  public static final int DEFAULT_MAX_INBOUND = 100;
  /** Default for {@link #maxOutboundPeers}. */
  public static final int DEFAULT_MAX_OUTBOUND = 16;
  /** Default for {@link #maxPendingHandshakes}. */
  public static final int DEFAULT_MAX_PENDING_HANDSHAKES = 32;
  /** Default for {@link #maxPendingHandshakesPerIp}: an eighth of the default total. */
  public static final int DEFAULT_MAX_PENDING_HANDSHAKES_PER_IP = 4;
  /** Default for {@link #maxPendingHandshakesPerNetGroup}: a quarter of the default total. */
  public static final int DEFAULT_MAX_PENDING_HANDSHAKES_PER_NET_GROUP = 8;
  /** Default for {@link #handshakeTimeout}. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /** Default for {@link #dialTimeout}. */
  public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(10);
  /** Default for {@link #pingInterval}. */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
  /** Default for {@link #maxMissedPongs}. */
  public static final int DEFAULT_MAX_MISSED_PONGS = 3;
  /** Default for {@link #idleTimeout}. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(2);
  /** Default ping rate limit per peer: 1 per second, bursts of 5. */
  public static final RateLimit DEFAULT_PING_LIMIT = RateLimit.of(1, 5);

  private Transport transport;
  private NodeIdentity identity;
  private Integer networkId;
  private Hash genesisHash;
  private InstantSource clock;
  private ScheduledExecutorService scheduler;
  private Random random;
  private PeerAddress listenAddress;
  private PeerAddress advertisedAddress;
  private int maxInbound = DEFAULT_MAX_INBOUND;
  private int maxOutbound = DEFAULT_MAX_OUTBOUND;
  private int maxPending = DEFAULT_MAX_PENDING_HANDSHAKES;
  private int maxPendingPerIp = DEFAULT_MAX_PENDING_HANDSHAKES_PER_IP;
  private int maxPendingPerNetGroup = DEFAULT_MAX_PENDING_HANDSHAKES_PER_NET_GROUP;
  private NetGroups netGroups = NetGroups.standard();
  private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
  private Duration dialTimeout = DEFAULT_DIAL_TIMEOUT;
  private Duration pingInterval = DEFAULT_PING_INTERVAL;
  private int maxMissedPongs = DEFAULT_MAX_MISSED_PONGS;
  private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
  private final Map<String, RateLimit> rateLimits = new HashMap<>();
  private ReputationManager reputation;
  private Path banListFile;
  private Predicate<InetAddress> ipBanExempt = InetAddress::isLoopbackAddress;
  private final List<PeerNetworkListener> listeners = new ArrayList<>();
  private final Set<PeerAddress> staticPeers = new LinkedHashSet<>();
  private Set<NodeId> allowlist;

  PeerNetworkBuilder() {
    rateLimits.put(Messages.PING, DEFAULT_PING_LIMIT);
  }

  /** The transport to listen and dial on. */
  public PeerNetworkBuilder transport(Transport value) {
    this.transport = checkNotNull(value);
    return this;
  }

  /** The node's identity (its key signs the handshake). */
  public PeerNetworkBuilder identity(NodeIdentity value) {
    this.identity = checkNotNull(value);
    return this;
  }

  /** The network id; peers with another are refused ({@link DisconnectReason#WRONG_NETWORK}). */
  public PeerNetworkBuilder networkId(int value) {
    this.networkId = value;
    return this;
  }

  /** The genesis block hash; peers with another are refused. */
  public PeerNetworkBuilder genesisHash(Hash value) {
    this.genesisHash = checkNotNull(value);
    return this;
  }

  /** The clock (the node's, or a {@link SimulatedScheduler}). */
  public PeerNetworkBuilder clock(InstantSource value) {
    this.clock = checkNotNull(value);
    return this;
  }

  /** The scheduler for timers and callbacks (the node's, or a {@link SimulatedScheduler}). */
  public PeerNetworkBuilder scheduler(ScheduledExecutorService value) {
    this.scheduler = checkNotNull(value);
    return this;
  }

  /** The randomness for nonces: a {@link java.security.SecureRandom} in production. */
  public PeerNetworkBuilder random(Random value) {
    this.random = checkNotNull(value);
    return this;
  }

  /** Where to listen; without it the node only dials out. */
  public PeerNetworkBuilder listenAddress(PeerAddress value) {
    this.listenAddress = checkNotNull(value);
    return this;
  }

  /** The listen address to announce in the hello (default: the bound address, if specific). */
  public PeerNetworkBuilder advertisedAddress(PeerAddress value) {
    this.advertisedAddress = checkNotNull(value);
    return this;
  }

  /** Most inbound peers (default {@value #DEFAULT_MAX_INBOUND}). */
  public PeerNetworkBuilder maxInboundPeers(int value) {
    checkArgument(value >= 0, "negative limit");
    this.maxInbound = value;
    return this;
  }

  /** Most outbound peers (default {@value #DEFAULT_MAX_OUTBOUND}). */
  public PeerNetworkBuilder maxOutboundPeers(int value) {
    checkArgument(value >= 0, "negative limit");
    this.maxOutbound = value;
    return this;
  }

  /**
   * Most inbound connections still in their handshake (default 32); more are refused with {@link
   * DisconnectReason#TOO_MANY_PEERS}, and so are connections past the per-IP and per-net-group
   * shares below. Stalled handshakes end at the {@link #handshakeTimeout}.
   */
  public PeerNetworkBuilder maxPendingHandshakes(int value) {
    checkArgument(value >= 1, "at least one pending handshake");
    this.maxPending = value;
    return this;
  }

  /**
   * Most of the pending handshakes one IP may hold (default {@value
   * #DEFAULT_MAX_PENDING_HANDSHAKES_PER_IP}), so one address cannot keep newcomers out. Addresses
   * exempt under {@link #netGroups} are not capped.
   */
  public PeerNetworkBuilder maxPendingHandshakesPerIp(int value) {
    checkArgument(value >= 1, "at least one pending handshake per IP");
    this.maxPendingPerIp = value;
    return this;
  }

  /**
   * Most of the pending handshakes one net group may hold (default {@value
   * #DEFAULT_MAX_PENDING_HANDSHAKES_PER_NET_GROUP}). Addresses exempt under {@link #netGroups} are
   * not capped.
   */
  public PeerNetworkBuilder maxPendingHandshakesPerNetGroup(int value) {
    checkArgument(value >= 1, "at least one pending handshake per net group");
    this.maxPendingPerNetGroup = value;
    return this;
  }

  /**
   * The net groups, and the exempt addresses, of the per-IP and per-group caps (default {@link
   * NetGroups#standard()}: nothing exempt). A {@link PeerManager} built on this network uses the
   * same unless given its own.
   */
  public PeerNetworkBuilder netGroups(NetGroups value) {
    this.netGroups = checkNotNull(value);
    return this;
  }

  /** Time allowed from connection to completed handshake (default 10 s). */
  public PeerNetworkBuilder handshakeTimeout(Duration value) {
    this.handshakeTimeout = positive(value);
    return this;
  }

  /** Time allowed to establish a transport connection (default 10 s). */
  public PeerNetworkBuilder dialTimeout(Duration value) {
    this.dialTimeout = positive(value);
    return this;
  }

  /** Interval between pings to each peer (default 30 s). */
  public PeerNetworkBuilder pingInterval(Duration value) {
    this.pingInterval = positive(value);
    return this;
  }

  /** Consecutive unanswered pings that disconnect with {@link DisconnectReason#TIMEOUT}. */
  public PeerNetworkBuilder maxMissedPongs(int value) {
    checkArgument(value >= 1, "at least one missed pong");
    this.maxMissedPongs = value;
    return this;
  }

  /** Silence after which a peer is disconnected with {@link DisconnectReason#IDLE} (2 min). */
  public PeerNetworkBuilder idleTimeout(Duration value) {
    this.idleTimeout = positive(value);
    return this;
  }

  /** Limits the messages of {@code protocol} each peer may send. Unlimited by default. */
  public PeerNetworkBuilder rateLimit(ProtocolId protocol, RateLimit limit) {
    rateLimits.put(protocol.toString(), checkNotNull(limit));
    return this;
  }

  /** Limits the pings each peer may send (default 1 per second, bursts of 5). */
  public PeerNetworkBuilder pingRateLimit(RateLimit limit) {
    rateLimits.put(Messages.PING, checkNotNull(limit));
    return this;
  }

  /** The reputation manager (default {@link DefaultReputationManager#withDefaults()}). */
  public PeerNetworkBuilder reputationManager(ReputationManager value) {
    this.reputation = checkNotNull(value);
    return this;
  }

  /** Persists the ban list to this file (loaded at start, rewritten atomically on change). */
  public PeerNetworkBuilder banListFile(Path value) {
    this.banListFile = checkNotNull(value);
    return this;
  }

  /** IPs whose bans are not enforced (default: loopback), so local networks keep working. */
  public PeerNetworkBuilder ipBanExempt(Predicate<InetAddress> value) {
    this.ipBanExempt = checkNotNull(value);
    return this;
  }

  /** Adds a listener. */
  public PeerNetworkBuilder listener(PeerNetworkListener value) {
    listeners.add(checkNotNull(value));
    return this;
  }

  /** Marks an address as a static peer (see {@link PeerNetwork#addStaticPeer}). */
  public PeerNetworkBuilder staticPeer(PeerAddress value) {
    staticPeers.add(checkNotNull(value));
    return this;
  }

  /**
   * Builds the network (not started).
   *
   * @throws IllegalStateException if a required setting is missing
   */
  public PeerNetwork build() {
    checkState(transport != null, "transport is required");
    checkState(identity != null, "identity is required");
    checkState(networkId != null, "networkId is required");
    checkState(genesisHash != null, "genesisHash is required");
    checkState(clock != null, "clock is required");
    checkState(scheduler != null, "scheduler is required");
    checkState(random != null, "random is required");
    return new DefaultPeerNetwork(
        new NetworkConfig(
            transport,
            identity,
            networkId,
            genesisHash,
            clock,
            scheduler,
            random,
            Optional.ofNullable(listenAddress),
            Optional.ofNullable(advertisedAddress),
            maxInbound,
            maxOutbound,
            maxPending,
            maxPendingPerIp,
            maxPendingPerNetGroup,
            netGroups,
            handshakeTimeout,
            dialTimeout,
            pingInterval,
            maxMissedPongs,
            idleTimeout,
            Map.copyOf(rateLimits),
            reputation != null ? reputation : DefaultReputationManager.withDefaults(),
            Optional.ofNullable(banListFile),
            ipBanExempt,
            List.copyOf(listeners),
            Set.copyOf(staticPeers),
            Optional.ofNullable(allowlist)));
  }

  /**
   * Makes the network permissioned: only these node ids (this node's own need not be listed) may
   * connect, inbound or outbound; others are refused after their handshake with {@link
   * DisconnectReason#NOT_ALLOWED} and logged with their node id (at DEBUG, summarised at INFO at
   * most once a minute: see {@link FailureLog}), and discovery and peer exchange do not keep or
   * spread their records. Default: no allowlist, anyone on the network may join.
   */
  public PeerNetworkBuilder allowlist(Set<NodeId> nodeIds) {
    this.allowlist = Set.copyOf(nodeIds);
    return this;
  }

  private static Duration positive(Duration value) {
    checkArgument(!value.isNegative() && !value.isZero(), "duration must be positive: %s", value);
    return value;
  }
}
