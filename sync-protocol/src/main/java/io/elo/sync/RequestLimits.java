package io.elo.sync;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The per-peer {@link RequestLimit} of every {@link RequestKind}, immutable; part of {@link
 * SyncConfig}. {@link #defaults()} gives the budgets docs/protocol.md ("Request limits") derives
 * from a measured initial sync and the CPU a request costs; {@link #with} and {@link #scaled}
 * change them (benchmarks raise them).
 */
public final class RequestLimits {
  private static final double MIB = 1 << 20;
  private static final Duration BURST = Duration.ofSeconds(2);
  private static final RequestLimits DEFAULTS =
      new RequestLimits(
          Map.of(
              RequestKind.GET_HEADERS, RequestLimit.of(100, 100, 16 * MIB, BURST),
              RequestKind.GET_BLOCKS, RequestLimit.of(10_000, 10_000, 16 * MIB, BURST),
              RequestKind.GET_BLOCK_TXN, RequestLimit.of(50, 100_000, 16 * MIB, BURST),
              RequestKind.GET_TX, RequestLimit.of(1_000, 10_000, 16 * MIB, BURST)));

  private final Map<RequestKind, RequestLimit> limits;

  private RequestLimits(Map<RequestKind, RequestLimit> limits) {
    this.limits = new EnumMap<>(limits);
  }

  /**
   * The defaults, per peer, each with a 2-second burst: {@code GetHeaders} 100 messages/s; {@code
   * GetBlocks} 10,000 messages and 10,000 hashes/s; {@code GetBlockTxn} 50 messages and 100,000
   * indexes/s; {@code GetTx} 1,000 messages and 10,000 wtxids/s; 16 MiB/s of bytes each.
   */
  public static RequestLimits defaults() {
    return DEFAULTS;
  }

  /** The limit of {@code kind}. */
  public RequestLimit limit(RequestKind kind) {
    return limits.get(requireNonNull(kind, "kind"));
  }

  /** These limits with {@code kind}'s replaced by {@code limit}. */
  public RequestLimits with(RequestKind kind, RequestLimit limit) {
    Map<RequestKind, RequestLimit> copy = new EnumMap<>(limits);
    copy.put(requireNonNull(kind, "kind"), requireNonNull(limit, "limit"));
    return new RequestLimits(copy);
  }

  /** These limits with every rate multiplied by {@code factor}. */
  public RequestLimits scaled(double factor) {
    Map<RequestKind, RequestLimit> copy = new EnumMap<>(RequestKind.class);
    limits.forEach((kind, limit) -> copy.put(kind, limit.scaled(factor)));
    return new RequestLimits(copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestLimits other && limits.equals(other.limits);
  }

  @Override
  public int hashCode() {
    return limits.hashCode();
  }

  @Override
  public String toString() {
    return "RequestLimits" + limits;
  }
}
