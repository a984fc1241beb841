package io.elo.p2p;

import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Routes an inbound connection by its first frame: a discovery frame ({@link DiscoveryWire}) goes
 * to the {@link DiscoveryServer} without taking a peer slot; anything else starts a peer session.
 * At most {@link #MAX_UNROUTED} connections may wait for their first frame, {@link
 * #MAX_UNROUTED_PER_IP} from one IP and {@link #MAX_UNROUTED_PER_NET_GROUP} from one net group
 * (exempt addresses aside: {@link HandshakeSlots}), each at most {@link #FIRST_FRAME_TIMEOUT}.
 */
final class FirstFrameRouter implements NetworkHooks.InboundRouter {
  static final int MAX_UNROUTED = 64;
  static final int MAX_UNROUTED_PER_IP = 8;
  static final int MAX_UNROUTED_PER_NET_GROUP = 16;
  static final Duration FIRST_FRAME_TIMEOUT = Duration.ofSeconds(10);
  static final String REFUSED =
      "inbound connections refused, connections awaiting a first frame full";
  static final String TIMED_OUT = "inbound connections timed out before their first frame";

  private final DiscoveryServer server;
  private final ScheduledExecutorService scheduler;
  private final HandshakeSlots unrouted;
  private final FailureLog failures;

  FirstFrameRouter(
      DiscoveryServer server,
      ScheduledExecutorService scheduler,
      NetGroups netGroups,
      FailureLog failures) {
    this.server = server;
    this.scheduler = scheduler;
    this.unrouted =
        new HandshakeSlots(
            netGroups, MAX_UNROUTED, MAX_UNROUTED_PER_IP, MAX_UNROUTED_PER_NET_GROUP);
    this.failures = failures;
  }

  /** A failure log for the router, on its own logger. */
  static FailureLog failureLog(InstantSource clock) {
    return new FailureLog(LoggerFactory.getLogger(FirstFrameRouter.class), clock);
  }

  @Override
  public void route(Connection connection, Function<Connection, FrameHandler> peerSession) {
    InetAddress ip = connection.remoteAddress().ip();
    HandshakeSlots.Result slot = unrouted.tryAcquire(ip);
    if (!slot.acquired()) {
      failures.record(REFUSED, ip, slot.name());
      connection.close(DisconnectReason.TOO_MANY_PEERS);
      return;
    }
    Demux demux = new Demux(connection, peerSession);
    connection.setHandler(demux);
    demux.timer =
        scheduler.schedule(demux::onTimeout, FIRST_FRAME_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void routed(Connection connection) {
    unrouted.release(connection.remoteAddress().ip());
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
      routed(connection);
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
      return true;
    }

    synchronized void onTimeout() {
      if (decide()) {
        failures.record(TIMED_OUT, connection.remoteAddress().ip(), "no frame within "
            + FIRST_FRAME_TIMEOUT.toSeconds() + " s");
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
