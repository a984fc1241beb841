package io.elo.p2p;

import io.elo.p2p.internal.proto.DiscoveryPacket;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Answers inbound discovery connections (routed here by their first frame, so they never take a
 * peer slot): one request, one response, then the connection closes. Its own limits: at most {@link
 * #MAX_CONNECTIONS} open at once, {@link #PER_IP_RATE} requests per second per IP (bursts of {@link
 * #PER_IP_BURST}), {@link #GLOBAL_RATE} per second overall (bursts of {@link #GLOBAL_BURST}); over
 * a limit the connection is closed without an answer.
 */
final class DiscoveryServer {
  static final int MAX_CONNECTIONS = 64;
  static final double PER_IP_RATE = 5;
  static final int PER_IP_BURST = 20;
  static final double GLOBAL_RATE = 200;
  static final int GLOBAL_BURST = 400;

  /** IPs whose rate is tracked; the least recently seen is forgotten beyond it. */
  static final int TRACKED_IPS = 4096;

  /** A served connection the client does not close is closed after this. */
  static final Duration LINGER = Duration.ofSeconds(5);

  private final Discovery discovery;
  private final InstantSource clock;
  private final ScheduledExecutorService scheduler;
  private final TokenBucket global = new TokenBucket(GLOBAL_RATE, GLOBAL_BURST, GLOBAL_BURST);
  private final Map<InetAddress, TokenBucket> perIp =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, TokenBucket> eldest) {
          return size() > TRACKED_IPS;
        }
      };
  private int open;
  private long served;
  private long refused;

  DiscoveryServer(Discovery discovery, InstantSource clock, ScheduledExecutorService scheduler) {
    this.discovery = discovery;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  synchronized long served() {
    return served;
  }

  synchronized long refused() {
    return refused;
  }

  /** Takes a discovery connection; returns its handler, or null if refused (and closed). */
  FrameHandler accept(Connection connection) {
    boolean admitted;
    synchronized (this) {
      InetAddress ip = connection.remoteAddress().ip();
      TokenBucket bucket =
          perIp.computeIfAbsent(ip, k -> new TokenBucket(PER_IP_RATE, PER_IP_BURST, PER_IP_BURST));
      admitted =
          open < MAX_CONNECTIONS
              && bucket.tryTake(clock.instant())
              && global.tryTake(clock.instant());
      if (admitted) {
        open++;
      } else {
        refused++;
      }
    }
    if (!admitted) {
      connection.close(DisconnectReason.TOO_MANY_PEERS);
      return null;
    }
    return new RequestHandler(connection);
  }

  private synchronized void closed() {
    open--;
  }

  private final class RequestHandler implements FrameHandler {
    private final Connection connection;
    private boolean answered;

    RequestHandler(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void onFrame(byte[] frame) {
      if (answered) {
        connection.close(DisconnectReason.PROTOCOL_ERROR);
        return;
      }
      answered = true;
      Optional<DiscoveryPacket> response;
      try {
        response = discovery.handleRequest(DiscoveryWire.decode(frame), connection.remoteAddress());
      } catch (FrameException e) {
        connection.close(e.reason());
        return;
      }
      if (response.isEmpty()) {
        connection.close(DisconnectReason.PROTOCOL_ERROR);
        return;
      }
      synchronized (DiscoveryServer.this) {
        served++;
      }
      connection.send(DiscoveryWire.encode(response.get()));
      scheduler.schedule(
          () -> connection.close(DisconnectReason.TIMEOUT), LINGER.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onClose(DisconnectReason reason, boolean byRemote) {
      closed();
    }
  }
}
