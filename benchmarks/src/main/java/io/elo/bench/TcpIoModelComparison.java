package io.elo.bench;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The measurement behind the TCP transport's I/O model (docs/p2p.md): N connections in this JVM,
 * each pinging every 100 ms, served either by Elo's non-blocking transport (one or two selector
 * threads per side) or by blocking sockets with a thread per connection end. Prints the round-trip
 * percentiles, CPU use, threads, and heap and direct memory per idle connection.
 *
 * <p>Usage: {@code TcpIoModelComparison nio|nio2|threads [connections] [seconds]}; run each mode
 * in its own JVM (the memory figures are deltas of the whole process).
 */
public final class TcpIoModelComparison {
  private static final long PING_INTERVAL_MS = 100;

  private TcpIoModelComparison() {}

  /** A set of connections that can ping and report round trips. */
  private interface Harness extends AutoCloseable {
    void ping(int connection, byte[] frame) throws IOException;

    @Override
    void close() throws IOException;
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "nio";
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    long[] memoryBefore = memory();
    int threadsBefore = Thread.activeCount();
    RttLog rtts = new RttLog();
    try (Harness harness =
        switch (mode) {
          case "nio" -> nio(connections, 1, rtts::record);
          case "nio2" -> nio(connections, 2, rtts::record);
          case "threads" -> threads(connections, rtts::record);
          default -> throw new IllegalArgumentException("mode: nio, nio2 or threads");
        }) {
      long[] memoryIdle = memory();
      int threads = Thread.activeCount() - threadsBefore;
      ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
      AtomicInteger tick = new AtomicInteger();
      int slices = (int) (PING_INTERVAL_MS / 10);
      pinger.scheduleAtFixedRate(
          () -> {
            int slice = tick.getAndIncrement() % slices;
            for (int i = slice; i < connections; i += slices) {
              byte[] ping = new byte[64];
              ByteBuffer.wrap(ping).putLong(System.nanoTime());
              try {
                harness.ping(i, ping);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            }
          },
          0,
          10,
          TimeUnit.MILLISECONDS);
      Thread.sleep(2000);
      rtts.reset();
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuBefore = os.getProcessCpuTime();
      Thread.sleep(seconds * 1000L);
      long cpu = os.getProcessCpuTime() - cpuBefore;
      pinger.shutdownNow();
      long[] sorted = rtts.sorted();
      System.out.printf(
          Locale.ROOT,
          "%s: %d connections, %d round trips in %d s: p50 %.3f ms, p99 %.3f ms, max %.3f ms;"
              + " CPU %.0f%% of one core; %d threads; per idle connection (both ends): heap %.1f"
              + " KiB, direct %.1f KiB%n",
          mode,
          connections,
          sorted.length,
          seconds,
          at(sorted, 0.50) / 1e6,
          at(sorted, 0.99) / 1e6,
          sorted[sorted.length - 1] / 1e6,
          100.0 * cpu / (seconds * 1e9),
          threads,
          (memoryIdle[0] - memoryBefore[0]) / 1024.0 / connections,
          (memoryIdle[1] - memoryBefore[1]) / 1024.0 / connections);
    }
    System.exit(0);
  }

  private static Harness nio(int connections, int ioThreads, Consumer<byte[]> onPong)
      throws Exception {
    // The I/O model comparison measures the transport itself: no secure channel.
    TcpTransport server =
        TcpTransport.builder().security(ChannelSecurity.plaintext()).ioThreads(ioThreads).build();
    TcpTransport client =
        TcpTransport.builder().security(ChannelSecurity.plaintext()).ioThreads(ioThreads).build();
    server.listen(PeerAddress.of("127.0.0.1", 0), c -> c.setHandler(new Echo(c)));
    List<Connection> conns = new ArrayList<>();
    List<CompletableFuture<Connection>> dials = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      dials.add(client.dial(server.listenAddress().orElseThrow(), Duration.ofSeconds(30)));
    }
    for (CompletableFuture<Connection> dial : dials) {
      Connection c = dial.get(30, TimeUnit.SECONDS);
      c.setHandler(
          new FrameHandler() {
            @Override
            public void onFrame(byte[] frame) {
              onPong.accept(frame);
            }

            @Override
            public void onClose(DisconnectReason reason, boolean byRemote) {}
          });
      conns.add(c);
    }
    while (server.connectionCount() < connections) {
      Thread.sleep(10);
    }
    return new Harness() {
      @Override
      public void ping(int connection, byte[] frame) {
        conns.get(connection).send(frame);
      }

      @Override
      public void close() {
        client.close();
        server.close();
      }
    };
  }

  private static Harness threads(int connections, Consumer<byte[]> onPong) throws Exception {
    BlockingEcho echo = new BlockingEcho(1);
    List<Socket> sockets = new ArrayList<>();
    List<DataOutputStream> outs = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Socket socket = echo.connect();
      sockets.add(socket);
      outs.add(new DataOutputStream(socket.getOutputStream()));
      Thread reader =
          new Thread(
              () -> {
                try {
                  DataInputStream in =
                      new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                  while (true) {
                    byte[] frame = new byte[in.readInt()];
                    in.readFully(frame);
                    onPong.accept(frame);
                  }
                } catch (IOException e) {
                  // closed
                }
              },
              "blocking-client");
      reader.setDaemon(true);
      reader.start();
    }
    return new Harness() {
      @Override
      public void ping(int connection, byte[] frame) throws IOException {
        DataOutputStream out = outs.get(connection);
        synchronized (out) {
          byte[] framed = new byte[4 + frame.length];
          ByteBuffer.wrap(framed).putInt(frame.length).put(frame);
          out.write(framed);
        }
      }

      @Override
      public void close() throws IOException {
        echo.close();
      }
    };
  }

  /** Heap used after a GC, and direct buffer bytes, in bytes. */
  private static long[] memory() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long direct = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      direct += pool.getMemoryUsed();
    }
    return new long[] {heap, direct};
  }

  private static double at(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  /** Round trips of all connections, in nanoseconds. */
  private static final class RttLog {
    private long[] samples = new long[1 << 16];
    private int count;

    synchronized void record(byte[] pong) {
      if (count == samples.length) {
        samples = Arrays.copyOf(samples, count * 2);
      }
      samples[count++] = System.nanoTime() - ByteBuffer.wrap(pong).getLong();
    }

    synchronized void reset() {
      count = 0;
    }

    synchronized long[] sorted() {
      long[] copy = Arrays.copyOf(samples, count);
      Arrays.sort(copy);
      return copy;
    }
  }

  /** Sends every frame back. */
  private record Echo(Connection connection) implements FrameHandler {
    @Override
    public void onFrame(byte[] frame) {
      connection.send(frame);
    }

    @Override
    public void onClose(DisconnectReason reason, boolean byRemote) {}
  }
}
