package io.elo.examples.internal.rest;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.examples.internal.health.HealthConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Settings of a {@link RestServer}; build with {@link #builder()}. Immutable.
 */
public final class RestOptions {
  /** Default {@link Builder#maxBodyBytes}: 2 MiB, room for a 1 MB transaction hex-encoded. */
  public static final int DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

  /** Default {@link Builder#requestTimeout}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Default {@link Builder#threads}. */
  public static final int DEFAULT_THREADS = 4;

  /** Default {@link Builder#acceptBacklog}. */
  public static final int DEFAULT_ACCEPT_BACKLOG = 64;

  /** Default {@link Builder#headerTimeout}. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

  /** Default {@link Builder#idleTimeout}. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Default {@link Builder#maxConnections}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 256;

  /** Default {@link Builder#maxConnectionsPerAddress}. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 32;

  /** Default {@link Builder#maxHeaderBytes}: 16 KiB for the request line and headers together. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

  private final Optional<ApiToken> adminToken;
  private final Optional<BlockProductionControl> blockProduction;
  private final List<URI> siblings;
  private final Optional<PrometheusMeterRegistry> meterRegistry;
  private final InstantSource clock;
  private final HealthConfig health;
  private final int maxBodyBytes;
  private final Duration requestTimeout;
  private final Duration connectTimeout;
  private final int threads;
  private final int acceptBacklog;
  private final Duration headerTimeout;
  private final Duration idleTimeout;
  private final int maxConnections;
  private final int maxConnectionsPerAddress;
  private final int maxHeaderBytes;
  private final Optional<RestTls> tls;

  private RestOptions(Builder b) {
    this.adminToken = Optional.ofNullable(b.adminToken);
    this.blockProduction = Optional.ofNullable(b.blockProduction);
    this.siblings = List.copyOf(b.siblings);
    this.meterRegistry = Optional.ofNullable(b.meterRegistry);
    this.clock = b.clock;
    this.health = b.health;
    this.maxBodyBytes = b.maxBodyBytes;
    this.requestTimeout = b.requestTimeout;
    this.connectTimeout = b.connectTimeout;
    this.threads = b.threads;
    this.acceptBacklog = b.acceptBacklog;
    this.headerTimeout = b.headerTimeout;
    this.idleTimeout = b.idleTimeout;
    this.maxConnections = b.maxConnections;
    this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
    this.maxHeaderBytes = b.maxHeaderBytes;
    this.tls = Optional.ofNullable(b.tls);
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The admin token; without one every admin endpoint answers 403. */
  public Optional<ApiToken> adminToken() {
    return adminToken;
  }

  /** The switch for block production, if the node produces blocks. */
  public Optional<BlockProductionControl> blockProduction() {
    return blockProduction;
  }

  /** REST base URLs of the other nodes of a local testnet, for the dashboard's peer graph. */
  public List<URI> siblings() {
    return siblings;
  }

  /** The registry {@code /metrics} scrapes; the server creates one when absent. */
  public Optional<PrometheusMeterRegistry> meterRegistry() {
    return meterRegistry;
  }

  /** The clock for health and block arrival times (the node's clock). */
  public InstantSource clock() {
    return clock;
  }

  /** The health thresholds. */
  public HealthConfig health() {
    return health;
  }

  /** The largest request body accepted; larger ones get 413. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** How long one request may take before its connection is closed. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** How long the admin connect endpoint waits for the peer handshake. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Worker threads serving requests. */
  public int threads() {
    return threads;
  }

  /**
   * Connections the kernel holds before the server accepts them (the listen backlog); beyond it
   * new connections are refused. They wait there while {@link #maxConnections()} are open.
   */
  public int acceptBacklog() {
    return acceptBacklog;
  }

  /**
   * How long a connection has to deliver a request's complete headers, counted from the
   * connection's opening (TLS handshake included) or from its previous response; then it is
   * closed. Also the longest an idle keep-alive connection stays open.
   */
  public Duration headerTimeout() {
    return headerTimeout;
  }

  /** How long a connection may make no read or write progress before it is closed. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** Open connections in total; at the limit the server stops accepting until one closes. */
  public int maxConnections() {
    return maxConnections;
  }

  /** Open connections from one client IP address; more are closed as soon as accepted. */
  public int maxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  /** The largest request line plus headers; a longer URL gets 414, longer headers 431. */
  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /** The certificate and key to serve HTTPS with; plain HTTP when absent. */
  public Optional<RestTls> tls() {
    return tls;
  }

  /** Builds {@link RestOptions}. Not thread-safe. */
  public static final class Builder {
    private ApiToken adminToken;
    private BlockProductionControl blockProduction;
    private List<URI> siblings = List.of();
    private PrometheusMeterRegistry meterRegistry;
    private InstantSource clock = InstantSource.system();
    private HealthConfig health = HealthConfig.defaults();
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int threads = DEFAULT_THREADS;
    private int acceptBacklog = DEFAULT_ACCEPT_BACKLOG;
    private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
    private RestTls tls;

    private Builder() {}

    /** The token admin requests must present (default none: admin endpoints refuse all). */
    public Builder adminToken(ApiToken value) {
      this.adminToken = requireNonNull(value, "adminToken");
      return this;
    }

    /** The block production switch (default none: the endpoint answers 409). */
    public Builder blockProduction(BlockProductionControl value) {
      this.blockProduction = requireNonNull(value, "blockProduction");
      return this;
    }

    /** REST base URLs (such as {@code http://127.0.0.1:8081}) of sibling testnet nodes. */
    public Builder siblings(List<URI> value) {
      this.siblings = List.copyOf(value);
      return this;
    }

    /** The registry to scrape; share it with {@code NodeBuilder.meterRegistry}. */
    public Builder meterRegistry(PrometheusMeterRegistry value) {
      this.meterRegistry = requireNonNull(value, "meterRegistry");
      return this;
    }

    /** The clock (default the system clock); give the node's. */
    public Builder clock(InstantSource value) {
      this.clock = requireNonNull(value, "clock");
      return this;
    }

    /** The health thresholds (default {@link HealthConfig#defaults()}). */
    public Builder health(HealthConfig value) {
      this.health = requireNonNull(value, "health");
      return this;
    }

    /** The largest request body (default {@value #DEFAULT_MAX_BODY_BYTES} bytes). */
    public Builder maxBodyBytes(int value) {
      checkArgument(value > 0, "maxBodyBytes must be positive: %s", value);
      this.maxBodyBytes = value;
      return this;
    }

    /** The time limit of one request (default 10 s). */
    public Builder requestTimeout(Duration value) {
      checkArgument(value.toMillis() > 0, "requestTimeout must be positive: %s", value);
      this.requestTimeout = value;
      return this;
    }

    /** How long the admin connect endpoint waits for a handshake (default 5 s). */
    public Builder connectTimeout(Duration value) {
      checkArgument(value.toMillis() > 0, "connectTimeout must be positive: %s", value);
      this.connectTimeout = value;
      return this;
    }

    /** Worker threads (default {@value #DEFAULT_THREADS}). */
    public Builder threads(int value) {
      checkArgument(value > 0, "threads must be positive: %s", value);
      this.threads = value;
      return this;
    }

    /** The listen backlog (default {@value #DEFAULT_ACCEPT_BACKLOG}). */
    public Builder acceptBacklog(int value) {
      checkArgument(value > 0, "acceptBacklog must be positive: %s", value);
      this.acceptBacklog = value;
      return this;
    }

    /** The time to deliver a request's headers (default 10 s). */
    public Builder headerTimeout(Duration value) {
      checkArgument(value.toMillis() > 0, "headerTimeout must be positive: %s", value);
      this.headerTimeout = value;
      return this;
    }

    /** The time a connection may make no progress (default 30 s). */
    public Builder idleTimeout(Duration value) {
      checkArgument(value.toMillis() > 0, "idleTimeout must be positive: %s", value);
      this.idleTimeout = value;
      return this;
    }

    /** Open connections in total (default {@value #DEFAULT_MAX_CONNECTIONS}). */
    public Builder maxConnections(int value) {
      checkArgument(value > 0, "maxConnections must be positive: %s", value);
      this.maxConnections = value;
      return this;
    }

    /** Open connections per client IP (default {@value #DEFAULT_MAX_CONNECTIONS_PER_ADDRESS}). */
    public Builder maxConnectionsPerAddress(int value) {
      checkArgument(value > 0, "maxConnectionsPerAddress must be positive: %s", value);
      this.maxConnectionsPerAddress = value;
      return this;
    }

    /** The largest request line plus headers (default {@value #DEFAULT_MAX_HEADER_BYTES}). */
    public Builder maxHeaderBytes(int value) {
      checkArgument(value >= 1024, "maxHeaderBytes must be at least 1024: %s", value);
      this.maxHeaderBytes = value;
      return this;
    }

    /** Serve HTTPS with this certificate and key (default plain HTTP). */
    public Builder tls(RestTls value) {
      this.tls = requireNonNull(value, "tls");
      return this;
    }

    /** Returns the options. */
    public RestOptions build() {
      return new RestOptions(this);
    }
  }
}
