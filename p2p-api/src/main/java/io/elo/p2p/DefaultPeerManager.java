package io.elo.p2p;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PeerManager}. Lock order: a session's lock, then this manager's lock, then the
 * network's; network calls that may call back (connect, disconnect) run outside this lock.
 */
final class DefaultPeerManager implements PeerManager, PeerNetworkListener, PeerExchange.Book {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultPeerManager.class);

  /** Dials started per loop tick at most. */
  static final int MAX_DIALS_PER_TICK = 3;

  /** A dial with no outcome after this is forgotten. */
  static final Duration DIAL_EXPIRY = Duration.ofMinutes(1);

  static final Duration COLLISION_INTERVAL = Duration.ofMinutes(1);
  static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

  private final DefaultPeerNetwork network;
  private final PeerManagerConfig config;
  private final Random random;
  private final PeerLimits limits;
  private final OutboundSelector selector;
  private final Discovery discovery;
  private final PeerExchange exchange;
  private final StaticPeers statics;
  // Guarded by this.
  private AddressBook book;
  private final Map<PeerAddress, ConnectionKind.Dial> pending = new LinkedHashMap<>();
  private final Map<NodeId, ConnectionKind.Outbound> outbound = new LinkedHashMap<>();
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private Instant nextFeeler;
  private Instant nextCollisionCheck;
  private Instant nextPrune;
  private Instant nextSave;
  private boolean started;
  private boolean closed;

  DefaultPeerManager(DefaultPeerNetwork network, PeerManagerConfig config) {
    this.network = network;
    this.config = config;
    this.random = network.config().random();
    byte[] key = new byte[32];
    random.nextBytes(key);
    this.limits =
        new PeerLimits(
            config.netGroups(),
            config.maxInbound(),
            Math.max(network.config().maxOutboundPeers(), config.outboundTarget() + 1),
            config.maxPerIp(),
            config.maxPerNetGroup(),
            key);
    this.selector = new OutboundSelector(config.netGroups());
    this.book = AddressBook.create(config.netGroups(), random);
    this.statics = new StaticPeers(random);
    this.discovery =
        config.discovery()
            ? new Discovery(
                network.config().identity(),
                network.config().transport(),
                config.netGroups(),
                network.config().clock(),
                network.config().scheduler(),
                random,
                config.bootstrap(),
                network.config()::isAllowed,
                this::discovered)
            : null;
    this.exchange = config.peerExchange() ? new PeerExchange(this, network.config().clock()) : null;
    network.installHooks(
        discovery == null
            ? null
            : new FirstFrameRouter(
                discovery.server(),
                network.config().scheduler(),
                config.netGroups(),
                FirstFrameRouter.failureLog(network.config().clock())),
        limits);
    network.addListener(this);
    if (exchange != null) {
      network.registerProtocol(PeerExchange.PROTOCOL, exchange);
    }
  }

  private Instant now() {
    return network.now();
  }

  @Override
  public void start() throws IOException {
    synchronized (this) {
      checkState(!started && !closed, "already started or closed");
      started = true;
    }
    if (config.addressBookFile().isPresent()) {
      Optional<AddressBook> loaded =
          AddressBookFile.read(config.addressBookFile().get(), config.netGroups(), random);
      synchronized (this) {
        loaded.ifPresent(b -> book = b);
      }
    }
    Instant now = now();
    synchronized (this) {
      for (PeerAddress address : config.bootstrap()) {
        book.add(address, Optional.empty(), address.ip(), now, Duration.ZERO, now);
      }
      nextFeeler = now.plus(feelerDelay());
      nextCollisionCheck = now.plus(COLLISION_INTERVAL);
      nextPrune = now.plus(PRUNE_INTERVAL);
      nextSave = now.plus(config.saveInterval());
      long nanos = config.connectInterval().toNanos();
      timers.add(
          network
              .config()
              .scheduler()
              .scheduleAtFixedRate(this::tick, 0, nanos, TimeUnit.NANOSECONDS));
    }
    if (discovery != null) {
      ownAddress().ifPresent(discovery::setLocalAddress);
      discovery.start();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      timers.forEach(t -> t.cancel(false));
    }
    if (discovery != null) {
      discovery.close();
    }
    try {
      saveAddressBook();
    } catch (IOException e) {
      LOG.warn("could not save the address book", e);
    }
  }

  // ---- the connection loop ----

  private void tick() {
    List<ConnectionKind.Dial> dials = new ArrayList<>();
    boolean save = false;
    synchronized (this) {
      if (closed) {
        return;
      }
      Instant now = now();
      pending.values().removeIf(d -> d.startedAt().plus(DIAL_EXPIRY).isBefore(now));
      Set<PeerAddress> staticPeers = network.staticPeers();
      long regular =
          outbound.values().stream().filter(p -> p.kind() == ConnectionKind.REGULAR).count()
              + pending.values().stream().filter(d -> d.kind() == ConnectionKind.REGULAR).count();
      boolean feelerDue = !now.isBefore(nextFeeler);
      // The busy set costs a copy of the peer list: build it only when something will dial.
      Set<PeerAddress> busy =
          staticPeers.isEmpty() && regular >= config.outboundTarget() && !feelerDue
              ? Set.of()
              : busyAddresses();
      for (PeerAddress address : statics.due(staticPeers, busy, now)) {
        dials.add(
            new ConnectionKind.Dial(address, Optional.empty(), ConnectionKind.STATIC, false, now));
      }
      if (regular < config.outboundTarget()) {
        fillOutbound(dials, busy, now);
      }
      if (feelerDue) {
        nextFeeler = now.plus(feelerDelay());
        feeler(busy, now).ifPresent(dials::add);
      }
      if (!now.isBefore(nextCollisionCheck)) {
        nextCollisionCheck = now.plus(COLLISION_INTERVAL);
        book.resolveCollisions(now);
      }
      if (!now.isBefore(nextPrune)) {
        nextPrune = now.plus(PRUNE_INTERVAL);
        book.prune(now);
      }
      if (!now.isBefore(nextSave)) {
        nextSave = now.plus(config.saveInterval());
        save = true;
      }
      for (ConnectionKind.Dial dial : dials) {
        pending.put(dial.address(), dial);
      }
    }
    for (ConnectionKind.Dial dial : dials) {
      dial(dial);
    }
    if (save) {
      try {
        saveAddressBook();
      } catch (IOException e) {
        LOG.warn("could not save the address book", e);
      }
    }
  }

  private void fillOutbound(List<ConnectionKind.Dial> dials, Set<PeerAddress> busy, Instant now) {
    Set<NetGroup> groups = new HashSet<>();
    int fromNew = 0;
    int regular = 0;
    for (ConnectionKind.Outbound peer : outbound.values()) {
      if (peer.kind() == ConnectionKind.REGULAR) {
        regular++;
        groups.add(peer.group());
        fromNew += peer.fromNew() ? 1 : 0;
      }
    }
    for (ConnectionKind.Dial dial : pending.values()) {
      if (dial.kind() == ConnectionKind.REGULAR) {
        regular++;
        groups.add(group(dial.address()));
        fromNew += dial.fromNew() ? 1 : 0;
      }
    }
    while (regular < config.outboundTarget() && dials.size() < MAX_DIALS_PER_TICK) {
      Optional<KnownAddress> picked =
          selector.select(book, groups, busy, fromNew, this::excluded, now);
      if (picked.isEmpty()) {
        return;
      }
      KnownAddress known = picked.get();
      dials.add(
          new ConnectionKind.Dial(
              known.address(), known.nodeId(), ConnectionKind.REGULAR, !known.tried(), now));
      busy.add(known.address());
      groups.add(group(known.address()));
      regular++;
      fromNew += known.tried() ? 0 : 1;
    }
  }

  private Optional<ConnectionKind.Dial> feeler(Set<PeerAddress> busy, Instant now) {
    long regular =
        outbound.values().stream().filter(p -> p.kind() == ConnectionKind.REGULAR).count();
    boolean feelerPending =
        pending.values().stream().anyMatch(d -> d.kind() == ConnectionKind.FEELER);
    if (regular < config.outboundTarget() || feelerPending) {
      return Optional.empty();
    }
    Optional<KnownAddress> target = book.selectTriedCollision();
    if (target.isEmpty()) {
      target = book.select(true, now);
    }
    return target
        .filter(t -> !busy.contains(t.address()) && !excluded(t.address()))
        .map(
            t ->
                new ConnectionKind.Dial(
                    t.address(), t.nodeId(), ConnectionKind.FEELER, false, now));
  }

  private Duration feelerDelay() {
    double u = random.nextDouble();
    return Duration.ofMillis((long) (-Math.log(1 - u) * config.feelerInterval().toMillis()));
  }

  private void dial(ConnectionKind.Dial dial) {
    try {
      CompletableFuture<Peer> future =
          dial.nodeId().isPresent()
              ? network.connect(dial.address(), dial.nodeId().get())
              : network.connect(dial.address());
      future.whenComplete((p, e) -> {});
    } catch (IllegalStateException e) {
      synchronized (this) {
        pending.remove(dial.address());
      }
    }
  }

  private Set<PeerAddress> busyAddresses() {
    Set<PeerAddress> busy = new HashSet<>(pending.keySet());
    for (Peer peer : network.peers()) {
      busy.add(peer.address());
      peer.listenAddress().ifPresent(busy::add);
    }
    return busy;
  }

  private boolean excluded(PeerAddress address) {
    return ownAddress().map(address::equals).orElse(false) || network.isBanned(address.ip());
  }

  private NetGroup group(PeerAddress address) {
    return config.netGroups().netGroup(address.ip());
  }

  // ---- network events ----

  @Override
  public void onPeerConnected(Peer peer) {
    if (peer.isInbound()) {
      return;
    }
    boolean feeler;
    synchronized (this) {
      ConnectionKind.Dial dial = pending.remove(peer.address());
      Instant now = now();
      book.good(peer.address(), now);
      book.connected(peer.address(), now);
      String kind =
          dial != null
              ? dial.kind()
              : peer.isStatic() ? ConnectionKind.STATIC : ConnectionKind.OTHER;
      if (kind.equals(ConnectionKind.STATIC)) {
        statics.connected(peer.address());
      }
      feeler = kind.equals(ConnectionKind.FEELER);
      if (!feeler) {
        outbound.put(
            peer.nodeId(),
            new ConnectionKind.Outbound(
                peer, kind, dial != null && dial.fromNew(), group(peer.address())));
      }
    }
    if (feeler) {
      peer.disconnect(DisconnectReason.REQUESTED);
    }
  }

  @Override
  public void onPeerDisconnected(Peer peer, DisconnectReason reason, boolean byRemote) {
    if (reason != DisconnectReason.DUPLICATE) {
      // A connection dropped as a duplicate leaves its twin to the same node running: that
      // node keeps the usefulness that protects it from inbound eviction.
      limits.forget(peer.nodeId());
    }
    synchronized (this) {
      ConnectionKind.Outbound entry = outbound.get(peer.nodeId());
      if (entry != null && entry.peer() == peer) {
        outbound.remove(peer.nodeId());
        if (entry.kind().equals(ConnectionKind.STATIC)) {
          statics.failed(peer.address(), now());
        }
      }
    }
  }

  @Override
  public void onConnectionFailed(PeerAddress address, boolean isOutbound, DisconnectReason reason) {
    if (!isOutbound) {
      return;
    }
    synchronized (this) {
      ConnectionKind.Dial dial = pending.remove(address);
      book.attempt(address, true, now());
      if (dial != null && dial.kind().equals(ConnectionKind.STATIC)) {
        statics.failed(address, now());
      }
    }
  }

  private void discovered(NodeRecord record, InetAddress source) {
    synchronized (this) {
      Instant now = now();
      book.add(record.address(), Optional.of(record.nodeId()), source, now, Duration.ZERO, now);
    }
  }

  // ---- PeerExchange.Book ----

  @Override
  public void received(Peer from, PeerAddress address, Optional<NodeId> nodeId, Instant timestamp) {
    if (network.config().isPermissioned()
        && (nodeId.isEmpty() || !network.config().isAllowed(nodeId.get()))) {
      // A permissioned network keeps and spreads only records of allowed node ids.
      return;
    }
    synchronized (this) {
      book.add(address, nodeId, from.address().ip(), timestamp, PeerExchange.PENALTY, now());
    }
  }

  @Override
  public synchronized List<KnownAddress> sample(int max, int maxPercent) {
    return book.sample(max, maxPercent, now());
  }

  @Override
  public Optional<PeerAddress> ownAddress() {
    return network
        .config()
        .advertisedAddress()
        .or(
            () ->
                network.listenAddress().filter(a -> !a.ip().isAnyLocalAddress() && a.port() != 0));
  }

  // ---- PeerManager ----

  @Override
  public void addAddress(PeerAddress address) {
    checkNotNull(address);
    synchronized (this) {
      Instant now = now();
      book.add(address, Optional.empty(), address.ip(), now, Duration.ZERO, now);
    }
  }

  @Override
  public synchronized int knownAddresses() {
    return book.size();
  }

  @Override
  public synchronized int outboundPeers() {
    return (int) outbound.values().stream().filter(p -> p.kind() == ConnectionKind.REGULAR).count();
  }

  @Override
  public int outboundTarget() {
    return config.outboundTarget();
  }

  @Override
  public List<DiscoveredNode> routingTable() {
    if (discovery == null) {
      return List.of();
    }
    return discovery.table().all().stream().map(NodeRecord::toDiscoveredNode).toList();
  }

  @Override
  public CompletableFuture<List<DiscoveredNode>> lookup(NodeId target) {
    checkNotNull(target);
    if (discovery == null) {
      return CompletableFuture.completedFuture(List.of());
    }
    return discovery
        .lookup(target)
        .thenApply(records -> records.stream().map(NodeRecord::toDiscoveredNode).toList());
  }

  @Override
  public void markUseful(Peer peer) {
    limits.markUseful(peer.nodeId(), now());
  }

  /** The inbound-eviction view of a peer (for tests). */
  InboundEviction.Candidate evictionCandidate(Peer peer) {
    return limits.candidate(peer);
  }

  @Override
  public void saveAddressBook() throws IOException {
    if (config.addressBookFile().isEmpty()) {
      return;
    }
    byte[] encoded;
    synchronized (this) {
      encoded = AddressBookFile.encode(book);
    }
    AtomicFile.write(config.addressBookFile().get(), encoded);
  }

  // ---- for tests in this package ----

  synchronized AddressBook book() {
    return book;
  }

  Optional<Discovery> discovery() {
    return Optional.ofNullable(discovery);
  }
}
