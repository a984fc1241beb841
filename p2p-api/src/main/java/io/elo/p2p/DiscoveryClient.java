package io.elo.p2p;

import io.elo.p2p.internal.proto.DiscoveryPacket;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends discovery requests, each on its own short-lived connection (dial, one request, one
 * response, close), outside the peer slots. At most {@code maxInFlight} requests run at once; up to
 * {@link #MAX_QUEUED} more wait; beyond that a request fails at once.
 */
final class DiscoveryClient {
  static final int MAX_QUEUED = 256;

  private final Transport transport;
  private final ScheduledExecutorService scheduler;
  private final Duration timeout;
  private final int maxInFlight;
  private final Deque<Runnable> queued = new ArrayDeque<>();
  private int inFlight;
  private long sent;
  private long failed;

  DiscoveryClient(
      Transport transport, ScheduledExecutorService scheduler, Duration timeout, int maxInFlight) {
    this.transport = transport;
    this.scheduler = scheduler;
    this.timeout = timeout;
    this.maxInFlight = maxInFlight;
  }

  synchronized long sent() {
    return sent;
  }

  synchronized long failed() {
    return failed;
  }

  /** Sends {@code request} to {@code to}; the future completes with the one response. */
  CompletableFuture<DiscoveryPacket> request(PeerAddress to, DiscoveryPacket request) {
    CompletableFuture<DiscoveryPacket> result = new CompletableFuture<>();
    Runnable start = () -> send(to, request, result);
    synchronized (this) {
      if (inFlight >= maxInFlight) {
        if (queued.size() >= MAX_QUEUED) {
          failed++;
          return CompletableFuture.failedFuture(new IOException("discovery queue full"));
        }
        queued.add(start);
        return result;
      }
      inFlight++;
    }
    start.run();
    return result;
  }

  private void send(
      PeerAddress to, DiscoveryPacket request, CompletableFuture<DiscoveryPacket> out) {
    synchronized (this) {
      sent++;
    }
    out.whenComplete((r, e) -> finished(e != null));
    byte[] frame = DiscoveryWire.encode(request);
    transport
        .dial(to, timeout)
        .whenComplete(
            (connection, error) -> {
              if (error != null) {
                out.completeExceptionally(error);
                return;
              }
              if (out.isDone()) {
                connection.close(DisconnectReason.TIMEOUT);
                return;
              }
              connection.setHandler(new ResponseHandler(connection, out));
              if (!connection.send(frame)) {
                out.completeExceptionally(new IOException("connection closed"));
              }
              scheduler.schedule(
                  () -> {
                    if (out.completeExceptionally(new TimeoutException("no discovery response"))) {
                      connection.close(DisconnectReason.TIMEOUT);
                    }
                  },
                  timeout.toNanos(),
                  TimeUnit.NANOSECONDS);
            });
  }

  private void finished(boolean failure) {
    Runnable next;
    synchronized (this) {
      if (failure) {
        failed++;
      }
      next = queued.poll();
      if (next == null) {
        inFlight--;
        return;
      }
    }
    scheduler.execute(next);
  }

  /** Takes the one response frame and closes the connection. */
  private static final class ResponseHandler implements FrameHandler {
    private final Connection connection;
    private final CompletableFuture<DiscoveryPacket> out;

    ResponseHandler(Connection connection, CompletableFuture<DiscoveryPacket> out) {
      this.connection = connection;
      this.out = out;
    }

    @Override
    public void onFrame(byte[] frame) {
      try {
        out.complete(DiscoveryWire.decode(frame));
      } catch (FrameException e) {
        out.completeExceptionally(e);
      }
      connection.close(DisconnectReason.REQUESTED);
    }

    @Override
    public void onClose(DisconnectReason reason, boolean byRemote) {
      out.completeExceptionally(new IOException("discovery connection closed: " + reason));
    }
  }
}
