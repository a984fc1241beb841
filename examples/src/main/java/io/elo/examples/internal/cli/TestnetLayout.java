package io.elo.examples.internal.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.elo.consensus.ChainParams;
import io.elo.crypto.KeyFiles;
import io.elo.crypto.KeyPair;
import io.elo.crypto.PublicKey;
import io.elo.crypto.SignatureScheme;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A local testnet's fixed description, {@code <data>/testnet.json}, written on the first run so
 * later runs resume the same network: consensus, spacing, miners, ports, the nodes' public keys
 * (the PoA signers) and the generator's wallet keys (one per node; each node's block rewards go to
 * its wallet). Node {@code i} keeps its data in {@code <data>/node-<i>/}, its key in {@code
 * node.key} there.
 */
final class TestnetLayout {
  static final String FILE = "testnet.json";
  private static final int VERSION = 1;

  /** One node of the layout. */
  static final class NodeEntry {
    int p2pPort;
    int restPort;
    String nodePublicKey;
    boolean producer;
    String walletScheme;
    String walletPrivateKey;
  }

  int version = VERSION;
  String consensus;
  long spacingSeconds;
  List<NodeEntry> nodes = new ArrayList<>();

  /** The consensus kind: "pow" or "poa". */
  String consensus() {
    return consensus;
  }

  int size() {
    return nodes.size();
  }

  Path nodeDirectory(Path data, int i) {
    return data.resolve("node-" + i);
  }

  /** The chain of this testnet: devnet for pow, a PoA chain of every node's key for poa. */
  ChainParams params() {
    if (consensus.equals("pow")) {
      return ChainParams.devnet();
    }
    List<PublicKey> signers = new ArrayList<>();
    for (NodeEntry n : nodes) {
      signers.add(ChainOptions.publicKey(n.nodePublicKey));
    }
    return ChainParams.proofOfAuthority(signers, Duration.ofSeconds(spacingSeconds));
  }

  KeyPair wallet(int i) {
    NodeEntry n = nodes.get(i);
    SignatureScheme scheme =
        SignatureSchemes.all().stream()
            .filter(s -> s.name().equals(n.walletScheme))
            .findFirst()
            .orElseThrow(() -> new UserException("testnet.json: unknown scheme " + n.walletScheme));
    return KeyPair.fromPrivateKey(
        scheme.decodePrivateKey(HexFormat.of().parseHex(n.walletPrivateKey)));
  }

  Address walletAddress(int i) {
    return Address.fromPublicKey(wallet(i).publicKey());
  }

  /**
   * Creates a layout of {@code count} nodes, writes every node's {@code node.key} and then
   * {@code testnet.json}.
   */
  static TestnetLayout create(
      Path data,
      int count,
      String consensus,
      Duration spacing,
      int producers,
      List<Integer> ports,
      SecureRandom random)
      throws IOException {
    TestnetLayout layout = new TestnetLayout();
    layout.consensus = consensus;
    layout.spacingSeconds = spacing.getSeconds();
    for (int i = 0; i < count; i++) {
      Path dir = layout.nodeDirectory(data, i);
      Files.createDirectories(dir);
      KeyPair nodeKey = SignatureSchemes.ED25519.generateKeyPair(random);
      KeyFiles.write(dir.resolve("node.key"), nodeKey.privateKey());
      KeyPair wallet = SignatureSchemes.ED25519.generateKeyPair(random);
      NodeEntry n = new NodeEntry();
      n.p2pPort = ports.get(2 * i);
      n.restPort = ports.get(2 * i + 1);
      n.nodePublicKey = nodeKey.publicKey().toHex();
      n.producer = consensus.equals("poa") || i < producers;
      n.walletScheme = wallet.privateKey().scheme().name();
      n.walletPrivateKey = HexFormat.of().formatHex(wallet.privateKey().toBytes());
      layout.nodes.add(n);
    }
    layout.write(data.resolve(FILE));
    return layout;
  }

  /** Reads {@code file}; a {@link UserException} if it is not a testnet description. */
  static TestnetLayout read(Path file) throws IOException {
    TestnetLayout layout;
    try {
      layout = gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), TestnetLayout.class);
    } catch (JsonParseException e) {
      throw new UserException(file + " is not a testnet description: " + e.getMessage(), e);
    }
    if (layout == null
        || layout.version != VERSION
        || layout.nodes == null
        || layout.nodes.isEmpty()
        || !(("pow".equals(layout.consensus)) || "poa".equals(layout.consensus))) {
      throw new UserException(file + " is not a version " + VERSION + " testnet description");
    }
    return layout;
  }

  private void write(Path file) throws IOException {
    Path temp = file.resolveSibling(FILE + ".tmp");
    Files.writeString(temp, gson().toJson(this), StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static Gson gson() {
    return new GsonBuilder().setPrettyPrinting().create();
  }
}
