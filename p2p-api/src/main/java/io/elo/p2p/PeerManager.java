package io.elo.p2p;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps a {@link PeerNetwork} well connected: the address book, Kademlia discovery, peer exchange,
 * the outbound target (one peer per net group), feeler connections, static peers with backoff, and
 * inbound limits with Bitcoin-style eviction. Built with {@link #builder(PeerNetwork)}, which
 * attaches it to the network (build it before the network starts accepting connections, start it
 * after the network started). docs/p2p.md lists every constant.
 *
 * <p>All methods are thread-safe and non-blocking except {@link #saveAddressBook}, which writes a
 * file. Time, scheduling and randomness are the network's, so a manager runs unchanged on {@code
 * SimulatedNetwork}'s virtual time.
 */
public interface PeerManager extends AutoCloseable {
  /**
   * Returns a builder for a manager of {@code network} (built by {@link PeerNetwork#builder()}).
   */
  static PeerManagerBuilder builder(PeerNetwork network) {
    return new PeerManagerBuilder(network);
  }

  /**
   * Loads the address book file (if configured), bootstraps discovery and starts the connection
   * loop.
   *
   * @throws IOException if the address book file exists but cannot be read
   * @throws IllegalStateException if already started or closed, or the network is not started
   */
  void start() throws IOException;

  /** Stops the loops and discovery and saves the address book; leaves the network running. */
  @Override
  void close();

  /** Adds an address to the address book, as if configured (source: this node). */
  void addAddress(PeerAddress address);

  /** How many addresses the address book holds. */
  int knownAddresses();

  /** How many outbound peers the manager keeps now (static peers and feelers excluded). */
  int outboundPeers();

  /** The outbound target. */
  int outboundTarget();

  /** The nodes in the discovery routing table (empty if discovery is off). */
  List<DiscoveredNode> routingTable();

  /**
   * Runs a Kademlia lookup: completes with up to 16 live nodes closest to {@code target}, closest
   * first (empty if discovery is off).
   */
  CompletableFuture<List<DiscoveredNode>> lookup(NodeId target);

  /**
   * Records that {@code peer} just relayed something new and valid (a block, a transaction):
   * recently useful inbound peers are protected from eviction. Protocols call this.
   */
  void markUseful(Peer peer);

  /**
   * Writes the address book file now (atomically); does nothing without a file.
   *
   * @throws IOException if the file cannot be written
   */
  void saveAddressBook() throws IOException;
}
