package io.elo.examples.internal.cli;

import io.elo.crypto.KeyFiles;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The multi-host harness the {@code *HarnessIT}s run on: N {@code elo node} processes of one chain
 * (every node producing blocks: PoA signers sealing, or devnet miners), each on its own address,
 * with links that can be cut and nodes that can be SIGKILLed and restarted. Two implementations:
 * {@link NetnsHarness} (root: network namespaces, deployed with scripts/deploy-testnet.sh, cut with
 * blackhole routes) and {@link ProxyHarness} (rootless: 127.0.0.x addresses, every link through an
 * in-JVM {@code TcpProxy}). {@link #create} picks netns when it works, unless {@code
 * -Delo.harness=proxy}.
 */
interface Harness extends AutoCloseable {
  /**
   * The chain the nodes run and how they produce blocks.
   *
   * @param poa proof of authority (every node a signer, sealing) or else the PoW devnet (every
   *     node mining)
   * @param spacingSeconds PoA block spacing (devnet: its own 5 s)
   * @param miningThreads devnet mining threads per node
   */
  record Chain(boolean poa, int spacingSeconds, int miningThreads) {
    /** Every node a PoA signer, sealing one block per {@code spacingSeconds}. */
    static Chain poa(int spacingSeconds) {
      return new Chain(true, spacingSeconds, 0);
    }

    /** The devnet, every node mining with {@code threads} threads. */
    static Chain devnet(int threads) {
      return new Chain(false, 5, threads);
    }

    /** The Bech32m prefix of the chain's addresses. */
    String addressPrefix() {
      return poa ? "elop" : "elod";
    }

    /** The node options that produce blocks, after the reward: --seal, or --mine --threads. */
    List<String> produceOptions() {
      return poa ? List.of("--seal") : List.of("--mine", "--threads", "" + miningThreads);
    }
  }

  /**
   * The node JVMs' options: the usual heap, and for post-mortems the mempool's debug log (a line
   * per rebuild after a reorganisation, with what it put back and dropped) and every penalty the
   * chain protocol gives a peer.
   */
  List<String> NODE_JVM_OPTIONS =
      List.of(
          "-Xmx384m",
          "-Dorg.slf4j.simpleLogger.log.io.elo.mempool=debug",
          "-Dorg.slf4j.simpleLogger.log.io.elo.sync.Outbox=debug");

  /** "netns" or "proxy". */
  String kind();

  /** Number of nodes. */
  int size();

  /** The chain the nodes run. */
  Chain chain();

  /** Node {@code i}'s data directory (its node.key is written before the first start). */
  Path dataDirectory(int i);

  /**
   * Starts node {@code i} (again), producing blocks paid to {@code reward}, with these options
   * after the chain, address and production options.
   */
  void start(int i, Address reward, List<String> extra) throws Exception;

  /** Node {@code i}'s REST API. */
  RestClient rest(int i);

  /** Cuts every link between nodes {@code i} and {@code j}. */
  void cut(int i, int j) throws Exception;

  /** Restores every cut link. */
  void restoreAll() throws Exception;

  /** Stops node {@code i} cleanly (SIGTERM) and waits for it. */
  void stop(int i) throws Exception;

  /** SIGKILLs node {@code i} and waits for it to be gone. */
  void kill(int i) throws Exception;

  /** Node {@code i}'s log so far. */
  String log(int i) throws IOException;

  /**
   * A fresh working directory for a scenario, {@code target/harness/<name>}: node data and logs
   * stay there after the run for a post-mortem (the next run of the scenario replaces them).
   */
  static Path workDirectory(String name) throws IOException {
    Path dir = Path.of("target", "harness", name).toAbsolutePath();
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  /**
   * Makes a harness for {@code n} nodes of {@code chain}: netns when {@code
   * scripts/netns-testnet.sh check} passes and {@code elo.harness} is not "proxy" ("netns" makes
   * the fallback an error), the proxy otherwise. Prints which and why.
   */
  static Harness create(Path dir, int n, Chain chain) throws Exception {
    String wanted = System.getProperty("elo.harness", "auto");
    List<String> signers = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path d = dir.resolve("n" + (i + 1));
      Files.createDirectories(d);
      KeyPair key = SignatureSchemes.ED25519.generateKeyPair(random);
      KeyFiles.write(d.resolve("node.key"), key.privateKey());
      signers.add(key.publicKey().toHex());
      dirs.add(d);
    }
    String what = chain.poa()
        ? n + " PoA signers, " + chain.spacingSeconds() + " s spacing"
        : n + " devnet miners, " + chain.miningThreads() + " thread(s) each";
    if (!wanted.equals("proxy")) {
      String why = NetnsHarness.check();
      if (why.isEmpty()) {
        System.out.println(
            "harness: netns (network namespaces, scripts/netns-testnet.sh); " + what);
        return NetnsHarness.up(dir, dirs, signers, chain);
      }
      if (wanted.equals("netns")) {
        throw new IllegalStateException("-Delo.harness=netns but netns does not work: " + why);
      }
      System.out.println("harness: FALLBACK to the in-JVM TCP proxy on 127.0.0.x: " + why + "; "
          + what);
    } else {
      System.out.println(
          "harness: proxy (in-JVM TCP proxy on 127.0.0.x, -Delo.harness=proxy); " + what);
    }
    List<String> chainOptions = chain.poa()
        ? List.of("--network", "poa", "--signers", String.join(",", signers), "--spacing",
            chain.spacingSeconds() + "s")
        : List.of("--network", "devnet");
    return ProxyHarness.start(dir, dirs, chain, chainOptions);
  }
}
