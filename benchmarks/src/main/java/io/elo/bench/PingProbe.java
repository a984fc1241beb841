package io.elo.bench;

import io.elo.node.Node;
import io.elo.p2p.Peer;
import io.elo.p2p.ProtocolHandler;
import io.elo.p2p.ProtocolId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Application-level ping between nodes: a tiny protocol ({@code bench-ping/1}) registered on each
 * node's peer network before it connects. Once {@link #start started}, every node sends a 9-byte
 * ping (tag 0, send time) to each of its peers every {@code intervalMillis}; the peer answers with
 * tag 1 and the same time from its network thread, as the p2p layer answers its own pings. A ping
 * so crosses the same per-connection queues, secure channel and node scheduler thread as block and
 * transaction relay. Round-trip samples are kept in milliseconds. Thread-safe.
 */
final class PingProbe implements AutoCloseable {
  /** The probe's protocol id. */
  static final ProtocolId ID = ProtocolId.of("bench-ping", 1);

  private static final byte PING = 0;
  private static final byte PONG = 1;

  private final List<Node> nodes;
  private final List<Double> samples = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-ping");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean recording;
  private long sent;

  /** Registers the protocol on every node; call before the nodes connect. */
  PingProbe(List<Node> nodes) {
    this.nodes = List.copyOf(nodes);
    for (Node node : this.nodes) {
      node.network().registerProtocol(ID, new Handler());
    }
  }

  /** Starts pinging every peer of every node every {@code intervalMillis} and recording RTTs. */
  void start(long intervalMillis) {
    recording = true;
    timer.scheduleAtFixedRate(this::pingAll, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  private void pingAll() {
    for (Node node : nodes) {
      for (Peer peer : node.peers()) {
        if (peer.supports(ID)) {
          ByteBuffer b = ByteBuffer.allocate(9).put(PING).putLong(System.nanoTime());
          if (peer.send(ID, b.array())) {
            synchronized (this) {
              sent++;
            }
          }
        }
      }
    }
  }

  /** Stops pinging; answers still in flight are no longer recorded. */
  @Override
  public void close() {
    recording = false;
    timer.shutdownNow();
  }

  /** Pings sent so far. */
  synchronized long sent() {
    return sent;
  }

  /** The round trips recorded so far, in milliseconds, sorted. */
  synchronized List<Double> samples() {
    List<Double> copy = new ArrayList<>(samples);
    Collections.sort(copy);
    return copy;
  }

  /** The {@code q} quantile (0..1, nearest rank) of sorted {@code values}. */
  static double quantile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private final class Handler implements ProtocolHandler {
    @Override
    public void onMessage(Peer peer, byte[] payload) {
      if (payload.length != 9) {
        return;
      }
      if (payload[0] == PING) {
        byte[] reply = payload.clone();
        reply[0] = PONG;
        peer.send(ID, reply);
      } else if (payload[0] == PONG && recording) {
        long rtt = System.nanoTime() - ByteBuffer.wrap(payload, 1, 8).getLong();
        synchronized (PingProbe.this) {
          samples.add(rtt / 1e6);
        }
      }
    }
  }
}
