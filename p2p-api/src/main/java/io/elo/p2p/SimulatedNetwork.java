package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An in-memory network of simulated hosts on virtual time, for tests of anything built on {@link
 * Transport}: hundreds of nodes in one JVM, deterministic from a seed.
 *
 * <p>Each host gets its own IP (spread over many /16 networks, so netgroup logic sees a diverse
 * network) and its own {@link Transport}. Frames travel through per-link {@link LinkProfile}s
 * (latency, jitter, loss as retransmission delay, bandwidth); {@link #partition} and {@link #heal}
 * cut and restore reachability (frames on a cut link wait, like TCP's, until the link heals or
 * the connection is closed); {@link #crash} kills a host's connections without a goodbye and
 * {@link #restart} lets it come back. Everything runs on {@link #scheduler()}, which is also the
 * clock to give the nodes; with the same seed and the same test actions, every run is the same,
 * which {@link #traceDigest()} proves: it hashes every connection event and delivered frame.
 *
 * <p>Not for production. Thread-safe, but deterministic only when one thread drives the
 * scheduler and makes the calls.
 */
public final class SimulatedNetwork {
  /** Where the virtual clock starts unless told otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

  private static final int[] RESERVED_FIRST_OCTETS = {0, 10, 100, 127, 169, 172, 192, 198, 203};

  private final SimulatedScheduler scheduler;
  private final Random random;
  private final MessageDigest trace;
  private long traceEvents;
  private LinkProfile defaultLink;
  private final Map<String, LinkProfile> links = new HashMap<>();
  private final Map<InetAddress, Integer> partitionGroup = new HashMap<>();
  private int nextGroup = 1;
  private final Set<InetAddress> hosts = new HashSet<>();
  private final Set<Integer> usedSlash16 = new HashSet<>();
  private final Set<InetAddress> crashed = new HashSet<>();
  private final Map<InetAddress, List<SimulatedTransport>> transports = new HashMap<>();
  private final Map<PeerAddress, SimulatedTransport> listeners = new HashMap<>();
  private final Map<InetAddress, Integer> nextPort = new HashMap<>();
  private final Set<SimulatedDirection> stalled = new LinkedHashSet<>();
  private long sendQueueLimit = 2L * FrameCodec.DEFAULT_MAX_FRAME_SIZE + (1 << 20);

  private SimulatedNetwork(long seed, Instant start, LinkProfile defaultLink) {
    this.scheduler = SimulatedScheduler.startingAt(start);
    this.random = new Random(seed);
    this.defaultLink = checkNotNull(defaultLink);
    try {
      this.trace = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Returns a network seeded with {@code seed}, with 50 ms latency and no loss by default. */
  public static SimulatedNetwork create(long seed) {
    return new SimulatedNetwork(seed, DEFAULT_START, LinkProfile.ofLatency(Duration.ofMillis(50)));
  }

  /** Returns a network seeded with {@code seed}, starting at {@code start}, with a default link. */
  public static SimulatedNetwork create(long seed, Instant start, LinkProfile defaultLink) {
    return new SimulatedNetwork(seed, start, defaultLink);
  }

  /** The scheduler and clock of every node of this network. */
  public SimulatedScheduler scheduler() {
    return scheduler;
  }

  /** Returns a new {@link Random} derived from the seed, for one node. */
  public synchronized Random newRandom() {
    return new Random(random.nextLong());
  }

  /** Returns a new Ed25519 identity derived from the seed. */
  public synchronized NodeIdentity newIdentity() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return NodeIdentity.of(
        KeyPair.fromPrivateKey(SignatureSchemes.ED25519.decodePrivateKey(seed)));
  }

  /** Allocates a new host IPv4 address in a /16 no other host uses (while there are any). */
  public synchronized InetAddress newHost() {
    for (int attempt = 0; ; attempt++) {
      int a = 1 + random.nextInt(223);
      int b = random.nextInt(256);
      if (isReserved(a) || (usedSlash16.contains(a << 8 | b) && attempt < 10_000)) {
        continue;
      }
      InetAddress host = ip(a, b, random.nextInt(256), 1 + random.nextInt(254));
      if (hosts.add(host)) {
        usedSlash16.add(a << 8 | b);
        return host;
      }
    }
  }

  /** Allocates a new host address in the same /16 as {@code neighbour} (one netgroup). */
  public synchronized InetAddress newHostNear(InetAddress neighbour) {
    byte[] n = neighbour.getAddress();
    checkArgument(n.length == 4, "IPv4 only");
    while (true) {
      InetAddress host = ip(n[0] & 0xff, n[1] & 0xff, random.nextInt(256), 1 + random.nextInt(254));
      if (hosts.add(host)) {
        return host;
      }
    }
  }

  /** Returns a transport on a new host. */
  public Transport newTransport() {
    return newTransport(newHost());
  }

  /**
   * Returns a new transport on {@code host} (allocated with {@link #newHost}); a host may have
   * several.
   *
   * @throws IllegalStateException if the host is crashed
   */
  public Transport newTransport(InetAddress host) {
    return newTransport(host, FrameCodec.DEFAULT_MAX_FRAME_SIZE);
  }

  /**
   * Returns a new transport on {@code host} whose connections send and accept frames of at most
   * {@code maxFrameSize} bytes; a larger frame arriving closes the receiving side with {@link
   * DisconnectReason#FRAME_TOO_LARGE} before it is delivered.
   *
   * @throws IllegalStateException if the host is crashed
   */
  public synchronized Transport newTransport(InetAddress host, int maxFrameSize) {
    checkArgument(hosts.contains(host), "unknown host %s", host);
    checkArgument(maxFrameSize > 0, "max frame size must be positive");
    checkState(!crashed.contains(host), "host %s is crashed", host);
    SimulatedTransport transport = new SimulatedTransport(this, host, maxFrameSize);
    transports.computeIfAbsent(host, h -> new ArrayList<>()).add(transport);
    return transport;
  }

  /** Sets the profile of links that have none of their own. */
  public synchronized void setDefaultLink(LinkProfile profile) {
    defaultLink = checkNotNull(profile);
  }

  /** Sets the profile of the link between {@code a} and {@code b}, both directions. */
  public synchronized void setLink(InetAddress a, InetAddress b, LinkProfile profile) {
    links.put(linkKey(a, b), checkNotNull(profile));
  }

  /** Cuts {@code side} off from every other host (hosts inside {@code side} still reach each other). */
  public synchronized void partition(Set<InetAddress> side) {
    int group = nextGroup++;
    for (InetAddress host : side) {
      partitionGroup.put(host, group);
    }
    record("partition", d -> side.forEach(h -> d.update(h.getAddress())), side.size());
  }

  /** Heals every partition: waiting frames move on. */
  public synchronized void heal() {
    partitionGroup.clear();
    record("heal", d -> {}, 0);
    List<SimulatedDirection> waiting = new ArrayList<>(stalled);
    stalled.clear();
    for (SimulatedDirection direction : waiting) {
      direction.stalled = false;
      for (SimulatedDirection.Packet packet : direction.queue) {
        schedule(direction, packet);
      }
    }
  }

  /** Whether {@code a} and {@code b} can reach each other now. */
  public synchronized boolean canReach(InetAddress a, InetAddress b) {
    return partitionGroup.getOrDefault(a, 0).equals(partitionGroup.getOrDefault(b, 0));
  }

  /**
   * Crashes {@code host}: its transports stop listening and its connections die silently on its
   * side (no callback ever again), while their remote sides see {@link
   * DisconnectReason#CONNECTION_LOST}. The host's nodes should be discarded.
   */
  public synchronized void crash(InetAddress host) {
    checkArgument(hosts.contains(host), "unknown host %s", host);
    crashed.add(host);
    record("crash", d -> d.update(host.getAddress()), 0);
    for (SimulatedTransport transport : transports.getOrDefault(host, List.of())) {
      unbind(transport);
      for (SimulatedEndpoint endpoint : transport.crash()) {
        endpoint.kill();
        SimulatedDirection out = endpoint.out();
        out.queue.clear();
        out.bytesInFlight = 0;
        out.stalled = false;
        stalled.remove(out);
        transmit(out, null);
      }
    }
    transports.remove(host);
  }

  /** Lets a crashed {@code host} come back: new transports may be created on it. */
  public synchronized void restart(InetAddress host) {
    checkState(crashed.remove(host), "host %s is not crashed", host);
    record("restart", d -> d.update(host.getAddress()), 0);
  }

  /** Sets the send queue bound of each connection direction, in bytes in flight. */
  public synchronized void setSendQueueLimit(long bytes) {
    checkArgument(bytes > 0, "send queue limit must be positive");
    sendQueueLimit = bytes;
  }

  /** A SHA-256 over every event so far (connections, frames with their bytes and times). */
  public synchronized Hash traceDigest() {
    try {
      return Hash.fromBytes(((MessageDigest) trace.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable", e);
    }
  }

  /** Events recorded in the trace so far. */
  public synchronized long traceEvents() {
    return traceEvents;
  }

  synchronized long sendQueueLimit() {
    return sendQueueLimit;
  }

  synchronized PeerAddress bind(SimulatedTransport transport, int port) throws IOException {
    int chosen = port != 0 ? port : allocatePort(transport.host(), 30000);
    PeerAddress address = new PeerAddress(transport.host(), chosen);
    if (listeners.containsKey(address)) {
      throw new IOException("address in use: " + address);
    }
    listeners.put(address, transport);
    return address;
  }

  synchronized void unbind(SimulatedTransport transport) {
    listeners.values().removeIf(t -> t == transport);
  }

  CompletableFuture<Connection> dial(SimulatedTransport from, PeerAddress remote, Duration timeout) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    synchronized (this) {
      PeerAddress local = new PeerAddress(from.host(), allocatePort(from.host(), 40000));
      record("dial", d -> d.update(bytes(local + ">" + remote)), 0);
      long there = oneWayNanos(from.host(), remote.ip(), 64);
      scheduler.schedule(() -> arrive(from, local, remote, result), there, TimeUnit.NANOSECONDS);
    }
    scheduler.schedule(
        () -> result.completeExceptionally(new TimeoutException("dial timed out: " + remote)),
        timeout.toNanos(),
        TimeUnit.NANOSECONDS);
    return result;
  }

  private void arrive(
      SimulatedTransport from, PeerAddress local, PeerAddress remote,
      CompletableFuture<Connection> result) {
    SimulatedEndpoint dialer;
    SimulatedEndpoint acceptor;
    ConnectionHandler handler;
    synchronized (this) {
      if (result.isDone() || from.isClosed() || !canReach(from.host(), remote.ip())) {
        return; // timed out, or the attempt is lost in a partition: the dial times out
      }
      SimulatedTransport target = listeners.get(remote);
      handler = target == null || crashed.contains(remote.ip()) ? null : target.inboundHandler();
      long back = oneWayNanos(remote.ip(), from.host(), 64);
      if (handler == null) {
        record("refused", d -> d.update(bytes(local + ">" + remote)), 0);
        scheduler.schedule(
            () -> result.completeExceptionally(new ConnectException("refused: " + remote)),
            back,
            TimeUnit.NANOSECONDS);
        return;
      }
      dialer = new SimulatedEndpoint(this, from, local, remote, false);
      acceptor = new SimulatedEndpoint(this, target, remote, local, true);
      dialer.connectTo(new SimulatedDirection(dialer, acceptor));
      acceptor.connectTo(new SimulatedDirection(acceptor, dialer));
      from.adopt(dialer);
      target.adopt(acceptor);
      record("accept", d -> d.update(bytes(local + ">" + remote)), 0);
      scheduler.schedule(
          () -> {
            if (!result.complete(dialer)) {
              dialer.close(DisconnectReason.TIMEOUT);
            }
          },
          back,
          TimeUnit.NANOSECONDS);
    }
    handler.onConnection(acceptor);
  }

  /** Puts a frame (or, if null, the end of stream) on the wire. Lock held by the caller. */
  synchronized void transmit(SimulatedDirection direction, byte[] frame) {
    SimulatedDirection.Packet packet = new SimulatedDirection.Packet(frame);
    direction.queue.add(packet);
    direction.bytesInFlight += packet.size();
    if (direction.stalled || !canReach(direction.from.localAddress().ip(), hostOf(direction.to))) {
      stall(direction);
      return;
    }
    schedule(direction, packet);
  }

  private void schedule(SimulatedDirection direction, SimulatedDirection.Packet packet) {
    InetAddress fromHost = direction.from.localAddress().ip();
    InetAddress toHost = hostOf(direction.to);
    LinkProfile link = link(fromHost, toHost);
    long now = scheduler.nanoTime();
    long start = Math.max(now, direction.busyUntilNanos);
    long transmitNanos =
        link.bandwidth() == 0 ? 0 : (long) (packet.size() * 1e9 / link.bandwidth());
    direction.busyUntilNanos = start + transmitNanos;
    long due = direction.busyUntilNanos + oneWayNanos(fromHost, toHost, 0);
    due = Math.max(due, direction.lastDueNanos);
    direction.lastDueNanos = due;
    int epoch = ++packet.epoch;
    scheduler.schedule(
        () -> deliver(direction, packet, epoch), due - now, TimeUnit.NANOSECONDS);
  }

  private void deliver(SimulatedDirection direction, SimulatedDirection.Packet packet, int epoch) {
    synchronized (this) {
      if (direction.queue.peek() != packet || packet.epoch != epoch) {
        return;
      }
      if (!canReach(direction.from.localAddress().ip(), hostOf(direction.to))) {
        stall(direction);
        return;
      }
      direction.queue.poll();
      direction.bytesInFlight -= packet.size();
      String route = direction.from.localAddress() + ">" + direction.to.localAddress();
      record(
          packet.frame == null ? "fin" : "frame",
          d -> {
            d.update(bytes(route));
            if (packet.frame != null) {
              d.update(packet.frame);
            }
          },
          packet.size());
    }
    if (packet.frame == null) {
      direction.to.deliverFin();
    } else {
      direction.to.deliverFrame(packet.frame);
    }
  }

  private void stall(SimulatedDirection direction) {
    direction.stalled = true;
    stalled.add(direction);
  }

  private static InetAddress hostOf(SimulatedEndpoint endpoint) {
    return endpoint.localAddress().ip();
  }

  private LinkProfile link(InetAddress a, InetAddress b) {
    return links.getOrDefault(linkKey(a, b), defaultLink);
  }

  /** One-way delay of a packet: latency, jitter, and a retransmission delay per loss. */
  private long oneWayNanos(InetAddress from, InetAddress to, int size) {
    LinkProfile link = link(from, to);
    long delay = link.latency().toNanos();
    if (!link.jitter().isZero()) {
      delay += (long) (random.nextDouble() * link.jitter().toNanos());
    }
    long retransmit = Math.max(Duration.ofMillis(200).toNanos(), 2 * link.latency().toNanos());
    while (link.loss() > 0 && random.nextDouble() < link.loss()) {
      delay += retransmit;
    }
    return delay;
  }

  private int allocatePort(InetAddress host, int base) {
    int port = nextPort.merge(host, 1, Integer::sum) - 1;
    return base + port % (65536 - base);
  }

  private interface TraceWriter {
    void write(MessageDigest digest);
  }

  private void record(String event, TraceWriter writer, long size) {
    traceEvents++;
    trace.update(bytes(event));
    long now = scheduler.nanoTime();
    for (int i = 7; i >= 0; i--) {
      trace.update((byte) (now >>> (8 * i)));
    }
    trace.update((byte) size);
    writer.write(trace);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isReserved(int firstOctet) {
    for (int reserved : RESERVED_FIRST_OCTETS) {
      if (firstOctet == reserved) {
        return true;
      }
    }
    return false;
  }

  private static String linkKey(InetAddress a, InetAddress b) {
    String x = a.getHostAddress();
    String y = b.getHostAddress();
    return x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
  }

  private static InetAddress ip(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
