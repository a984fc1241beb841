package io.elo.examples.internal.harness;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * One directed link of the rootless harness: accepts on a listen address and forwards every
 * connection to a target, both ways, with switchable faults.
 *
 * <p>Faults: {@link #cut()} closes every open connection and refuses new ones (accepted then
 * closed at once) until {@link #restore()}; {@link #latency(Duration)} delays every chunk of bytes
 * by that long in each direction (order kept); {@link #loss(double)} closes the whole connection
 * with that probability per forwarded chunk. A TCP byte stream cannot drop single bytes without
 * corrupting the framing above it, so "loss" here means lost connections, which the nodes must
 * redial, not lost packets; real packet loss is what the netns harness's {@code tc netem} adds.
 *
 * <p>Threads come from the given factory: one acceptor, and per connection a reader and a writer
 * in each direction.
 */
public final class TcpProxy implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final ThreadFactory threads;
  private final DoubleSupplier random;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;
  private volatile long latencyNanos;
  private volatile double loss;

  private TcpProxy(
      ServerSocket server, InetSocketAddress target, ThreadFactory threads, DoubleSupplier random) {
    this.server = server;
    this.target = target;
    this.threads = threads;
    this.random = random;
  }

  /**
   * Starts a proxy listening on {@code listen} (port 0 picks a free port) that forwards to {@code
   * target}.
   *
   * @param random uniform values in [0, 1) for the loss decisions
   * @throws IOException if the listen address cannot be bound
   */
  public static TcpProxy start(
      InetSocketAddress listen,
      InetSocketAddress target,
      ThreadFactory threads,
      DoubleSupplier random)
      throws IOException {
    checkNotNull(listen);
    checkNotNull(target);
    checkNotNull(threads);
    checkNotNull(random);
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(listen);
    TcpProxy proxy = new TcpProxy(server, target, threads, random);
    threads.newThread(proxy::acceptLoop).start();
    return proxy;
  }

  /** The address the proxy listens on (the address a node dials to reach the target). */
  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** The address connections are forwarded to. */
  public InetSocketAddress target() {
    return target;
  }

  /** Cuts the link: closes its open connections and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    closeAll();
  }

  /** Restores a cut link. */
  public void restore() {
    cut = false;
  }

  /** Whether the link is cut. */
  public boolean isCut() {
    return cut;
  }

  /** Delays every forwarded chunk by {@code delay} (zero for none). */
  public void latency(Duration delay) {
    checkArgument(!delay.isNegative(), "latency must not be negative: %s", delay);
    latencyNanos = delay.toNanos();
  }

  /** Closes a connection with this probability per forwarded chunk (0 for none). */
  public void loss(double probability) {
    checkArgument(probability >= 0 && probability < 1, "loss must be in [0, 1): %s", probability);
    loss = probability;
  }

  /** Number of connections currently forwarded. */
  public int openConnections() {
    return open.size() / 2;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    closeAll();
  }

  private void closeAll() {
    for (Socket s : open) {
      quietClose(s);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      if (cut) {
        quietClose(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, 5_000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
      } catch (IOException e) {
        quietClose(client);
        quietClose(upstream);
        continue;
      }
      open.add(client);
      open.add(upstream);
      pipe(client, upstream);
      pipe(upstream, client);
    }
  }

  /** Forwards {@code from} to {@code to}: a reader queues chunks, a writer sends them when due. */
  private void pipe(Socket from, Socket to) {
    DelayQueue<Chunk> queue = new DelayQueue<>();
    threads
        .newThread(
            () -> {
              byte[] buffer = new byte[CHUNK];
              long sequence = 0;
              long lastDue = 0;
              try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (cut || (loss > 0 && random.getAsDouble() < loss)) {
                    break;
                  }
                  // Never before the previous chunk, so lowering the latency keeps the order.
                  lastDue = Math.max(lastDue, System.nanoTime() + latencyNanos);
                  queue.put(new Chunk(Arrays.copyOf(buffer, n), lastDue, sequence++));
                }
              } catch (IOException e) {
                // closed by the peer, a cut or a loss
              }
              lastDue = Math.max(lastDue, System.nanoTime() + latencyNanos);
              queue.put(new Chunk(null, lastDue, sequence)); // end of stream
            })
        .start();
    threads
        .newThread(
            () -> {
              try (OutputStream out = to.getOutputStream()) {
                while (true) {
                  Chunk chunk = queue.take();
                  if (chunk.bytes == null) {
                    break;
                  }
                  out.write(chunk.bytes);
                }
              } catch (IOException | InterruptedException e) {
                // closed
              } finally {
                quietClose(from);
                quietClose(to);
                open.remove(from);
                open.remove(to);
              }
            })
        .start();
  }

  private static void quietClose(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** Bytes due for writing at {@code dueNanos}; null bytes mark the end of the stream. */
  private static final class Chunk implements Delayed {
    final byte[] bytes;
    final long dueNanos;
    private final long sequence;

    Chunk(byte[] bytes, long dueNanos, long sequence) {
      this.bytes = bytes;
      this.dueNanos = dueNanos;
      this.sequence = sequence;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Chunk o = (Chunk) other;
      int c = Long.compare(dueNanos, o.dueNanos);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }
}
