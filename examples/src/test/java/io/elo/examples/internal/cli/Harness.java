package io.elo.examples.internal.cli;

import io.elo.crypto.KeyFiles;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The multi-host harness the {@code *HarnessIT}s run on: N {@code elo node} processes of one
 * proof-of-authority chain (every node a signer), each on its own address, with links that can be
 * cut and nodes that can be SIGKILLed and restarted. Two implementations: {@link NetnsHarness}
 * (root: network namespaces, deployed with scripts/deploy-testnet.sh, cut with blackhole routes)
 * and {@link ProxyHarness} (rootless: 127.0.0.x addresses, every link through an in-JVM {@code
 * TcpProxy}). {@link #create} picks netns when it works, unless {@code -Delo.harness=proxy}.
 */
interface Harness extends AutoCloseable {
  /** "netns" or "proxy". */
  String kind();

  /** Number of nodes. */
  int size();

  /** Node {@code i}'s data directory (its node.key is written before the first start). */
  Path dataDirectory(int i);

  /** Starts node {@code i} (again) with these options after the chain and address options. */
  void start(int i, List<String> extra) throws Exception;

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
   * Makes a harness for {@code n} signer nodes with {@code spacingSeconds} block spacing: netns
   * when {@code scripts/netns-testnet.sh check} passes and {@code elo.harness} is not "proxy"
   * ("netns" makes the fallback an error), the proxy otherwise. Prints which and why.
   */
  static Harness create(Path dir, int n, int spacingSeconds) throws Exception {
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
    List<String> chain =
        List.of("--network", "poa", "--signers", String.join(",", signers), "--spacing",
            spacingSeconds + "s");
    if (!wanted.equals("proxy")) {
      String why = NetnsHarness.check();
      if (why.isEmpty()) {
        System.out.println("harness: netns (network namespaces, scripts/netns-testnet.sh)");
        return NetnsHarness.up(dir, dirs, signers, spacingSeconds);
      }
      if (wanted.equals("netns")) {
        throw new IllegalStateException("-Delo.harness=netns but netns does not work: " + why);
      }
      System.out.println("harness: FALLBACK to the in-JVM TCP proxy on 127.0.0.x: " + why);
    } else {
      System.out.println("harness: proxy (in-JVM TCP proxy on 127.0.0.x, -Delo.harness=proxy)");
    }
    return ProxyHarness.start(dir, dirs, chain);
  }
}
