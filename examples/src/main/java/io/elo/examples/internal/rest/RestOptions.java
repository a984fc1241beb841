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

  /** Default {@link Builder#queuedRequests}. */
  public static final int DEFAULT_QUEUED_REQUESTS = 64;

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
  private final int queuedRequests;

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
    this.queuedRequests = b.queuedRequests;
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

  /** Requests waiting for a worker before the acceptor serves them itself (back-pressure). */
  public int queuedRequests() {
    return queuedRequests;
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
    private int queuedRequests = DEFAULT_QUEUED_REQUESTS;

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

    /** Requests queued for a worker (default {@value #DEFAULT_QUEUED_REQUESTS}). */
    public Builder queuedRequests(int value) {
      checkArgument(value > 0, "queuedRequests must be positive: %s", value);
      this.queuedRequests = value;
      return this;
    }

    /** Returns the options. */
    public RestOptions build() {
      return new RestOptions(this);
    }
  }
}
