package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.elo.p2p.internal.proto.Hello;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PeerNetwork}. Lock order: a session's lock, then this network's lock; never the
 * reverse, and no callback runs under this network's lock.
 */
final class DefaultPeerNetwork implements PeerNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultPeerNetwork.class);

  private enum Lifecycle {
    NEW,
    STARTED,
    CLOSED
  }

  private final NetworkConfig config;
  private final Counters counters = new Counters();
  private final BanList banList;
  private final Policing policing;
  private final PeerEvents events = new PeerEvents();
  private final Set<PeerAddress> staticPeers = ConcurrentHashMap.newKeySet();
  // Guarded by this. Admitted sessions: hello verified and accepted, Ready sent; a session is a
  // peer (isConnected) once the remote's Ready arrived too. Slots and duplicates count these.
  private final Map<NodeId, PeerSession> active = new HashMap<>();
  private final Set<PeerSession> sessions = new LinkedHashSet<>();
  private final Set<ByteBuffer> localNonces = new HashSet<>();
  private final InboundHandshakes pending;
  private Lifecycle lifecycle = Lifecycle.NEW;
  // Hooks of the peer manager and discovery (NetworkHooks); null when not attached.
  private volatile NetworkHooks.InboundRouter inboundRouter;
  private volatile NetworkHooks.AdmissionPolicy admissionPolicy;
  private Peer pendingEviction;

  DefaultPeerNetwork(NetworkConfig config) {
    this.config = config;
    this.banList = new BanList(config.banListFile(), config.ipBanExempt());
    this.policing = new Policing(this, banList);
    events.listeners.addAll(config.listeners());
    this.staticPeers.addAll(config.staticPeers());
    this.pending =
        new InboundHandshakes(
            new HandshakeSlots(
                config.netGroups(),
                config.maxPendingHandshakes(),
                config.maxPendingHandshakesPerIp(),
                config.maxPendingHandshakesPerNetGroup()),
            new FailureLog(LOG, config.clock()));
  }

  NetworkConfig config() {
    return config;
  }

  Counters liveCounters() {
    return counters;
  }

  Instant now() {
    return config.clock().instant();
  }

  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return config.scheduler().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
    long nanos = period.toNanos();
    return config.scheduler().scheduleAtFixedRate(task, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  synchronized long nextPingNonce() {
    return config.random().nextLong();
  }

  @Override
  public NodeId nodeId() {
    return config.identity().nodeId();
  }

  @Override
  public void start() throws IOException {
    synchronized (this) {
      checkState(lifecycle == Lifecycle.NEW, "network already started or closed");
      lifecycle = Lifecycle.STARTED;
    }
    banList.load(now());
    if (config.listenAddress().isPresent()) {
      config.transport().listen(config.listenAddress().get(), this::onInbound);
    }
  }

  @Override
  public void close() {
    List<PeerSession> open;
    synchronized (this) {
      if (lifecycle == Lifecycle.CLOSED) {
        return;
      }
      lifecycle = Lifecycle.CLOSED;
      open = new ArrayList<>(sessions);
    }
    for (PeerSession session : open) {
      session.disconnect(DisconnectReason.SHUTDOWN);
    }
    config.transport().close();
  }

  @Override
  public Optional<PeerAddress> listenAddress() {
    return config.transport().listenAddress();
  }

  @Override
  public CompletableFuture<Peer> connect(PeerAddress address) {
    return connect(address, Optional.empty());
  }

  @Override
  public CompletableFuture<Peer> connect(PeerAddress address, NodeId expected) {
    return connect(address, Optional.of(expected));
  }

  private CompletableFuture<Peer> connect(PeerAddress address, Optional<NodeId> expected) {
    checkNotNull(address);
    synchronized (this) {
      checkState(lifecycle == Lifecycle.STARTED, "network not started");
    }
    CompletableFuture<Peer> result = new CompletableFuture<>();
    if (isBanned(address.ip())) {
      fail(result, address, true, DisconnectReason.BANNED, null);
      return result;
    }
    config
        .transport()
        .dial(address, config.dialTimeout())
        .whenComplete(
            (connection, error) -> {
              if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                boolean timeout = error instanceof TimeoutException || cause instanceof TimeoutException;
                DisconnectReason reason =
                    cause instanceof SecureChannelException secure
                        ? secure.reason()
                        : timeout ? DisconnectReason.TIMEOUT : DisconnectReason.CONNECTION_LOST;
                fail(result, address, true, reason, cause);
              } else {
                counters.outboundConnections.increment();
                startSession(connection, result, expected);
              }
            });
    return result;
  }

  /** Installs the peer manager's hooks (see {@link NetworkHooks}); either may be null. */
  void installHooks(NetworkHooks.InboundRouter router, NetworkHooks.AdmissionPolicy policy) {
    this.inboundRouter = router;
    this.admissionPolicy = policy;
  }

  private void onInbound(Connection connection) {
    NetworkHooks.InboundRouter router = inboundRouter;
    if (router != null) {
      boolean running;
      synchronized (this) {
        running = lifecycle == Lifecycle.STARTED;
      }
      if (!running || isBanned(connection.remoteAddress().ip())) {
        counters.inboundConnections.increment();
        refuse(connection, running ? DisconnectReason.BANNED : DisconnectReason.SHUTDOWN);
      } else {
        router.route(connection, this::routedSession);
      }
      return;
    }
    acceptInbound(connection);
  }

  /** The peer path of a routed inbound connection: the session to deliver its frames to. */
  private FrameHandler routedSession(Connection connection) {
    PeerSession[] created = new PeerSession[1];
    acceptInbound(connection, created);
    return created[0];
  }

  private void acceptInbound(Connection connection) {
    acceptInbound(connection, null);
  }

  private void acceptInbound(Connection connection, PeerSession[] routed) {
    counters.inboundConnections.increment();
    InetAddress ip = connection.remoteAddress().ip();
    DisconnectReason refusal = null;
    HandshakeSlots.Result slot = null;
    synchronized (this) {
      if (lifecycle != Lifecycle.STARTED) {
        refusal = DisconnectReason.SHUTDOWN;
      } else {
        slot = pending.tryAcquire(ip);
        refusal = slot.acquired() ? null : DisconnectReason.TOO_MANY_PEERS;
      }
    }
    if (refusal == null && isBanned(ip)) {
      synchronized (this) {
        pending.cancel(ip);
      }
      refusal = DisconnectReason.BANNED;
    }
    if (refusal != null) {
      if (slot != null && !slot.acquired()) {
        pending.refused(ip, slot);
      }
      refuse(connection, refusal);
      return;
    }
    startSession(connection, null, Optional.empty(), routed);
  }

  private void startSession(
      Connection connection, CompletableFuture<Peer> future, Optional<NodeId> expected) {
    startSession(connection, future, expected, null);
  }

  /** Starts a session; given {@code routed}, a router owns the handler and gets the session. */
  private void startSession(
      Connection connection,
      CompletableFuture<Peer> future,
      Optional<NodeId> expected,
      PeerSession[] routed) {
    byte[] nonce = new byte[Handshake.NONCE_LENGTH];
    PeerSession session;
    synchronized (this) {
      // An inbound connection comes with the handshake slot acceptInbound took for it.
      if (lifecycle != Lifecycle.STARTED) {
        session = null;
        if (connection.isInbound()) {
          pending.cancel(connection.remoteAddress().ip());
        }
      } else {
        config.random().nextBytes(nonce);
        session = new PeerSession(this, connection, nonce, future, expected);
        sessions.add(session);
        localNonces.add(ByteBuffer.wrap(nonce));
        if (connection.isInbound()) {
          pending.hold(session);
        }
      }
    }
    if (session == null) {
      refuse(connection, DisconnectReason.SHUTDOWN);
      if (future != null) {
        fail(future, connection.remoteAddress(), true, DisconnectReason.SHUTDOWN, null);
      }
      return;
    }
    if (routed != null) {
      routed[0] = session;
    } else {
      connection.setHandler(session);
    }
    session.begin();
  }

  private void refuse(Connection connection, DisconnectReason reason) {
    counters.disconnected(reason);
    if (connection.send(Messages.disconnect(reason))) {
      counters.sent(Messages.DISCONNECT, Messages.disconnect(reason).length);
    }
    connection.close(reason);
    notifyConnectionFailed(connection.remoteAddress(), !connection.isInbound(), reason);
  }

  synchronized boolean isLocalNonce(byte[] nonce) {
    return localNonces.contains(ByteBuffer.wrap(nonce));
  }

  byte[] hello(byte[] localNonce, byte[] remoteNonce, boolean sign) {
    Optional<PeerAddress> advertised =
        config
            .advertisedAddress()
            .or(() -> listenAddress().filter(a -> !a.ip().isAnyLocalAddress() && a.port() != 0));
    return Handshake.hello(
        config.identity(),
        config.networkId(),
        config.genesisHash(),
        advertised,
        protocols(),
        localNonce,
        remoteNonce,
        sign);
  }

  Handshake.RemoteHello verifyHello(
      Hello hello, byte[] localNonce, byte[] remoteNonce, Optional<NodeId> channelId)
      throws Handshake.Failure {
    return Handshake.verify(
        hello, config.networkId(), config.genesisHash(), localNonce, remoteNonce, channelId);
  }

  /**
   * Decides whether a verified peer may join; on success records it as active. Duplicate rule:
   * of two connections between the same nodes, both sides keep the one dialled by the node with
   * the smaller id (the older one if the same node dialled both).
   */
  Optional<DisconnectReason> admit(PeerSession session, NodeId remoteId) {
    PeerSession replaced = null;
    Peer evicted;
    Optional<DisconnectReason> refusal;
    synchronized (this) {
      pendingEviction = null;
      refusal = admitLocked(session, remoteId);
      if (refusal.isEmpty()) {
        replaced = active.put(remoteId, session);
        localNonces.remove(ByteBuffer.wrap(session.localNonce()));
        pending.release(session);
      }
      evicted = refusal.isEmpty() ? pendingEviction : null;
      pendingEviction = null;
    }
    if (refusal.isEmpty() && replaced != null) {
      replaced.disconnect(DisconnectReason.DUPLICATE);
    }
    if (evicted != null) {
      evicted.disconnect(DisconnectReason.TOO_MANY_PEERS);
    }
    return refusal;
  }

  private Optional<DisconnectReason> admitLocked(PeerSession session, NodeId remoteId) {
    if (lifecycle != Lifecycle.STARTED) {
      return Optional.of(DisconnectReason.SHUTDOWN);
    }
    if (!config.isAllowed(remoteId)) {
      pending.notAllowed(remoteId, session.address());
      return Optional.of(DisconnectReason.NOT_ALLOWED);
    }
    if (banList.isBanned(remoteId, now())) {
      return Optional.of(DisconnectReason.BANNED);
    }
    PeerSession existing = active.get(remoteId);
    Optional<DisconnectReason> refusal =
        Admission.decide(nodeId(), remoteId, session, existing, active.values(), config);
    NetworkHooks.AdmissionPolicy policy = admissionPolicy;
    boolean limitsOnly = refusal.isEmpty() || refusal.get() == DisconnectReason.TOO_MANY_PEERS;
    if (policy == null || existing != null || !limitsOnly) {
      return refusal;
    }
    // A peer manager is attached: its policy replaces the slot counts.
    NetworkHooks.Decision decision = policy.admit(session, List.copyOf(active.values()));
    pendingEviction = decision.evict().orElse(null);
    return decision.refusal();
  }

  /** Announces a newly active peer; called under the session's lock. */
  void onActive(PeerSession session) {
    counters.handshakesCompleted.increment();
    events.connected(session);
    session.connectFuture().ifPresent(f -> config.scheduler().execute(() -> f.complete(session)));
  }

  /** Records the end of a session; called under the session's lock. */
  void onClosed(
      PeerSession session,
      boolean wasAdmitted,
      boolean wasActive,
      DisconnectReason reason,
      boolean byRemote) {
    synchronized (this) {
      sessions.remove(session);
      localNonces.remove(ByteBuffer.wrap(session.localNonce()));
      pending.release(session);
      if (wasAdmitted) {
        active.remove(session.nodeId(), session);
      }
    }
    if (!wasAdmitted && session.isInbound()) {
      pending.endedBeforeAdmission(session.address(), reason);
    }
    counters.disconnected(reason);
    if (wasActive) {
      events.disconnected(session, reason, byRemote);
    } else {
      notifyConnectionFailed(session.address(), !session.isInbound(), reason);
      session
          .connectFuture()
          .ifPresent(f -> failAsync(f, session.address(), reason, null));
    }
  }

  private void fail(
      CompletableFuture<Peer> future,
      PeerAddress address,
      boolean outbound,
      DisconnectReason reason,
      Throwable cause) {
    notifyConnectionFailed(address, outbound, reason);
    failAsync(future, address, reason, cause);
  }

  private void failAsync(
      CompletableFuture<Peer> future, PeerAddress address, DisconnectReason reason, Throwable cause) {
    PeerConnectException error =
        new PeerConnectException(reason, "connection to " + address + " failed: " + reason, cause);
    config.scheduler().execute(() -> future.completeExceptionally(error));
  }

  private void notifyConnectionFailed(PeerAddress address, boolean outbound, DisconnectReason reason) {
    events.connectionFailed(address, outbound, reason);
  }

  ProtocolHandler handler(ProtocolId protocol) {
    return events.protocols.get(protocol);
  }

  boolean isStatic(Connection connection) {
    PeerAddress remote = connection.remoteAddress();
    if (!connection.isInbound()) {
      return staticPeers.contains(remote);
    }
    // Inbound: match the IP only; a claimed listen address proves nothing.
    return staticPeers.stream().anyMatch(a -> a.ip().equals(remote.ip()));
  }

  @Override
  public boolean isAllowed(NodeId nodeId) {
    return config.isAllowed(checkNotNull(nodeId));
  }

  void reportMisbehaviour(PeerSession session, Severity severity, String description) {
    policing.report(session, severity, description);
  }

  void reportMisbehaviourAtClose(PeerSession session, Severity severity, String description) {
    policing.reportAtClose(session, severity, description);
  }

  @Override
  public void registerProtocol(ProtocolId protocol, ProtocolHandler handler) {
    checkNotNull(handler);
    checkArgument(
        events.protocols.putIfAbsent(protocol, handler) == null, "protocol %s already registered", protocol);
    List<PeerSession> current;
    synchronized (this) {
      current = new ArrayList<>(active.values());
    }
    for (PeerSession session : current) {
      config.scheduler().execute(() -> {
        synchronized (session) {
          if (session.isConnected()) {
            handler.onPeerConnected(session);
          }
        }
      });
    }
  }

  @Override
  public Set<ProtocolId> protocols() {
    return Set.copyOf(events.protocols.keySet());
  }

  @Override
  public synchronized List<Peer> peers() {
    List<Peer> peers = new ArrayList<>();
    for (PeerSession session : active.values()) {
      if (session.isConnected()) {
        peers.add(session);
      }
    }
    return List.copyOf(peers);
  }

  @Override
  public synchronized Optional<Peer> peer(NodeId nodeId) {
    PeerSession session = active.get(nodeId);
    return session != null && session.isConnected() ? Optional.of(session) : Optional.empty();
  }

  @Override
  public void addListener(PeerNetworkListener listener) {
    events.listeners.add(checkNotNull(listener));
  }

  @Override
  public void addStaticPeer(PeerAddress address) {
    staticPeers.add(checkNotNull(address));
  }

  @Override
  public boolean removeStaticPeer(PeerAddress address) {
    return staticPeers.remove(address);
  }

  @Override
  public Set<PeerAddress> staticPeers() {
    return Set.copyOf(staticPeers);
  }

  @Override
  public void ban(Ban ban) {
    List<PeerSession> all;
    synchronized (this) {
      all = new ArrayList<>(sessions);
    }
    policing.ban(ban, all);
  }

  @Override
  public boolean unban(NodeId nodeId) {
    return banList.removeNode(nodeId);
  }

  @Override
  public boolean unban(InetAddress ip) {
    return banList.removeIp(ip);
  }

  @Override
  public List<Ban> bans() {
    return banList.list(now());
  }

  @Override
  public boolean isBanned(NodeId nodeId) {
    return banList.isBanned(nodeId, now());
  }

  @Override
  public boolean isBanned(InetAddress ip) {
    return banList.isBanned(ip, now());
  }

  @Override
  public NetworkCounters counters() {
    int inbound = 0;
    int outbound = 0;
    synchronized (this) {
      for (PeerSession session : active.values()) {
        if (!session.isConnected()) {
          continue;
        }
        if (session.isInbound()) {
          inbound++;
        } else {
          outbound++;
        }
      }
    }
    return counters.snapshot(inbound, outbound, banList.list(now()).size());
  }
}
