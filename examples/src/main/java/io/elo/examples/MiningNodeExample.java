package io.elo.examples;

import io.elo.consensus.ChainParams;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.node.Node;
import io.elo.node.NodeListener;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A mining node embedded in a dozen lines: regtest proof of work, its chain stored in a data
 * directory, peers reached over encrypted TCP on loopback, one mining thread paying a fresh key.
 *
 * <p>Run it with {@code java io.elo.examples.MiningNodeExample [data-directory]}; a second run on
 * the same directory continues the stored chain.
 */
public final class MiningNodeExample {
  private MiningNodeExample() {}

  /** Mines 10 blocks in {@code args[0]} (default: a new temporary directory). */
  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("elo-miner");
    Height tip = run(dir, 10, Duration.ofMinutes(1), System.out);
    System.out.println("tip at height " + tip.value() + ", chain stored in " + dir);
  }

  /**
   * Starts a mining node on {@code dataDirectory}, prints every block it connects to {@code out},
   * and closes it once it has mined {@code blocks} blocks or {@code timeout} has passed, whichever
   * comes first.
   *
   * @return the height of the tip when the node closed
   * @throws IOException if the directory is locked by another node or the transport cannot listen
   * @throws StoreException if the stored chain cannot be opened
   * @throws InterruptedException if interrupted while waiting for blocks
   */
  public static Height run(Path dataDirectory, int blocks, Duration timeout, PrintStream out)
      throws IOException, StoreException, InterruptedException {
    Address reward =
        Address.fromPublicKey(
            SignatureSchemes.ED25519.generateKeyPair(new SecureRandom()).publicKey());
    CountDownLatch mined = new CountDownLatch(blocks);
    try (Node node =
        Node.builder()
            .params(ChainParams.regtest())
            .dataDirectory(dataDirectory)
            .transport(security -> TcpTransport.builder().security(security).build())
            .listenAddress(PeerAddress.of("127.0.0.1", 0))
            .mining(reward, 1)
            .listener(printer(out, mined))
            .build()) {
      node.start();
      mined.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return node.tip().height();
    }
  }

  /** Prints each connected block and counts it down. */
  private static NodeListener printer(PrintStream out, CountDownLatch mined) {
    return new NodeListener() {
      @Override
      public void blockConnected(Block block, Height height) {
        out.printf(
            "block %d %s (%d transactions)%n",
            height.value(), block.hash().toHex(), block.transactions().size());
        mined.countDown();
      }
    };
  }
}
