package io.elo.p2p;

import com.google.common.primitives.Bytes;
import com.google.protobuf.ByteString;
import io.elo.p2p.internal.proto.DiscoveryPacket;
import io.elo.p2p.internal.proto.DiscoveryPing;
import io.elo.p2p.internal.proto.DiscoveryPong;
import io.elo.p2p.internal.proto.FindNode;
import io.elo.p2p.internal.proto.Nodes;
import io.elo.p2p.internal.proto.SignedRecord;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Kademlia discovery for one node: the {@link RoutingTable}, its own signed {@link NodeRecord},
 * iterative {@link Lookup}s, liveness checks, periodic revalidation and refresh, and the answers to
 * other nodes' requests (through {@link DiscoveryServer}). Records are verified (and the answer
 * cached) before they are used: before a lookup queries one, before one enters the table. Every
 * record of a node that answered or asked is handed to a listener (the peer manager puts it in the
 * address book), with the IP it came from. Thread-safe: guarded by this object's lock; no network
 * call runs under it.
 */
final class Discovery {
  static final int K = RoutingTable.BUCKET_SIZE;
  static final int ALPHA = 3;
  static final Duration RPC_TIMEOUT = Duration.ofSeconds(2);
  static final int MAX_IN_FLIGHT = 32;
  static final Duration REVALIDATE_INTERVAL = Duration.ofSeconds(10);
  static final Duration REFRESH_INTERVAL = Duration.ofMinutes(10);

  /** The first refresh comes early, to meet the neighbours that joined after this node. */
  static final Duration FIRST_REFRESH = Duration.ofMinutes(1);

  static final Duration BOOTSTRAP_RETRY = Duration.ofSeconds(30);
  static final int MAX_FAILURES = 3;
  static final int RECORD_CACHE = 4096;
  static final int NONCE_LENGTH = 32;
  static final byte[] PONG_DOMAIN = "elo/disc/pong/v1".getBytes(StandardCharsets.UTF_8);

  private final NodeIdentity identity;
  private final RoutingTable table;
  private final DiscoveryClient client;
  private final DiscoveryServer server;
  private final InstantSource clock;
  private final ScheduledExecutorService scheduler;
  private final Random random;
  private final List<PeerAddress> bootstrap;
  private final BiConsumer<NodeRecord, InetAddress> listener;
  /** The network's allowlist: records of other nodes are never kept, answered or spread. */
  private final Predicate<NodeId> allowed;
  private final Map<NodeId, Integer> failures = new HashMap<>();
  private final Map<NodeRecord, Optional<NodeRecord>> verified =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeRecord, Optional<NodeRecord>> eldest) {
          return size() > RECORD_CACHE;
        }
      };
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private NodeRecord self;
  private boolean closed;
  private long lookups;

  Discovery(
      NodeIdentity identity,
      Transport transport,
      NetGroups netGroups,
      InstantSource clock,
      ScheduledExecutorService scheduler,
      Random random,
      List<PeerAddress> bootstrap,
      Predicate<NodeId> allowed,
      BiConsumer<NodeRecord, InetAddress> listener) {
    this.identity = identity;
    this.allowed = allowed;
    this.table = new RoutingTable(identity.nodeId(), netGroups);
    this.client = new DiscoveryClient(transport, scheduler, RPC_TIMEOUT, MAX_IN_FLIGHT);
    this.server = new DiscoveryServer(this, clock, scheduler);
    this.clock = clock;
    this.scheduler = scheduler;
    this.random = random;
    this.bootstrap = List.copyOf(bootstrap);
    this.listener = listener;
  }

  NodeId nodeId() {
    return identity.nodeId();
  }

  DiscoveryServer server() {
    return server;
  }

  DiscoveryClient client() {
    return client;
  }

  synchronized RoutingTable table() {
    return table;
  }

  synchronized long lookups() {
    return lookups;
  }

  /** Sets the address of this node's record (sequence: the clock in millis, or one more). */
  synchronized void setLocalAddress(PeerAddress address) {
    if (self != null && self.address().equals(address)) {
      return;
    }
    long sequence = clock.millis();
    if (self != null && sequence <= self.sequence()) {
      sequence = self.sequence() + 1;
    }
    self = NodeRecord.create(identity, address, sequence);
  }

  synchronized Optional<NodeRecord> localRecord() {
    return Optional.ofNullable(self);
  }

  /** Bootstraps, then schedules revalidation and refresh. */
  void start() {
    synchronized (this) {
      timers.add(every(REVALIDATE_INTERVAL, this::revalidate));
      timers.add(
          scheduler.scheduleAtFixedRate(
              this::refresh,
              FIRST_REFRESH.toNanos(),
              REFRESH_INTERVAL.toNanos(),
              TimeUnit.NANOSECONDS));
    }
    scheduler.execute(this::bootstrap);
  }

  void close() {
    synchronized (this) {
      closed = true;
      timers.forEach(t -> t.cancel(false));
    }
  }

  private ScheduledFuture<?> every(Duration period, Runnable task) {
    long nanos = period.toNanos();
    return scheduler.scheduleAtFixedRate(task, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  // ---- joining and maintenance ----

  private void bootstrap() {
    if (isClosed()) {
      return;
    }
    List<CompletableFuture<?>> pings = new ArrayList<>();
    for (PeerAddress address : bootstrap) {
      pings.add(ping(address, Optional.empty()).thenAccept(this::seen));
    }
    CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new))
        .handle((v, e) -> null)
        .thenRun(
            () -> {
              boolean empty;
              synchronized (this) {
                empty = table.size() == 0;
              }
              if (empty && !bootstrap.isEmpty()) {
                scheduler.schedule(
                    this::bootstrap, BOOTSTRAP_RETRY.toNanos(), TimeUnit.NANOSECONDS);
              } else {
                lookup(nodeId()).whenComplete((r, e) -> refreshFartherBuckets());
              }
            });
  }

  /** Kademlia's join: after the self-lookup, refreshes every bucket farther than the closest. */
  private void refreshFartherBuckets() {
    int closest;
    synchronized (this) {
      closest = table.closestNonEmptyBucket();
    }
    if (closest < 0) {
      return;
    }
    CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
    for (int bucket = closest + 1; bucket < RoutingTable.BUCKET_COUNT; bucket++) {
      int index = bucket;
      chain = chain.handle((r, e) -> null).thenCompose(v -> lookup(randomIdInBucket(index)));
    }
  }

  private void refresh() {
    lookup(nodeId()).handle((r, e) -> null).thenCompose(v -> lookup(randomId()));
  }

  private void revalidate() {
    Optional<NodeRecord> oldest;
    synchronized (this) {
      if (closed) {
        return;
      }
      oldest = table.oldestOfRandomBucket(random);
    }
    oldest.ifPresent(this::checkLiveness);
  }

  private void checkLiveness(NodeRecord record) {
    ping(record.address(), Optional.of(record.nodeId()))
        .whenComplete(
            (pong, error) -> {
              synchronized (this) {
                table.onLivenessResult(record.nodeId(), error == null);
                if (error == null) {
                  table.add(pong);
                }
              }
            });
  }

  /** Offers a record of a node that answered us or asked us. */
  private void seen(NodeRecord record) {
    RoutingTable.AddResult result;
    synchronized (this) {
      failures.remove(record.nodeId());
      result = table.add(record);
    }
    result.checkLiveness().ifPresent(this::checkLiveness);
  }

  private void failed(NodeRecord record) {
    synchronized (this) {
      int count = failures.merge(record.nodeId(), 1, Integer::sum);
      if (count >= MAX_FAILURES) {
        failures.remove(record.nodeId());
        table.remove(record.nodeId());
      }
    }
  }

  // ---- lookups and requests ----

  /** Finds the {@link #K} nodes closest to {@code target}. */
  CompletableFuture<List<NodeRecord>> lookup(NodeId target) {
    List<NodeRecord> seeds;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.completedFuture(List.of());
      }
      lookups++;
      seeds = table.closest(target, K);
    }
    return new Lookup(this, target, seeds).start();
  }

  /** Asks {@code to} for the records closest to {@code target}. */
  CompletableFuture<List<NodeRecord>> findNode(NodeRecord to, NodeId target) {
    FindNode.Builder request =
        FindNode.newBuilder().setTarget(ByteString.copyFrom(target.toBytes()));
    localRecord().ifPresent(r -> request.setSender(r.toProto()));
    DiscoveryPacket packet =
        DiscoveryPacket.newBuilder().setRequestId(nextRequestId()).setFindNode(request).build();
    return client
        .request(to.address(), packet)
        .thenApply(
            response -> {
              if (!response.hasNodes() || response.getRequestId() != packet.getRequestId()) {
                throw new FrameException(DisconnectReason.PROTOCOL_ERROR, "not a nodes answer");
              }
              // Records are parsed, not verified: a lookup verifies a record before it uses it.
              List<NodeRecord> records = new ArrayList<>();
              for (SignedRecord signed : response.getNodes().getRecordsList()) {
                if (records.size() == K) {
                  break;
                }
                parse(signed).ifPresent(records::add);
              }
              listener.accept(to, to.address().ip());
              seen(to);
              return records;
            })
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                failed(to);
              }
            });
  }

  /**
   * Pings {@code address}; completes with the responder's record once its signature over the nonce
   * proves it (and, if given, that it is {@code expected}).
   */
  CompletableFuture<NodeRecord> ping(PeerAddress address, Optional<NodeId> expected) {
    byte[] nonce = new byte[NONCE_LENGTH];
    DiscoveryPing.Builder ping;
    synchronized (this) {
      random.nextBytes(nonce);
      ping = DiscoveryPing.newBuilder().setNonce(ByteString.copyFrom(nonce));
      if (self != null) {
        ping.setSender(self.toProto());
      }
    }
    DiscoveryPacket packet =
        DiscoveryPacket.newBuilder().setRequestId(nextRequestId()).setPing(ping).build();
    return client
        .request(address, packet)
        .thenApply(
            response -> {
              if (!response.hasPong()) {
                throw new FrameException(DisconnectReason.PROTOCOL_ERROR, "not a pong");
              }
              DiscoveryPong pong = response.getPong();
              NodeRecord record =
                  parse(pong.getRecord())
                      .flatMap(this::verified)
                      .orElseThrow(
                          () -> new FrameException(DisconnectReason.PROTOCOL_ERROR, "bad record"));
              boolean signed =
                  record
                      .key()
                      .scheme()
                      .verify(
                          record.key(),
                          Bytes.concat(PONG_DOMAIN, nonce),
                          pong.getSignature().toByteArray());
              if (!signed || !expected.map(record.nodeId()::equals).orElse(true)) {
                throw new FrameException(DisconnectReason.HANDSHAKE_FAILED, "pong not proven");
              }
              listener.accept(record, address.ip());
              return record;
            });
  }

  private synchronized long nextRequestId() {
    return random.nextLong();
  }

  /** Parses a record without verifying it, or empty if malformed. */
  static Optional<NodeRecord> parse(SignedRecord signed) {
    try {
      return Optional.of(NodeRecord.parse(signed));
    } catch (FrameException e) {
      return Optional.empty();
    }
  }

  /** Whether the record's signature holds, from the cache when the same record was checked. */
  boolean isValid(NodeRecord record) {
    return verified(record).isPresent();
  }

  /**
   * Returns the verified instance of {@code record} (with its decoded key), or empty if its
   * signature fails or its node is not allowed on this network; cached by the record's bytes.
   */
  Optional<NodeRecord> verified(NodeRecord record) {
    synchronized (this) {
      Optional<NodeRecord> cached = verified.get(record);
      if (cached != null) {
        return cached;
      }
    }
    Optional<NodeRecord> result =
        allowed.test(record.nodeId()) && record.verifySignature()
            ? Optional.of(record)
            : Optional.empty();
    synchronized (this) {
      verified.put(record, result);
    }
    return result;
  }

  // ---- answering ----

  /** Answers one request from {@code remote}; empty if it is not a request. */
  Optional<DiscoveryPacket> handleRequest(DiscoveryPacket request, PeerAddress remote) {
    DiscoveryPacket.Builder response =
        DiscoveryPacket.newBuilder().setRequestId(request.getRequestId());
    switch (request.getKindCase()) {
      case FIND_NODE -> {
        FindNode find = request.getFindNode();
        if (find.getTarget().size() != NodeId.LENGTH) {
          return Optional.empty();
        }
        if (find.hasSender()) {
          offerSender(find.getSender(), remote);
        }
        NodeId target = NodeId.fromBytes(find.getTarget().toByteArray());
        Nodes.Builder nodes = Nodes.newBuilder();
        List<NodeRecord> closest;
        synchronized (this) {
          closest = table.closest(target, K);
        }
        closest.forEach(r -> nodes.addRecords(r.toProto()));
        return Optional.of(response.setNodes(nodes).build());
      }
      case PING -> {
        DiscoveryPing ping = request.getPing();
        NodeRecord own = localRecord().orElse(null);
        if (ping.getNonce().size() != NONCE_LENGTH || own == null) {
          return Optional.empty();
        }
        if (ping.hasSender()) {
          offerSender(ping.getSender(), remote);
        }
        byte[] signature = identity.sign(Bytes.concat(PONG_DOMAIN, ping.getNonce().toByteArray()));
        return Optional.of(
            response
                .setPong(
                    DiscoveryPong.newBuilder()
                        .setRecord(own.toProto())
                        .setSignature(ByteString.copyFrom(signature)))
                .build());
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /** A requester's own record enters the table only if it names the IP the request came from. */
  private void offerSender(SignedRecord signed, PeerAddress remote) {
    Optional<NodeRecord> record = parse(signed);
    if (record.isEmpty() || !record.get().address().ip().equals(remote.ip())) {
      return;
    }
    boolean room;
    synchronized (this) {
      room = table.hasRoomFor(record.get().nodeId());
    }
    // Requesters that would only wait in a replacement cache are not worth a verification.
    Optional<NodeRecord> valid = room ? verified(record.get()) : Optional.empty();
    if (valid.isPresent()) {
      listener.accept(valid.get(), remote.ip());
      seen(valid.get());
    }
  }

  // ---- ids ----

  /** A random id at log distance {@code bucket + 1} from this node. */
  NodeId randomIdInBucket(int bucket) {
    byte[] own = nodeId().toBytes();
    byte[] id = new byte[NodeId.LENGTH];
    synchronized (this) {
      random.nextBytes(id);
    }
    int flip = 255 - bucket; // bit index from the most significant bit
    for (int bit = 0; bit < 256; bit++) {
      int mask = 0x80 >>> (bit & 7);
      int ownBit = own[bit >>> 3] & mask;
      if (bit < flip) {
        id[bit >>> 3] = (byte) ((id[bit >>> 3] & ~mask) | ownBit);
      } else if (bit == flip) {
        id[bit >>> 3] = (byte) ((id[bit >>> 3] & ~mask) | (ownBit ^ mask));
      }
    }
    return NodeId.fromBytes(id);
  }

  private NodeId randomId() {
    byte[] id = new byte[NodeId.LENGTH];
    synchronized (this) {
      random.nextBytes(id);
    }
    return NodeId.fromBytes(id);
  }
}
