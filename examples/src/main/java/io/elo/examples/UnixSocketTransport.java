package io.elo.examples;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.ConnectionHandler;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameCodec;
import io.elo.p2p.FrameException;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.SecureChannel;
import io.elo.p2p.SecureChannelException;
import io.elo.p2p.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A custom {@link Transport} through the SPI: peers on one machine talk over Unix domain sockets
 * (JDK 16+) in a shared directory, which stands for the network. A {@link PeerAddress} names a
 * socket file in it ({@code 127.0.0.1:19444} is {@code 127.0.0.1_19444.sock}), so addresses in
 * handshakes, peer exchange and discovery work unchanged.
 *
 * <p>Each connection is socket byte stream, then the node's secure channel ({@link SecureChannel},
 * the same Noise channel the TCP transport uses, reused over this stream), then {@link FrameCodec}
 * frames. With {@link ChannelSecurity#plaintext()} the frames go on the stream as they are. Inbound
 * connections have no peer address on a Unix socket, so each gets {@code 127.0.0.1} and a port
 * counted up per connection (loopback, which the peer network exempts from IP bans; bans by node id
 * still apply).
 *
 * <p>Blocking I/O, two threads per connection (reader and writer) and one acceptor, all from the
 * given {@link ThreadFactory}; at most {@link #MAX_CONNECTIONS} connections (more are closed at
 * once). A socket file left by a process that died is removed when its address is bound again.
 */
public final class UnixSocketTransport implements Transport {
  /** Connections (inbound, outbound and handshaking) beyond which new ones are refused. */
  public static final int MAX_CONNECTIONS = 128;

  /** How long a peer has to finish the secure handshake of an inbound connection. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /** Ports tried, in order, for a listen address with port 0. */
  private static final int FIRST_FREE_PORT = 49152;

  private static final Logger LOG = LoggerFactory.getLogger(UnixSocketTransport.class);

  private static final FrameHandler IGNORE_FRAMES =
      new FrameHandler() {
        @Override
        public void onFrame(byte[] frame) {}

        @Override
        public void onClose(DisconnectReason reason, boolean byRemote) {}
      };

  private final Path directory;
  private final ChannelSecurity security;
  private final ThreadFactory threads;
  private final FrameCodec codec = FrameCodec.withDefaultLimit();
  private final ScheduledExecutorService timer;
  private final Set<UnixSocketConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger opening = new AtomicInteger();
  private final AtomicInteger inboundPorts = new AtomicInteger();
  private ServerSocketChannel server;
  private PeerAddress bound;
  private volatile boolean closed;

  private UnixSocketTransport(Path directory, ChannelSecurity security, ThreadFactory threads) {
    this.directory = directory;
    this.security = security;
    this.threads = threads;
    this.timer = Executors.newSingleThreadScheduledExecutor(threads);
  }

  /**
   * Returns a transport whose sockets live in {@code directory} (created when listening), with
   * {@code security} between stream and frames, on daemon threads it owns.
   */
  public static UnixSocketTransport create(Path directory, ChannelSecurity security) {
    AtomicInteger n = new AtomicInteger();
    return create(
        directory,
        security,
        r -> {
          Thread t = new Thread(r, "elo-unix-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Like {@link #create(Path, ChannelSecurity)}, with threads from {@code threads}. */
  public static UnixSocketTransport create(
      Path directory, ChannelSecurity security, ThreadFactory threads) {
    return new UnixSocketTransport(
        requireNonNull(directory, "directory"),
        requireNonNull(security, "security"),
        requireNonNull(threads, "threads"));
  }

  /** The socket file that stands for {@code address} in this transport's directory. */
  public Path socketPath(PeerAddress address) {
    String ip = address.toString();
    ip = ip.substring(0, ip.lastIndexOf(':')).replace("[", "").replace("]", "").replace(':', '-');
    return directory.resolve(ip + "_" + address.port() + ".sock");
  }

  @Override
  public synchronized void listen(PeerAddress bind, ConnectionHandler inbound) throws IOException {
    checkState(server == null && !closed, "already listening or closed");
    requireNonNull(inbound, "inbound");
    Files.createDirectories(directory);
    if (bind.port() != 0) {
      server = bindTo(bind, true);
      bound = bind;
    } else {
      for (int port = FIRST_FREE_PORT; server == null && port <= 0xffff; port++) {
        PeerAddress candidate = bind.withPort(port);
        if (!Files.exists(socketPath(candidate))) {
          server = bindTo(candidate, false);
          bound = server == null ? null : candidate;
        }
      }
      if (server == null) {
        throw new BindException("no free socket name for " + bind + " in " + directory);
      }
    }
    ServerSocketChannel listening = server;
    threads.newThread(() -> acceptLoop(listening, inbound)).start();
  }

  @Override
  public CompletableFuture<Connection> dial(PeerAddress remote, Duration timeout) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new IOException("transport closed"));
      return result;
    }
    SocketChannel socket;
    try {
      socket = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException e) {
      result.completeExceptionally(e);
      return result;
    }
    Future<?> deadline =
        schedule(
            () -> {
              if (result.completeExceptionally(
                  new TimeoutException("no connection to " + remote + " within " + timeout))) {
                closeQuietly(socket);
              }
            },
            timeout);
    threads
        .newThread(
            () -> {
              try {
                socket.connect(UnixDomainSocketAddress.of(socketPath(remote)));
                open(
                    socket,
                    remote,
                    false,
                    connection -> {
                      deadline.cancel(false);
                      if (!result.complete(connection)) {
                        // Too late: the caller gave up. Nobody else sets a handler, so this does.
                        connection.setHandler(IGNORE_FRAMES);
                        connection.close(DisconnectReason.TIMEOUT);
                      }
                    });
              } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
                result.completeExceptionally(e);
              }
            })
        .start();
    return result;
  }

  @Override
  public synchronized Optional<PeerAddress> listenAddress() {
    return Optional.ofNullable(bound);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (server != null) {
        closeQuietly(server);
        try {
          Files.deleteIfExists(socketPath(bound));
        } catch (IOException e) {
          LOG.warn("cannot remove socket file {}", socketPath(bound), e);
        }
      }
    }
    for (UnixSocketConnection c : connections) {
      c.close(DisconnectReason.SHUTDOWN);
    }
    timer.shutdown(); // closes already scheduled still run, so queued frames get their chance
  }

  /** Binds {@code address}'s socket file; null if taken and {@code strict} is false. */
  private ServerSocketChannel bindTo(PeerAddress address, boolean strict) throws IOException {
    Path path = socketPath(address);
    if (strict) {
      removeIfStale(path);
    }
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.bind(UnixDomainSocketAddress.of(path));
      return channel;
    } catch (BindException e) {
      channel.close();
      if (strict) {
        throw new BindException(address + " (" + path + ") is in use");
      }
      return null;
    }
  }

  /** Deletes a socket file nobody accepts on (left by a process that died). */
  private static void removeIfStale(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      Files.deleteIfExists(path);
    }
  }

  private void acceptLoop(ServerSocketChannel listening, ConnectionHandler inbound) {
    while (!closed) {
      SocketChannel socket;
      try {
        socket = listening.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("accepting on {} failed", bound, e);
        }
        return;
      }
      PeerAddress remote = PeerAddress.of("127.0.0.1", 1 + inboundPorts.getAndIncrement() % 0xffff);
      threads
          .newThread(
              () -> {
                Future<?> deadline = schedule(() -> closeQuietly(socket), HANDSHAKE_TIMEOUT);
                try {
                  open(
                      socket,
                      remote,
                      true,
                      connection -> {
                        deadline.cancel(false);
                        inbound.onConnection(connection);
                      });
                } catch (IOException | RuntimeException e) {
                  LOG.info("inbound connection {} failed: {}", remote, e.getMessage());
                  closeQuietly(socket);
                }
              })
          .start();
    }
  }

  /**
   * Runs the secure handshake (unless plaintext), hands the connection out, and then reads it on
   * the calling thread until it ends.
   */
  private void open(
      SocketChannel socket, PeerAddress remote, boolean inbound, Consumer<Connection> handOut)
      throws IOException {
    if (opening.incrementAndGet() + connections.size() > MAX_CONNECTIONS || closed) {
      opening.decrementAndGet();
      throw new IOException("too many connections or closed, refusing " + remote);
    }
    UnixSocketConnection connection;
    try {
      SecureChannel channel = null;
      ByteBuffer leftover = ByteBuffer.allocate(0);
      if (security.isEncrypted()) {
        channel = security.newChannel(!inbound);
        leftover = handshake(socket, channel, remote);
      }
      connection =
          new UnixSocketConnection(socket, channel, codec, remote, inbound, leftover, timer);
      connections.add(connection);
    } finally {
      opening.decrementAndGet();
    }
    try {
      threads.newThread(connection::writeLoop).start();
      handOut.accept(connection);
      connection.readLoop(() -> closed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connection.abort();
    } finally {
      connections.remove(connection);
    }
  }

  /**
   * Runs the Noise handshake of {@code channel} over the blocking socket; returns the bytes read
   * past its end (the start of the first frames).
   */
  private static ByteBuffer handshake(SocketChannel socket, SecureChannel channel, PeerAddress who)
      throws IOException {
    try {
      UnixSocketConnection.writeFully(socket, ByteBuffer.wrap(channel.start()));
      ByteBuffer in = ByteBuffer.allocate(4096);
      while (!channel.isEstablished()) {
        in.clear();
        if (socket.read(in) < 0) {
          throw new EOFException(who + " closed the stream during the secure handshake");
        }
        in.flip();
        while (in.hasRemaining() && !channel.isEstablished()) {
          UnixSocketConnection.writeFully(socket, ByteBuffer.wrap(channel.receiveHandshake(in)));
        }
      }
      return ByteBuffer.allocate(in.remaining()).put(in).flip();
    } catch (FrameException e) {
      throw new SecureChannelException(e.reason(), who + ": " + e.getMessage());
    }
  }

  /** Runs {@code action} after {@code delay}, or now if the transport has shut its timer down. */
  private Future<?> schedule(Runnable action, Duration delay) {
    try {
      return timer.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      action.run();
      return CompletableFuture.completedFuture(null);
    }
  }

  private static void closeQuietly(Channel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing {}", channel, e);
    }
  }

  @Override
  public String toString() {
    return "UnixSocketTransport{" + directory + ", " + security + "}";
  }
}
