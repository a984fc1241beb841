package io.elo.examples.internal.rest;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty 12 core server under the REST API (no servlets): one HTTP/1.1 connector, plain or
 * TLS, with the limits of {@link RestOptions} (see docs/api.md, "Limits"). Jetty types stay in
 * this package.
 */
final class JettyHttp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JettyHttp.class);

  /** Threads Jetty leases for its own loops: one acceptor and one selector. */
  static final int ACCEPTORS = 1;

  static final int SELECTORS = 1;

  private final Server server;
  private final ServerConnector connector;
  private final AddressLimit addressLimit;
  private final HeaderDeadline headerDeadline;

  private JettyHttp(
      Server server,
      ServerConnector connector,
      AddressLimit addressLimit,
      HeaderDeadline headerDeadline) {
    this.server = server;
    this.connector = connector;
    this.addressLimit = addressLimit;
    this.headerDeadline = headerDeadline;
  }

  /**
   * Starts serving {@code router} on {@code bind}.
   *
   * @throws BindException if the address is taken
   * @throws IOException if the server cannot start otherwise
   */
  static JettyHttp start(
      InetSocketAddress bind, RestOptions options, Router router, ScheduledExecutorService timer)
      throws IOException {
    // Workers for the blocking router plus Jetty's leased loops; no reserved threads, so the
    // worker count is exactly options.threads(). The task queue has no hard bound (Jetty warns
    // that a refused internal task can strand a connection) but is bounded all the same: an
    // HTTP/1.1 connection has at most one pending task, and connections are capped.
    QueuedThreadPool pool =
        new QueuedThreadPool(
            options.threads() + ACCEPTORS + SELECTORS, ACCEPTORS + SELECTORS + 1, 60_000);
    pool.setName("elo-rest");
    pool.setDaemon(true);
    pool.setReservedThreads(0);
    Server server = new Server(pool);
    server.setStopTimeout(1_000);
    server.setErrorHandler(new JsonErrors());

    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(options.maxHeaderBytes());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(options.idleTimeout().toMillis());
    HttpConnectionFactory httpFactory = new HttpConnectionFactory(http);
    HeaderDeadline headerDeadline =
        new HeaderDeadline(options.headerTimeout().toMillis(), timer, router);
    // On the HTTP factory only: a TLS connection's outer SslConnection never carries requests.
    httpFactory.addEventListener(headerDeadline);
    ConnectionFactory[] factories =
        options.tls().isPresent()
            ? new ConnectionFactory[] {
              new SslConnectionFactory(sslContext(options.tls().get()), httpFactory.getProtocol()),
              httpFactory
            }
            : new ConnectionFactory[] {httpFactory};
    ServerConnector connector = new ServerConnector(server, ACCEPTORS, SELECTORS, factories);
    connector.setHost(bind.getAddress().getHostAddress());
    connector.setPort(bind.getPort());
    connector.setIdleTimeout(options.idleTimeout().toMillis());
    connector.setAcceptQueueSize(options.acceptBacklog());
    AddressLimit addressLimit = new AddressLimit(options.maxConnectionsPerAddress());
    connector.addBean(addressLimit);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(options.maxConnections(), connector));
    server.setHandler(headerDeadline);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException taken) {
          throw taken;
        }
      }
      throw e instanceof IOException io ? io : new IOException("cannot start the REST server", e);
    }
    return new JettyHttp(server, connector, addressLimit, headerDeadline);
  }

  private static SslContextFactory.Server sslContext(RestTls tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore());
    ssl.setKeyStorePassword(RestTls.password());
    return ssl;
  }

  /** Whether the connector speaks TLS. */
  boolean tls() {
    return connector.getConnectionFactory(SslConnectionFactory.class) != null;
  }

  /** The bound address (the actual port when 0 was asked). */
  InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /** Connections closed at accept because their client address was at its cap. */
  long refusedPerAddress() {
    return addressLimit.refused();
  }

  /** Connections closed because their headers did not arrive within the header timeout. */
  long headerTimeouts() {
    return headerDeadline.expired();
  }

  /** Stops accepting, gives running requests up to a second, then closes every connection. */
  @Override
  public void close() {
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping closes every connection; a failure to do so cleanly leaves nothing to undo.
      LOG.debug("REST server stop: {}", e.toString());
    }
  }
}
