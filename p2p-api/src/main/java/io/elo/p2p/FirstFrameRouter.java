package io.elo.p2p;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Routes an inbound connection by its first frame: a discovery frame ({@link DiscoveryWire}) goes
 * to the {@link DiscoveryServer} without taking a peer slot; anything else starts a peer session.
 * At most {@link #MAX_UNROUTED} connections may wait for their first frame, each at most {@link
 * #FIRST_FRAME_TIMEOUT}.
 */
final class FirstFrameRouter implements NetworkHooks.InboundRouter {
  static final int MAX_UNROUTED = 64;
  static final Duration FIRST_FRAME_TIMEOUT = Duration.ofSeconds(10);

  private final DiscoveryServer server;
  private final ScheduledExecutorService scheduler;
  private int unrouted;

  FirstFrameRouter(DiscoveryServer server, ScheduledExecutorService scheduler) {
    this.server = server;
    this.scheduler = scheduler;
  }

  @Override
  public void route(Connection connection, Function<Connection, FrameHandler> peerSession) {
    synchronized (this) {
      if (unrouted >= MAX_UNROUTED) {
        connection.close(DisconnectReason.TOO_MANY_PEERS);
        return;
      }
      unrouted++;
    }
    Demux demux = new Demux(connection, peerSession);
    connection.setHandler(demux);
    demux.timer =
        scheduler.schedule(demux::onTimeout, FIRST_FRAME_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
  }

  private synchronized void routed() {
    unrouted--;
  }

  private final class Demux implements FrameHandler {
    private final Connection connection;
    private final Function<Connection, FrameHandler> peerSession;
    private FrameHandler delegate;
    private boolean decided;
    volatile ScheduledFuture<?> timer;

    Demux(Connection connection, Function<Connection, FrameHandler> peerSession) {
      this.connection = connection;
      this.peerSession = peerSession;
    }

    private synchronized boolean decide() {
      if (decided) {
        return false;
      }
      decided = true;
      routed();
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
      return true;
    }

    synchronized void onTimeout() {
      if (decide()) {
        connection.close(DisconnectReason.TIMEOUT);
      }
    }

    @Override
    public void onFrame(byte[] frame) {
      FrameHandler target;
      synchronized (this) {
        if (delegate == null) {
          if (!decide()) {
            return;
          }
          delegate =
              DiscoveryWire.isDiscoveryFrame(frame)
                  ? server.accept(connection)
                  : peerSession.apply(connection);
          if (delegate == null) {
            return;
          }
        }
        target = delegate;
      }
      target.onFrame(frame);
    }

    @Override
    public void onClose(DisconnectReason reason, boolean byRemote) {
      FrameHandler target;
      synchronized (this) {
        decide();
        target = delegate;
      }
      if (target != null) {
        target.onClose(reason, byRemote);
      }
    }
  }
}
