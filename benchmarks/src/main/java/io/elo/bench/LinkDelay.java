package io.elo.bench;

import io.elo.p2p.Connection;
import io.elo.p2p.ConnectionHandler;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.NodeId;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One-way link latency on real TCP connections: every frame a wrapped connection sends is handed to
 * the real connection {@code millis} later, on one shared single-threaded scheduler (equal delays
 * and a single thread keep each connection's frames in order). The handshake is not delayed (it
 * runs inside the transport, below this wrapper). Zero latency passes frames straight through.
 */
final class LinkDelay {
  private final long millis;
  private final ScheduledExecutorService scheduler;

  /** Delays by {@code millis} on {@code scheduler}, which must run one task at a time. */
  LinkDelay(long millis, ScheduledExecutorService scheduler) {
    this.millis = millis;
    this.scheduler = scheduler;
  }

  /** Returns {@code transport} whose connections delay what they send. */
  Transport wrap(Transport transport) {
    if (millis == 0) {
      return transport;
    }
    return new Transport() {
      @Override
      public void listen(PeerAddress bind, ConnectionHandler inbound) throws IOException {
        transport.listen(bind, c -> inbound.onConnection(new Delayed(c)));
      }

      @Override
      public CompletableFuture<Connection> dial(PeerAddress remote, Duration timeout) {
        return transport.dial(remote, timeout).thenApply(Delayed::new);
      }

      @Override
      public Optional<PeerAddress> listenAddress() {
        return transport.listenAddress();
      }

      @Override
      public void close() {
        transport.close();
      }
    };
  }

  private final class Delayed implements Connection {
    private final Connection inner;

    Delayed(Connection inner) {
      this.inner = inner;
    }

    @Override
    public boolean send(byte[] frame) {
      if (!inner.isOpen()) {
        return false;
      }
      scheduler.schedule(() -> inner.send(frame), millis, TimeUnit.MILLISECONDS);
      return true;
    }

    @Override
    public PeerAddress remoteAddress() {
      return inner.remoteAddress();
    }

    @Override
    public boolean isInbound() {
      return inner.isInbound();
    }

    @Override
    public int maxFrameSize() {
      return inner.maxFrameSize();
    }

    @Override
    public void close(DisconnectReason reason) {
      // after the frames already in flight, as a real link would deliver them
      scheduler.schedule(() -> inner.close(reason), millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isOpen() {
      return inner.isOpen();
    }

    @Override
    public void setHandler(FrameHandler handler) {
      inner.setHandler(handler);
    }

    @Override
    public Optional<NodeId> authenticatedNodeId() {
      return inner.authenticatedNodeId();
    }
  }
}
