package io.elo.p2p;

import io.elo.crypto.Hash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Shared fixture (test-jar): peer networks on a {@link SimulatedNetwork}, all on its virtual
 * scheduler, each on its own host listening on port {@value #PORT}.
 */
public final class TestNodes {
  /** The network id of test nodes. */
  public static final int NETWORK_ID = 7;
  /** The genesis hash of test nodes. */
  public static final Hash GENESIS = Hash.sha256("elo-test-genesis".getBytes(StandardCharsets.UTF_8));
  /** The port every test node listens on. */
  public static final int PORT = 9000;

  private TestNodes() {}

  /** A builder for a node on a new host of {@code sim}, with every required setting. */
  public static PeerNetworkBuilder builder(SimulatedNetwork sim) {
    return builder(sim, sim.newHost());
  }

  /** A builder for a node on {@code host}. */
  public static PeerNetworkBuilder builder(SimulatedNetwork sim, InetAddress host) {
    return PeerNetwork.builder()
        .transport(sim.newTransport(host))
        .identity(sim.newIdentity())
        .networkId(NETWORK_ID)
        .genesisHash(GENESIS)
        .clock(sim.scheduler())
        .scheduler(sim.scheduler())
        .random(sim.newRandom())
        .listenAddress(new PeerAddress(host, PORT));
  }

  /** Builds and starts. */
  public static PeerNetwork start(PeerNetworkBuilder builder) {
    return start(builder.build());
  }

  /** Starts {@code network} and returns it. */
  public static PeerNetwork start(PeerNetwork network) {
    try {
      network.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return network;
  }

  /** A started default node on a new host. */
  public static PeerNetwork start(SimulatedNetwork sim) {
    return start(builder(sim));
  }

  /** Runs the simulation until {@code future} completes (at most a minute of virtual time). */
  public static <T> CompletableFuture<T> await(SimulatedNetwork sim, CompletableFuture<T> future) {
    sim.scheduler().runUntil(future::isDone, Duration.ofMinutes(1));
    return future;
  }

  /** Connects {@code from} to {@code to} and returns {@code from}'s peer, or throws the failure. */
  public static Peer connect(SimulatedNetwork sim, PeerNetwork from, PeerNetwork to)
      throws ExecutionException, InterruptedException {
    CompletableFuture<Peer> future = await(sim, from.connect(to.listenAddress().orElseThrow()));
    Peer peer = future.get();
    // Let the other side see the handshake finish too.
    sim.scheduler().runFor(Duration.ofSeconds(1));
    return peer;
  }

  /** The failure reason of a connect future that failed. */
  public static DisconnectReason failureReason(CompletableFuture<Peer> future) {
    try {
      future.get();
      throw new AssertionError("connection succeeded");
    } catch (ExecutionException e) {
      return ((PeerConnectException) e.getCause()).reason();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
