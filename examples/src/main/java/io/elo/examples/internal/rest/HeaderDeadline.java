package io.elo.examples.internal.rest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The header timeout Jetty lacks (its idle timeout restarts with every byte, so a client sending
 * one header byte a second keeps a connection forever): an HTTP connection must deliver a
 * request's complete headers within the timeout of opening (a TLS handshake included) or of
 * finishing its previous response, else it is closed. While a request runs, the request timeout
 * and the idle timeout apply instead. Registered as a listener on the HTTP connection factory
 * (one entry per open connection, so the map is bounded by the connection limit) and wrapped
 * around the router, which marks when headers are complete.
 */
final class HeaderDeadline extends Handler.Wrapper implements Connection.Listener {
  private final long timeoutMillis;
  private final ScheduledExecutorService timer;
  private final Map<Connection, Deadline> waiting = new ConcurrentHashMap<>();
  private final AtomicLong expired = new AtomicLong();

  HeaderDeadline(long timeoutMillis, ScheduledExecutorService timer, Handler router) {
    super(router);
    this.timeoutMillis = timeoutMillis;
    this.timer = timer;
  }

  @Override
  public void onOpened(Connection connection) {
    arm(connection);
  }

  @Override
  public void onClosed(Connection connection) {
    cancel(waiting.remove(connection));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Connection connection = request.getConnectionMetaData().getConnection();
    cancel(waiting.remove(connection));
    // Re-armed before Jetty may parse a pipelined request, so that one finds the new deadline.
    Callback next =
        Callback.from(
            () -> {
              arm(connection);
              callback.succeeded();
            },
            callback::failed);
    return super.handle(request, response, next);
  }

  private void arm(Connection connection) {
    Deadline deadline = new Deadline();
    cancel(waiting.put(connection, deadline));
    deadline.future =
        timer.schedule(() -> expire(connection, deadline), timeoutMillis, TimeUnit.MILLISECONDS);
    if (!connection.getEndPoint().isOpen() && waiting.remove(connection, deadline)) {
      deadline.future.cancel(false); // closed meanwhile: onClosed may have run before the put
    }
  }

  private void expire(Connection connection, Deadline deadline) {
    // Loses against a request that started (or a close) just now: they remove the entry first.
    if (waiting.remove(connection, deadline)) {
      expired.incrementAndGet();
      connection.getEndPoint().close();
    }
  }

  /** Connections closed for not delivering their headers in time, since start (metric). */
  long expired() {
    return expired.get();
  }

  private static void cancel(Deadline deadline) {
    ScheduledFuture<?> future = deadline == null ? null : deadline.future;
    if (future != null) {
      future.cancel(false);
    }
  }

  /** One connection's pending deadline; the future is set right after the entry is published. */
  private static final class Deadline {
    volatile ScheduledFuture<?> future;
  }
}
