package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link PeerManager} for a network. Everything has a default (docs/p2p.md, "Peer
 * manager"). Not thread-safe; {@link #build} attaches the manager to the network and may be called
 * once.
 */
public final class PeerManagerBuilder {
  /** Default outbound target. */
  public static final int DEFAULT_OUTBOUND_TARGET = 8;

  /** Default maximum of inbound peers. */
  public static final int DEFAULT_MAX_INBOUND = 117;

  /** Default maximum of inbound peers from one IP. */
  public static final int DEFAULT_MAX_INBOUND_PER_IP = 4;

  /** Default maximum of inbound peers from one net group. */
  public static final int DEFAULT_MAX_INBOUND_PER_NET_GROUP = 10;

  /** Default interval of the connection loop. */
  public static final Duration DEFAULT_CONNECT_INTERVAL = Duration.ofMillis(500);

  /** Default mean interval between feeler connections. */
  public static final Duration DEFAULT_FEELER_INTERVAL = Duration.ofMinutes(2);

  /** Default interval between address book saves. */
  public static final Duration DEFAULT_SAVE_INTERVAL = Duration.ofMinutes(15);

  private final PeerNetwork network;
  private int outboundTarget = DEFAULT_OUTBOUND_TARGET;
  private int maxInbound = DEFAULT_MAX_INBOUND;
  private int maxPerIp = DEFAULT_MAX_INBOUND_PER_IP;
  private int maxPerNetGroup = DEFAULT_MAX_INBOUND_PER_NET_GROUP;
  private NetGroups netGroups;
  private final List<PeerAddress> bootstrap = new ArrayList<>();
  private Path addressBookFile;
  private boolean discovery = true;
  private boolean peerExchange = true;
  private Duration connectInterval = DEFAULT_CONNECT_INTERVAL;
  private Duration feelerInterval = DEFAULT_FEELER_INTERVAL;
  private boolean built;

  PeerManagerBuilder(PeerNetwork network) {
    checkArgument(
        network instanceof DefaultPeerNetwork, "the network must come from PeerNetwork.builder()");
    this.network = network;
  }

  /** Outbound peers to keep (default {@value #DEFAULT_OUTBOUND_TARGET}). */
  public PeerManagerBuilder outboundTarget(int value) {
    checkArgument(value >= 0, "negative target");
    this.outboundTarget = value;
    return this;
  }

  /** Most inbound peers (default {@value #DEFAULT_MAX_INBOUND}); replaces the network's limit. */
  public PeerManagerBuilder maxInboundPeers(int value) {
    checkArgument(value >= 0, "negative limit");
    this.maxInbound = value;
    return this;
  }

  /** Most inbound peers from one IP (default {@value #DEFAULT_MAX_INBOUND_PER_IP}). */
  public PeerManagerBuilder maxInboundPerIp(int value) {
    checkArgument(value >= 1, "at least one per IP");
    this.maxPerIp = value;
    return this;
  }

  /**
   * Most inbound peers from one net group (default {@value #DEFAULT_MAX_INBOUND_PER_NET_GROUP}).
   */
  public PeerManagerBuilder maxInboundPerNetGroup(int value) {
    checkArgument(value >= 1, "at least one per net group");
    this.maxPerNetGroup = value;
    return this;
  }

  /**
   * The net group function (default: the network's, {@link PeerNetworkBuilder#netGroups}, which is
   * {@link NetGroups#standard()} unless set there).
   */
  public PeerManagerBuilder netGroups(NetGroups value) {
    this.netGroups = checkNotNull(value);
    return this;
  }

  /** Adds a bootstrap address: put in the address book and pinged by discovery at start. */
  public PeerManagerBuilder bootstrap(PeerAddress value) {
    bootstrap.add(checkNotNull(value));
    return this;
  }

  /** Persists the address book to this file (loaded at start, saved periodically and at close). */
  public PeerManagerBuilder addressBookFile(Path value) {
    this.addressBookFile = checkNotNull(value);
    return this;
  }

  /** Whether to run Kademlia discovery (default true). */
  public PeerManagerBuilder discovery(boolean value) {
    this.discovery = value;
    return this;
  }

  /** Whether to run peer exchange, protocol {@code elo-addr/1} (default true). */
  public PeerManagerBuilder peerExchange(boolean value) {
    this.peerExchange = value;
    return this;
  }

  /** Interval of the connection loop (default 500 ms). */
  public PeerManagerBuilder connectInterval(Duration value) {
    this.connectInterval = positive(value);
    return this;
  }

  /** Mean interval between feeler connections (default 2 min). */
  public PeerManagerBuilder feelerInterval(Duration value) {
    this.feelerInterval = positive(value);
    return this;
  }

  /**
   * Builds the manager and attaches it to the network (its inbound router and admission policy).
   *
   * @throws IllegalStateException if called twice
   */
  public PeerManager build() {
    checkState(!built, "already built");
    built = true;
    return new DefaultPeerManager(
        (DefaultPeerNetwork) network,
        new PeerManagerConfig(
            outboundTarget,
            maxInbound,
            maxPerIp,
            maxPerNetGroup,
            netGroups != null ? netGroups : ((DefaultPeerNetwork) network).config().netGroups(),
            List.copyOf(bootstrap),
            Optional.ofNullable(addressBookFile),
            discovery,
            peerExchange,
            connectInterval,
            feelerInterval,
            DEFAULT_SAVE_INTERVAL));
  }

  private static Duration positive(Duration value) {
    checkArgument(!value.isNegative() && !value.isZero(), "duration must be positive: %s", value);
    return value;
  }
}
