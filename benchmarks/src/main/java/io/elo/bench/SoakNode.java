package io.elo.bench;

import io.elo.node.Node;
import io.elo.p2p.NetGroups;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One soak node: a {@link Node} with its own data directory and a fixed loopback port, which can be
 * stopped and started again on the same directory (its identity, chain and mempool journal survive
 * in it). It dials its bootstrap neighbours and keeps up to three outbound peers. Every node is on
 * 127.0.0.1, a local test network, so loopback is exempt from the per-IP and per-group caps (as
 * {@code elo testnet} runs its nodes). Guarded by its own monitor: the sampler and the churn
 * thread both use it.
 */
final class SoakNode {
  private final int index;
  private final Path directory;
  private final PeerAddress address;
  private final List<PeerAddress> neighbours;
  private Node node;
  private int starts;

  SoakNode(int index, Path directory, PeerAddress address, List<PeerAddress> neighbours) {
    this.index = index;
    this.directory = directory;
    this.address = address;
    this.neighbours = List.copyOf(neighbours);
  }

  int index() {
    return index;
  }

  /** Starts the node on its directory. */
  synchronized void start() throws IOException, StoreException {
    Node n =
        Node.builder()
            .params(Funding.PARAMS)
            .dataDirectory(directory)
            .transport(
                security ->
                    TcpTransport.builder()
                        .security(security)
                        .netGroups(NetGroups.exemptingLocal())
                        .build())
            .listenAddress(address)
            .bootstrap(neighbours)
            .network(net -> net.netGroups(NetGroups.exemptingLocal()))
            .peerManager(
                pm ->
                    pm.outboundTarget(3)
                        .discovery(false)
                        .peerExchange(false)
                        .connectInterval(Duration.ofMillis(500)))
            .build();
    try {
      n.start();
    } catch (IOException | RuntimeException e) {
      n.close();
      throw e;
    }
    node = n;
    starts++;
  }

  /** Closes the node (a graceful shutdown: what SIGTERM does to {@code elo node}). */
  synchronized void stop() {
    if (node != null) {
      node.close();
      node = null;
    }
  }

  /** The running node, or null while stopped. */
  synchronized Node node() {
    return node;
  }

  /** Height and peer count now; height -1 while stopped. */
  synchronized long[] sample() {
    if (node == null) {
      return new long[] {-1, 0};
    }
    return new long[] {node.tip().height().value(), node.peers().size()};
  }

  /** Where the node's block sync stands, for the log when it falls behind. */
  synchronized String detail() {
    if (node == null) {
      return "stopped";
    }
    var sync = node.syncStatus();
    var compact = node.compactBlockStats();
    return String.format(
        "best header %d, %d blocks in flight, %d queued; compact blocks %d received, %d rebuilt,"
            + " %d needed BlockTxn, %d fell back",
        sync.bestHeaderHeight().value(), sync.blocksInFlight(), sync.blocksQueued(),
        compact.received(), compact.reconstructed(), compact.neededBlockTxn(), compact.fellBack());
  }

  synchronized int starts() {
    return starts;
  }
}
