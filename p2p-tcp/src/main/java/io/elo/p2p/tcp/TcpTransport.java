package io.elo.p2p.tcp;

import static io.elo.p2p.tcp.Checks.checkArgument;
import static io.elo.p2p.tcp.Checks.checkState;

import io.elo.p2p.Connection;
import io.elo.p2p.ConnectionHandler;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FailureLog;
import io.elo.p2p.FrameBudget;
import io.elo.p2p.HandshakeSlots;
import io.elo.p2p.NodeId;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.SecureChannel;
import io.elo.p2p.SecureChannelException;
import io.elo.p2p.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference TCP {@link Transport}: non-blocking sockets served by one (or two) selector
 * threads, each connection layered as socket bytes, then a stream channel (plaintext; the seam
 * for the Noise channel), then length-prefixed frames ({@link io.elo.p2p.FrameCodec}).
 *
 * <p>Handler calls run on the I/O threads and must not block. Sends never block: a frame goes
 * straight to the socket when nothing is queued, else into a send queue bounded in frames and
 * bytes, whose overflow closes the connection with {@link DisconnectReason#SEND_QUEUE_FULL}.
 * TCP_NODELAY is always on. Built with {@link #builder()}; {@link #close()} stops the threads.
 */
public final class TcpTransport implements Transport {
  private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);
  // Kinds of the failure log: what an unauthenticated remote can make fail.
  static final String INBOUND_FAILED = "inbound secure handshakes failed";
  static final String INBOUND_TIMED_OUT = "inbound secure handshakes timed out";
  static final String REFUSED = "inbound sockets refused, pending secure handshakes full";
  static final String OUTBOUND_FAILED = "outbound secure handshakes failed";
  static final String AUTHENTICATION_FAILED = "secure channel authentication failures";

  private final TcpConfig config;
  private final FrameBudget frameBudget;
  private final List<IoLoop> loops = new ArrayList<>();
  private final AtomicInteger nextLoop = new AtomicInteger();
  private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();
  private final HandshakeSlots pendingHandshakes;
  private final FailureLog failures;
  // Inbound sockets dropped before they became connections, indexed by DisconnectReason ordinal.
  private final AtomicLongArray inboundDropped =
      new AtomicLongArray(DisconnectReason.values().length);
  private final Object stateLock = new Object();
  private final List<Consumer<? super Throwable>> fatalListeners = new CopyOnWriteArrayList<>();
  // Guarded by stateLock.
  private Throwable fatalError;
  private Acceptor acceptor;
  private PeerAddress boundAddress;
  private boolean closed;

  TcpTransport(TcpConfig config) {
    this.config = config;
    this.frameBudget = FrameBudget.of(config.frameBudget());
    this.pendingHandshakes =
        new HandshakeSlots(
            config.netGroups(),
            config.maxPendingHandshakes(),
            config.maxPendingHandshakesPerIp(),
            config.maxPendingHandshakesPerNetGroup());
    this.failures = new FailureLog(log, config.clock());
    for (int i = 0; i < config.ioThreads(); i++) {
      loops.add(new IoLoop(config.clock(), config.threadFactory(), this::ioLoopFailed));
    }
    loops.forEach(IoLoop::start);
  }

  /** Returns a builder with every setting at its default. */
  public static TcpTransportBuilder builder() {
    return new TcpTransportBuilder();
  }

  /** The largest frame this transport's connections send or accept, in bytes. */
  public int maxFrameSize() {
    return config.maxFrameSize();
  }

  /** The number of open connections (inbound and outbound). */
  public int connectionCount() {
    return connections.size();
  }

  /**
   * Inbound sockets dropped before they became connections, by reason: secure handshakes that
   * failed ({@code HANDSHAKE_FAILED} for a peer not speaking the protocol or failing it, {@code
   * TIMEOUT} past the handshake timeout, {@code CONNECTION_LOST} if the peer went away) and
   * sockets closed on accept at the pending-handshake bound or past their address's or net
   * group's share of it ({@code TOO_MANY_PEERS}). These never
   * reach a connection handler, so this is the only record of them besides the log. A snapshot
   * since the transport was built; reasons that never occurred are absent.
   */
  public Map<DisconnectReason, Long> inboundDrops() {
    Map<DisconnectReason, Long> drops = new EnumMap<>(DisconnectReason.class);
    for (DisconnectReason reason : DisconnectReason.values()) {
      long count = inboundDropped.get(reason.ordinal());
      if (count > 0) {
        drops.put(reason, count);
      }
    }
    return Map.copyOf(drops);
  }

  @Override
  public void listen(PeerAddress bind, ConnectionHandler inbound) throws IOException {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(inbound, "inbound");
    synchronized (stateLock) {
      checkState(!closed && acceptor == null, "already listening or closed");
      ServerSocketChannel server = ServerSocketChannel.open();
      try {
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        if (config.socketReceiveBuffer() > 0) {
          // Set before bind so accepted sockets negotiate the window scale for it.
          server.setOption(StandardSocketOptions.SO_RCVBUF, config.socketReceiveBuffer());
        }
        server.bind(new InetSocketAddress(bind.ip(), bind.port()), config.acceptBacklog());
        server.configureBlocking(false);
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
      boundAddress = toPeerAddress(server.getLocalAddress());
      acceptor = new Acceptor(this, server, inbound);
      Acceptor registered = acceptor;
      IoLoop first = loops.get(0);
      first.execute(
          () -> {
            try {
              first.register(server, java.nio.channels.SelectionKey.OP_ACCEPT, registered);
            } catch (IOException e) {
              log.error("cannot register the listening socket", e);
              registered.close();
            }
          });
    }
  }

  @Override
  public CompletableFuture<Connection> dial(PeerAddress remote, Duration timeout) {
    Objects.requireNonNull(remote, "remote");
    checkArgument(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
    CompletableFuture<Connection> future = new CompletableFuture<>();
    synchronized (stateLock) {
      if (closed) {
        return CompletableFuture.failedFuture(new IOException("transport closed"));
      }
    }
    SocketChannel socket;
    try {
      socket = SocketChannel.open();
      configure(socket);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    Duration effective = timeout.compareTo(config.connectTimeout()) < 0 ? timeout : config.connectTimeout();
    IoLoop loop = pickLoop();
    PendingDial dial =
        new PendingDial(
            this, loop, socket, remote, future, config.security(), config.handshakeTimeout());
    loop.execute(() -> dial.start(effective));
    return future;
  }

  @Override
  public Optional<PeerAddress> listenAddress() {
    synchronized (stateLock) {
      return Optional.ofNullable(boundAddress);
    }
  }

  /**
   * Stops listening, closes every connection with {@link DisconnectReason#SHUTDOWN} (one
   * non-blocking flush attempt each), fails pending dials and stops the I/O threads, waiting up to
   * the close timeout for them unless called on one of them.
   */
  @Override
  public void close() {
    synchronized (stateLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (TcpConnection connection : connections) {
      connection.close(DisconnectReason.SHUTDOWN);
    }
    loops.forEach(IoLoop::shutdown);
    for (IoLoop loop : loops) {
      if (loop.inLoop()) {
        continue;
      }
      try {
        loop.thread().join(config.closeTimeout().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>An {@link Error} thrown by a handler (they run on the I/O threads) or any exception that
   * escapes an I/O thread ends that thread: the transport then closes itself, every connection
   * included, and tells the listeners on the failed thread.
   */
  @Override
  public void onFatalError(Consumer<? super Throwable> listener) {
    Objects.requireNonNull(listener, "listener");
    Throwable failed;
    synchronized (stateLock) {
      failed = fatalError;
      if (failed == null) {
        fatalListeners.add(listener);
        return;
      }
    }
    listener.accept(failed);
  }

  /** An I/O loop died of {@code cause} (on its thread, after it closed its channels). */
  private void ioLoopFailed(Throwable cause) {
    List<Consumer<? super Throwable>> listeners;
    synchronized (stateLock) {
      if (fatalError != null) {
        return;
      }
      fatalError = cause;
      listeners = List.copyOf(fatalListeners);
      fatalListeners.clear();
    }
    close();
    for (Consumer<? super Throwable> listener : listeners) {
      try {
        listener.accept(cause);
      } catch (RuntimeException e) {
        log.warn("fatal error listener failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "TcpTransport{" + listenAddress().map(PeerAddress::toString).orElse("not listening")
        + ", " + connections.size() + " connections}";
  }

  /** Takes an accepted socket onto a loop; called on the acceptor's loop. */
  void adoptInbound(SocketChannel socket, ConnectionHandler inbound) {
    IoLoop loop = pickLoop();
    Runnable adopt =
        () -> {
          try {
            configure(socket);
          } catch (IOException | RuntimeException e) {
            log.debug("dropping an inbound socket", e);
            closeQuietly(socket);
            return;
          }
          if (config.security().isEncrypted()) {
            startInboundHandshake(loop, socket, inbound);
            return;
          }
          TcpConnection connection;
          try {
            connection = newConnection(loop, socket, true, PlaintextChannel.INSTANCE, null);
            connection.register(null);
          } catch (IOException | RuntimeException e) {
            log.debug("dropping an inbound socket", e);
            closeQuietly(socket);
            return;
          }
          handOver(connection, inbound);
        };
    if (loop.inLoop()) {
      adopt.run();
    } else {
      loop.execute(adopt);
    }
  }

  private void handOver(TcpConnection connection, ConnectionHandler inbound) {
    try {
      inbound.onConnection(connection);
    } catch (RuntimeException e) {
      log.warn("inbound connection handler failed", e);
      connection.close(DisconnectReason.PROTOCOL_ERROR);
    }
  }

  /**
   * The responder's Noise handshake, bounded in number in total, per IP and per net group; the
   * connection exists only after it.
   */
  private void startInboundHandshake(IoLoop loop, SocketChannel socket, ConnectionHandler inbound) {
    PeerAddress remote;
    try {
      remote = toPeerAddress(socket.getRemoteAddress());
    } catch (IOException e) {
      log.debug("dropping an inbound socket", e);
      closeQuietly(socket);
      return;
    }
    HandshakeSlots.Result slot = pendingHandshakes.tryAcquire(remote.ip());
    if (!slot.acquired()) {
      inboundDropped.incrementAndGet(DisconnectReason.TOO_MANY_PEERS.ordinal());
      failures.record(REFUSED, remote.ip(), slot.name());
      closeQuietly(socket);
      return;
    }
    SecureChannel channel = config.security().newChannel(false);
    SecureHandshaker.Outcome outcome =
        new SecureHandshaker.Outcome() {
          @Override
          public void established(SecureChannel secure, SelectionKey key, ByteBuffer early)
              throws IOException {
            pendingHandshakes.release(remote.ip());
            TcpConnection connection = newConnection(loop, socket, true, secure, key);
            connection.acceptEarlyBytes(early);
            handOver(connection, inbound);
          }

          @Override
          public void failed(SecureChannelException cause) {
            pendingHandshakes.release(remote.ip());
            inboundDropped.incrementAndGet(cause.reason().ordinal());
            recordFailure(cause, INBOUND_TIMED_OUT, INBOUND_FAILED, remote);
          }
        };
    new SecureHandshaker(loop, socket, remote, channel, outcome)
        .start(null, config.handshakeTimeout());
  }

  /**
   * Creates and registers the connection of an established socket whose secure channel (null for
   * plaintext) is established; loop thread. {@code key} is the socket's existing registration,
   * if any.
   */
  TcpConnection newConnection(
      IoLoop loop, SocketChannel socket, boolean inbound, SecureChannel secure, SelectionKey key)
      throws IOException {
    TcpConnection connection =
        newConnection(
            loop,
            socket,
            inbound,
            secure == null ? PlaintextChannel.INSTANCE : new NoiseStreamChannel(secure),
            secure == null ? null : secure.remoteNodeId());
    connection.register(key);
    return connection;
  }

  private TcpConnection newConnection(
      IoLoop loop, SocketChannel socket, boolean inbound, StreamChannel stream, NodeId remoteId)
      throws IOException {
    PeerAddress remote = toPeerAddress(socket.getRemoteAddress());
    TcpConnection connection =
        new TcpConnection(
            this, loop, config, socket, remote, inbound, stream, Optional.ofNullable(remoteId));
    connections.add(connection);
    boolean lateClose;
    synchronized (stateLock) {
      lateClose = closed;
    }
    if (lateClose) {
      connection.close(DisconnectReason.SHUTDOWN);
    }
    return connection;
  }

  /** The loop that owns the listening socket; its thread runs the acceptor. */
  IoLoop firstLoop() {
    return loops.get(0);
  }

  /** The log of failures an unauthenticated remote can cause (DEBUG each, INFO summaries). */
  FailureLog failures() {
    return failures;
  }

  /** What every connection's frame decoder may allocate ahead of the bytes (see TcpConfig). */
  FrameBudget frameBudget() {
    return frameBudget;
  }

  /**
   * Logs a failed secure handshake with {@code remote} as {@code timedOut} or {@code failed};
   * one that the transport's own close ended is logged at debug only.
   */
  void recordFailure(
      SecureChannelException cause, String timedOut, String failed, PeerAddress remote) {
    if (cause.reason() == DisconnectReason.SHUTDOWN) {
      log.debug("secure handshake with {} ended: {}", remote, cause.getMessage());
      return;
    }
    failures.record(
        cause.reason() == DisconnectReason.TIMEOUT ? timedOut : failed,
        remote.ip(),
        cause.reason() + ": " + cause.getMessage());
  }

  /** Forgets a connection whose socket is closed. */
  void forget(TcpConnection connection) {
    connections.remove(connection);
  }

  private IoLoop pickLoop() {
    return loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
  }

  private void configure(SocketChannel socket) throws IOException {
    socket.configureBlocking(false);
    socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
    socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    if (config.socketSendBuffer() > 0) {
      socket.setOption(StandardSocketOptions.SO_SNDBUF, config.socketSendBuffer());
    }
    if (config.socketReceiveBuffer() > 0) {
      socket.setOption(StandardSocketOptions.SO_RCVBUF, config.socketReceiveBuffer());
    }
  }

  private static PeerAddress toPeerAddress(SocketAddress address) {
    InetSocketAddress inet = (InetSocketAddress) address;
    return new PeerAddress(inet.getAddress(), inet.getPort());
  }

  private static void closeQuietly(SocketChannel socket) {
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("closing a socket", e);
    }
  }
}
