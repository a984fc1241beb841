package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The {@link Transport} of one simulated host; see {@link SimulatedNetwork}. */
final class SimulatedTransport implements Transport {
  private final SimulatedNetwork network;
  private final InetAddress host;
  private final int maxFrameSize;
  // Guarded by the network lock.
  private final Set<SimulatedEndpoint> endpoints = new LinkedHashSet<>();
  private PeerAddress listenAddress;
  private ConnectionHandler inboundHandler;
  private boolean closed;

  SimulatedTransport(SimulatedNetwork network, InetAddress host, int maxFrameSize) {
    this.network = network;
    this.host = host;
    this.maxFrameSize = maxFrameSize;
  }

  int maxFrameSize() {
    return maxFrameSize;
  }

  InetAddress host() {
    return host;
  }

  @Override
  public void listen(PeerAddress bind, ConnectionHandler inbound) throws IOException {
    checkNotNull(inbound);
    checkArgument(
        bind.ip().equals(host) || bind.ip().isAnyLocalAddress(),
        "host %s cannot bind %s",
        host,
        bind);
    synchronized (network) {
      checkState(!closed && listenAddress == null, "already listening or closed");
      listenAddress = network.bind(this, bind.port());
      inboundHandler = inbound;
    }
  }

  @Override
  public CompletableFuture<Connection> dial(PeerAddress remote, Duration timeout) {
    checkNotNull(remote);
    checkArgument(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
    synchronized (network) {
      if (closed) {
        return CompletableFuture.failedFuture(new IOException("transport closed"));
      }
    }
    return network.dial(this, remote, timeout);
  }

  @Override
  public Optional<PeerAddress> listenAddress() {
    synchronized (network) {
      return Optional.ofNullable(listenAddress);
    }
  }

  @Override
  public void close() {
    List<SimulatedEndpoint> open;
    synchronized (network) {
      if (closed) {
        return;
      }
      closed = true;
      network.unbind(this);
      open = new ArrayList<>(endpoints);
    }
    for (SimulatedEndpoint endpoint : open) {
      endpoint.close(DisconnectReason.SHUTDOWN);
    }
  }

  /** The handler for inbound connections, or null if not listening. Network lock held. */
  ConnectionHandler inboundHandler() {
    return closed ? null : inboundHandler;
  }

  /** Records a new endpoint. Network lock held. */
  void adopt(SimulatedEndpoint endpoint) {
    endpoints.add(endpoint);
  }

  /** Forgets an endpoint whose close was reported. */
  void forget(SimulatedEndpoint endpoint) {
    synchronized (network) {
      endpoints.remove(endpoint);
    }
  }

  /** Marks the transport crashed and returns its endpoints. Network lock held. */
  List<SimulatedEndpoint> crash() {
    closed = true;
    List<SimulatedEndpoint> all = new ArrayList<>(endpoints);
    endpoints.clear();
    return all;
  }

  boolean isClosed() {
    return closed;
  }
}
