package io.elo.examples.internal.cli;

import io.elo.consensus.ChainParams;
import io.elo.consensus.ConsensusKind;
import io.elo.crypto.KeyFiles;
import io.elo.crypto.PrivateKey;
import io.elo.examples.internal.rest.RestTls;
import io.elo.model.Address;
import io.elo.p2p.PeerAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code elo node}: runs one node until SIGTERM or Ctrl-C, or until a fatal error stops it (exit
 * codes 10 to 13, {@link RunningNode}).
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs one node: stores the chain in its data directory, talks to peers over encrypted TCP,"
          + " optionally mines (proof of work) or seals (proof of authority) and serves the REST"
          + " API and dashboard. Stops cleanly on Ctrl-C or SIGTERM.",
      "",
      "Example: elo node --network devnet --datadir ./n1 --listen 127.0.0.1:19445"
          + " --mine --reward <address> --rest 127.0.0.1:8080"
    })
final class NodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ChainOptions chain;

  @Option(
      names = "--datadir",
      paramLabel = "DIR",
      description = "Data directory (default: ~/.elo/<network name>).")
  Path dataDirectory;

  @Option(
      names = "--listen",
      paramLabel = "IP:PORT",
      converter = AddressConverter.class,
      description = "Where to accept peers (default: 127.0.0.1 and the network's port).")
  PeerAddress listen;

  @Option(
      names = "--advertise",
      paramLabel = "IP:PORT",
      converter = AddressConverter.class,
      description = "The address peers should dial, if not the listen address (behind NAT).")
  PeerAddress advertise;

  @Option(
      names = "--peer",
      paramLabel = "IP:PORT",
      converter = AddressConverter.class,
      description = "A static peer, kept connected (repeatable).")
  List<PeerAddress> peers = new ArrayList<>();

  @Option(
      names = "--bootstrap",
      paramLabel = "IP:PORT",
      converter = AddressConverter.class,
      description = "A bootstrap node for discovery (repeatable).")
  List<PeerAddress> bootstrap = new ArrayList<>();

  @Option(
      names = "--no-discovery",
      description =
          "Dial only --peer and --bootstrap addresses: no Kademlia discovery, no peer exchange"
              + " (for fixed topologies such as test harnesses behind proxies).")
  boolean noDiscovery;

  @Option(
      names = "--exempt-local-peers",
      description =
          "Exempt loopback, private (10/8, 172.16/12, 192.168/16) and link-local peer addresses"
              + " from the per-IP and per-/16 caps (inbound peers, pending handshakes, one"
              + " outbound peer per /16): for test networks on one machine or a LAN you trust;"
              + " 'elo testnet' sets it. Without it every address is capped.")
  boolean exemptLocalPeers;

  @Option(names = "--mine", description = "Mine (proof-of-work networks); needs --reward.")
  boolean mine;

  @Option(
      names = "--seal",
      description =
          "Seal blocks (poa): with --seal-key, or the data directory's node.key, which must be one"
              + " of --signers.")
  boolean seal;

  @Option(
      names = "--seal-key",
      paramLabel = "FILE",
      description = "The authority key file for --seal (default: <datadir>/node.key).")
  Path sealKey;

  @Option(
      names = "--reward",
      paramLabel = "ADDRESS",
      description = "Where block rewards go (for --seal default: the sealing key's address).")
  String reward;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Mining threads, 1 to 64 (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int threads = 1;

  @Option(
      names = "--wait-for-peers",
      paramLabel = "N",
      description =
          "Start mining or sealing only once N peers are connected, so a new network does not"
              + " start on separate forks (default: ${DEFAULT-VALUE}: at once).",
      defaultValue = "0")
  int waitForPeers;

  @Option(
      names = "--rest",
      paramLabel = "IP:PORT",
      converter = AddressConverter.class,
      description =
          "Serve the REST API, /metrics and the dashboard here (e.g. 127.0.0.1:8080). A"
              + " non-loopback address needs --rest-tls-cert/--rest-tls-key or"
              + " --rest-allow-insecure.")
  PeerAddress rest;

  @Option(
      names = "--rest-tls-cert",
      paramLabel = "FILE",
      description =
          "Serve REST over HTTPS with this PEM certificate chain (server certificate first);"
              + " needs --rest-tls-key.")
  Path restTlsCert;

  @Option(
      names = "--rest-tls-key",
      paramLabel = "FILE",
      description = "The PEM private key of --rest-tls-cert (unencrypted PKCS#8).")
  Path restTlsKey;

  @Option(
      names = "--rest-allow-insecure",
      description =
          "Allow plain HTTP REST on a non-loopback address (behind a TLS proxy or on a network"
              + " secured otherwise).")
  boolean restAllowInsecure;

  @Option(
      names = "--metrics",
      description = "Export the node's own meters (chain, sync, p2p) on /metrics; needs --rest.")
  boolean metrics;

  @Option(
      names = "--sibling",
      paramLabel = "URL",
      description = "REST URL of another node, for the dashboard's network graph (repeatable).")
  List<URI> siblings = new ArrayList<>();

  @Option(
      names = "--plaintext",
      description = "Do not encrypt peer links (only for networks secured otherwise).")
  boolean plaintext;

  @Option(
      names = "--progress-interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How often sync progress is logged (default: ${DEFAULT-VALUE}).",
      defaultValue = "5s")
  java.time.Duration progressInterval;

  @Option(names = "--verbose", description = "Debug logs and stack traces.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    ChainParams params = chain.params();
    NodeSettings settings = settings(params);
    try (RunningNode running = RunningNode.start(settings)) {
      return running.awaitExit();
    }
  }

  /** Checks the options against each other and the chain; usage errors as ParameterException. */
  NodeSettings settings(ChainParams params) {
    if (mine && seal) {
      throw usage("--mine and --seal exclude each other");
    }
    boolean pow = params.consensusKind() == ConsensusKind.PROOF_OF_WORK;
    if (mine && !pow) {
      throw usage("--mine is for proof-of-work networks; a poa network seals (--seal)");
    }
    if (seal && pow) {
      throw usage("--seal is for --network poa; proof-of-work networks mine (--mine)");
    }
    if (mine && reward == null) {
      throw usage("--mine needs --reward <address>");
    }
    if (threads < 1 || threads > 64) {
      throw usage("--threads must be between 1 and 64, not " + threads);
    }
    if (waitForPeers < 0 || waitForPeers > 1000) {
      throw usage("--wait-for-peers must be between 0 and 1000");
    }
    if (metrics && rest == null) {
      throw usage("--metrics is served on the REST port: add --rest 127.0.0.1:PORT");
    }
    if (sealKey != null && !seal) {
      throw usage("--seal-key needs --seal");
    }
    Optional<RestSettings> restSettings = restSettings();
    Optional<Address> rewardAddress = Optional.empty();
    if (reward != null) {
      try {
        rewardAddress = Optional.of(Address.parse(reward.trim(), params.addressPrefix()));
      } catch (IllegalArgumentException e) {
        throw usage(
            "--reward: '" + reward + "' is not an address of " + params.name()
                + " (they start with " + params.addressPrefix() + "1)");
      }
    }
    Path dir =
        dataDirectory != null
            ? dataDirectory
            : Path.of(System.getProperty("user.home"), ".elo", params.name());
    PeerAddress listenAddress =
        listen != null ? listen : PeerAddress.of("127.0.0.1", params.defaultPort());
    Optional<PrivateKey> sealer = seal ? Optional.of(readSealKey(dir)) : Optional.empty();
    return new NodeSettings(
        params,
        dir,
        listenAddress,
        Optional.ofNullable(advertise),
        List.copyOf(peers),
        List.copyOf(bootstrap),
        mine,
        sealer,
        rewardAddress,
        threads,
        waitForPeers,
        restSettings,
        metrics,
        List.copyOf(siblings),
        plaintext,
        exemptLocalPeers,
        progressInterval,
        !noDiscovery);
  }

  /**
   * The REST settings, checked: REST beyond loopback carries the admin token (always created) and
   * the API's data in clear unless TLS is on, so it needs TLS or an explicit opt-out.
   */
  private Optional<RestSettings> restSettings() {
    if ((restTlsCert == null) != (restTlsKey == null)) {
      throw usage("--rest-tls-cert and --rest-tls-key go together");
    }
    if (rest == null) {
      if (restTlsCert != null || restAllowInsecure) {
        throw usage("--rest-tls-cert, --rest-tls-key and --rest-allow-insecure need --rest");
      }
      return Optional.empty();
    }
    if (!rest.ip().isLoopbackAddress() && restTlsCert == null && !restAllowInsecure) {
      throw usage(
          "--rest " + rest + " is not a loopback address: serve it over HTTPS (--rest-tls-cert"
              + " and --rest-tls-key) or, behind a TLS proxy or on a network secured otherwise,"
              + " add --rest-allow-insecure");
    }
    if (restTlsCert == null) {
      return Optional.of(new RestSettings(rest, Optional.empty()));
    }
    try {
      return Optional.of(
          new RestSettings(rest, Optional.of(RestTls.fromPem(restTlsCert, restTlsKey))));
    } catch (IOException e) {
      throw new UserException("--rest-tls-cert/--rest-tls-key: " + e.getMessage(), e);
    }
  }

  private PrivateKey readSealKey(Path dir) {
    Path file = sealKey != null ? sealKey : dir.resolve("node.key");
    if (!Files.exists(file)) {
      throw new UserException(
          "no sealing key at " + file + ": create one with 'elo keygen --out " + file
              + "' and put its public key in --signers");
    }
    try {
      return KeyFiles.read(file);
    } catch (Exception e) {
      throw new UserException("cannot read the sealing key " + file + ": " + e.getMessage(), e);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
