package io.elo.examples;

import io.elo.consensus.ChainParams;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import io.elo.model.Height;
import io.elo.node.Node;
import io.elo.node.NodeBuilder;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A custom transport through the SPI: two regtest nodes talk over {@link UnixSocketTransport} (Unix
 * domain sockets, with the node's Noise secure channel over the socket stream). The first mines,
 * the second dials it by address and syncs its chain.
 *
 * <p>The only line that differs from a TCP node is the transport factory: {@code
 * .transport(security -> UnixSocketTransport.create(directory, security))}. The node hands the
 * factory its channel security (encrypted for its identity unless told {@code plaintext()}).
 */
public final class CustomTransportExample {
  private CustomTransportExample() {}

  /** Runs two nodes over sockets in {@code args[0]} (default: a new temporary directory). */
  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("elo-unix");
    Height synced = run(dir, 5, Duration.ofMinutes(1), System.out);
    System.out.println("both nodes at height " + synced.value());
  }

  /**
   * Starts a mining node and a follower on Unix sockets in {@code socketDirectory}, mines {@code
   * blocks} blocks, and waits until the follower's tip is the miner's.
   *
   * @return the height both tips reached, or the follower's height if {@code timeout} passed first
   * @throws IOException if a transport cannot listen or the nodes cannot connect
   * @throws StoreException if a chain state cannot be opened
   * @throws InterruptedException if interrupted while waiting
   */
  public static Height run(Path socketDirectory, int blocks, Duration timeout, PrintStream out)
      throws IOException, StoreException, InterruptedException {
    SecureRandom random = new SecureRandom();
    Address reward =
        Address.fromPublicKey(SignatureSchemes.ED25519.generateKeyPair(random).publicKey());
    try (Node miner = node(socketDirectory, random).mining(reward, 1).build();
        Node follower = node(socketDirectory, random).build()) {
      miner.start();
      follower.start();
      PeerAddress minerAddress = miner.listenAddress().orElseThrow();
      out.println("miner listens on " + minerAddress + " in " + socketDirectory);
      connect(follower, minerAddress, timeout);

      Instant deadline = Instant.now().plus(timeout);
      while (miner.tip().height().value() < blocks && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
      miner.stopBlockProduction();
      while (!follower.tip().hash().equals(miner.tip().hash())
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
      out.printf(
          "miner at %d, follower at %d (%s)%n",
          miner.tip().height().value(),
          follower.tip().height().value(),
          follower.tip().hash().toHex());
      return follower.tip().height();
    }
  }

  /** A regtest node whose peers are reached through Unix sockets in {@code directory}. */
  private static NodeBuilder node(Path directory, SecureRandom random) {
    return Node.builder()
        .params(ChainParams.regtest())
        .identity(NodeIdentity.generate(random))
        .transport(security -> UnixSocketTransport.create(directory, security))
        .listenAddress(PeerAddress.of("127.0.0.1", 0));
  }

  private static void connect(Node node, PeerAddress address, Duration timeout)
      throws IOException, InterruptedException {
    try {
      node.connect(address).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot connect to " + address, e);
    }
  }
}
