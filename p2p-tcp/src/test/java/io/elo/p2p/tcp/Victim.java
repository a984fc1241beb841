package io.elo.p2p.tcp;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerManager;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.PeerNetworkBuilder;
import io.elo.p2p.PeerNetworkListener;
import io.elo.p2p.TestNodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The node under attack in the abuse ITs: a {@link PeerNetwork} over an encrypted {@link
 * TcpTransport} on 127.0.0.1, recording how each remote address's connection ended; optionally
 * with a {@link PeerManager} (discovery on, no outbound dials), as a node runs.
 */
final class Victim implements AutoCloseable {
  /** How one connection ended at the victim, and when ({@link System#nanoTime()}). */
  record Ended(DisconnectReason reason, boolean byRemote, boolean wasPeer, long atNanos) {}

  final TcpTransport transport;
  final PeerNetwork network;
  final NodeIdentity identity;
  private final PeerManager manager;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final Map<PeerAddress, Ended> ended = new ConcurrentHashMap<>();
  private final Map<PeerAddress, Long> connected = new ConcurrentHashMap<>();

  private Victim(
      UnaryOperator<TcpTransportBuilder> tcp,
      UnaryOperator<PeerNetworkBuilder> net,
      boolean withManager)
      throws IOException {
    SecureRandom random = new SecureRandom();
    identity = NodeIdentity.generate(random);
    transport =
        tcp.apply(TcpTransport.builder().security(ChannelSecurity.encrypted(identity, random)))
            .build();
    network =
        net.apply(
                PeerNetwork.builder()
                    .transport(transport)
                    .identity(identity)
                    .networkId(TestNodes.NETWORK_ID)
                    .genesisHash(TestNodes.GENESIS)
                    .clock(InstantSource.system())
                    .scheduler(scheduler)
                    .random(random)
                    .listenAddress(PeerAddress.of("127.0.0.1", 0))
                    .listener(new Recorder()))
            .build();
    manager = withManager ? PeerManager.builder(network).outboundTarget(0).build() : null;
    network.start();
    if (manager != null) {
      manager.start();
    }
  }

  /** Starts a victim with the given transport and network settings on top of the defaults. */
  static Victim start(
      UnaryOperator<TcpTransportBuilder> tcp, UnaryOperator<PeerNetworkBuilder> net)
      throws IOException {
    return new Victim(tcp, net, false);
  }

  /** Like {@link #start}, with a peer manager attached (its first-frame router included). */
  static Victim startWithPeerManager(
      UnaryOperator<TcpTransportBuilder> tcp, UnaryOperator<PeerNetworkBuilder> net)
      throws IOException {
    return new Victim(tcp, net, true);
  }

  PeerAddress address() {
    return network.listenAddress().orElseThrow();
  }

  /** The victim's record of the connection from {@code socket}, waiting up to {@code millis}. */
  Ended awaitEnded(Socket socket, long millis) throws InterruptedException {
    PeerAddress remote = remoteOf(socket);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      Ended end = ended.get(remote);
      if (end != null) {
        return end;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the victim did not end the connection from " + remote);
  }

  /** When the connection from {@code socket} became a peer ({@link System#nanoTime()}), or null. */
  Long connectedAt(Socket socket) {
    return connected.get(remoteOf(socket));
  }

  /** The victim's view of the remote address of a socket we opened to it. */
  static PeerAddress remoteOf(Socket socket) {
    InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
    return new PeerAddress(local.getAddress(), local.getPort());
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.close();
    }
    network.close();
    scheduler.shutdownNow();
  }

  private final class Recorder implements PeerNetworkListener {
    @Override
    public void onPeerConnected(Peer peer) {
      connected.put(peer.address(), System.nanoTime());
    }

    @Override
    public void onPeerDisconnected(Peer peer, DisconnectReason reason, boolean byRemote) {
      ended.put(peer.address(), new Ended(reason, byRemote, true, System.nanoTime()));
    }

    @Override
    public void onConnectionFailed(PeerAddress address, boolean outbound, DisconnectReason reason) {
      ended.putIfAbsent(address, new Ended(reason, false, false, System.nanoTime()));
    }
  }
}
