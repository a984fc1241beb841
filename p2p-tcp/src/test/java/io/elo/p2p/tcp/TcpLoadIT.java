package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.NetGroups;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 500 connections to one listener in this JVM, each pinging every 100 ms (5,000 round trips a
 * second through the transport's selector threads): the p99 round trip must stay under 50 ms.
 */
class TcpLoadIT {
  private static final int CONNECTIONS = 500;
  private static final long PING_INTERVAL_MS = 100;
  private static final long WARMUP_MS = 2_000;
  private static final long MEASURE_MS = 8_000;

  @Test
  @Timeout(60)
  void fiveHundredConnections_pingP99Under50ms() throws Exception {
    // All 500 dial at once from 127.0.0.1: let every secure handshake in (the default bound is
    // 64 pending, 8 per address; loopback exempt here).
    try (Loopback net = Loopback.ipv4(TcpTransport.builder().maxPendingHandshakes(CONNECTIONS)
        .netGroups(NetGroups.exemptingLocal()))) {
      List<Connection> clients = new ArrayList<>();
      List<RttRecorder> recorders = new ArrayList<>();
      List<CompletableFuture<Connection>> dials = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        dials.add(net.client.dial(net.address(), Loopback.DIAL_TIMEOUT));
      }
      for (CompletableFuture<Connection> dial : dials) {
        Connection c = dial.get(30, TimeUnit.SECONDS);
        RttRecorder recorder = new RttRecorder();
        c.setHandler(recorder);
        clients.add(c);
        recorders.add(recorder);
      }
      for (int i = 0; i < CONNECTIONS; i++) {
        Connection server = net.accepted.poll(30, TimeUnit.SECONDS);
        server.setHandler(new Echo(server));
      }
      assertEquals(CONNECTIONS, net.server.connectionCount());

      ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
      AtomicInteger tick = new AtomicInteger();
      // Every 10 ms a tenth of the connections ping: each one every 100 ms, evenly spread.
      int slices = (int) (PING_INTERVAL_MS / 10);
      pinger.scheduleAtFixedRate(
          () -> {
            int slice = tick.getAndIncrement() % slices;
            for (int i = slice; i < CONNECTIONS; i += slices) {
              byte[] ping = new byte[64];
              ByteBuffer.wrap(ping).putLong(System.nanoTime());
              clients.get(i).send(ping);
            }
          },
          0,
          10,
          TimeUnit.MILLISECONDS);
      Thread.sleep(WARMUP_MS);
      recorders.forEach(RttRecorder::reset);
      Thread.sleep(MEASURE_MS);
      pinger.shutdownNow();

      long[] all = recorders.stream().flatMapToLong(RttRecorder::samples).sorted().toArray();
      long p50 = percentile(all, 0.50);
      long p99 = percentile(all, 0.99);
      System.out.printf(
          "TcpLoadIT: %d connections, %d round trips in %d ms, p50 %.3f ms, p99 %.3f ms,"
              + " max %.3f ms%n",
          CONNECTIONS, all.length, MEASURE_MS, p50 / 1e6, p99 / 1e6, all[all.length - 1] / 1e6);
      assertTrue(all.length > CONNECTIONS * (MEASURE_MS / PING_INTERVAL_MS) / 2, "pings flowed");
      assertTrue(p99 < TimeUnit.MILLISECONDS.toNanos(50), "p99 " + p99 / 1e6 + " ms");
      clients.forEach(c -> assertTrue(c.isOpen()));
    }
  }

  private static long percentile(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
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

  /** Round-trip times of one connection, in nanoseconds. */
  private static final class RttRecorder implements FrameHandler {
    private long[] samples = new long[256];
    private int count;

    @Override
    public synchronized void onFrame(byte[] frame) {
      if (count == samples.length) {
        samples = Arrays.copyOf(samples, count * 2);
      }
      samples[count++] = System.nanoTime() - ByteBuffer.wrap(frame).getLong();
    }

    @Override
    public void onClose(DisconnectReason reason, boolean byRemote) {}

    synchronized void reset() {
      count = 0;
    }

    synchronized java.util.stream.LongStream samples() {
      return Arrays.stream(samples, 0, count);
    }
  }
}
