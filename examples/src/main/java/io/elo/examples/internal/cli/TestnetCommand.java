package io.elo.examples.internal.cli;

import io.elo.consensus.ChainParams;
import io.elo.crypto.KeyPair;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code elo testnet}: a local network of node processes, a generator and a live table. */
@Command(
    name = "testnet",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Starts a local network: each node a separate 'elo node' process on loopback with its own"
          + " data directory, joined through discovery from node 0, producing blocks (devnet"
          + " proof of work, or proof of authority with every node a signer), while a built-in"
          + " generator pays between wallets at --tps. Shows a live table; Ctrl-C stops every"
          + " node cleanly and running it again resumes from disk.",
      "",
      "Example: elo testnet --nodes 3 --tps 50 --consensus poa --data ./testnet-data"
    })
final class TestnetCommand implements Callable<Integer> {
  private static final int DEFAULT_BASE_PORT = 29440;
  private static final long STOP_MILLIS = 10_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--nodes",
      paramLabel = "N",
      description = "Nodes, 1 to 16 (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int nodes;

  @Option(
      names = "--tps",
      paramLabel = "RATE",
      description = "Generated transactions per second, 0 for none (default: ${DEFAULT-VALUE}).",
      defaultValue = "50")
  double tps;

  @Option(
      names = "--consensus",
      paramLabel = "KIND",
      description = "pow (devnet proof of work) or poa (every node a signer) (default: ${DEFAULT-VALUE}).",
      defaultValue = "pow")
  String consensus;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Where the testnet lives (default: ${DEFAULT-VALUE}).",
      defaultValue = "./testnet-data")
  Path data;

  @Option(
      names = "--miners",
      paramLabel = "N",
      description =
          "pow: how many nodes mine, one thread each (default: 2, at most --nodes; the rest"
              + " only validate and relay, which keeps a 2-core machine responsive).")
  Integer miners;

  @Option(
      names = "--spacing",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "poa: block spacing, at least 1s (default: ${DEFAULT-VALUE}).",
      defaultValue = "2s")
  Duration spacing;

  @Option(
      names = "--base-port",
      paramLabel = "PORT",
      description =
          "First port of a new testnet: node i listens on PORT+2i (peers) and PORT+2i+1 (REST)"
              + " (default: the first free range from " + DEFAULT_BASE_PORT + ").")
  Integer basePort;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Run this long (e.g. 45s, 10m), then check that the nodes agree on the tip and at least"
              + " --until-transactions accepted transactions are confirmed on every node, print a"
              + " summary, stop the nodes and exit 1 if the check failed. Default: until Ctrl-C.")
  Duration duration;

  @Option(
      names = "--until-height",
      paramLabel = "N",
      description =
          "With --duration: end the run early once every node reached height N (and"
              + " --until-transactions holds).")
  Integer untilHeight;

  @Option(
      names = "--until-transactions",
      paramLabel = "K",
      description =
          "With --duration: end the run early once the generator got K transactions accepted (and"
              + " --until-height holds).")
  Integer untilTransactions;

  @Option(names = "--no-check", description = "With --duration: stop without the check.")
  boolean noCheck;

  @Option(names = "--verbose", description = "Stack traces on failure.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    validate();
    Path dir = data.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    SecureRandom random = new SecureRandom();
    TestnetLayout layout = loadOrCreate(dir, random);
    ChainParams params = layout.params();
    PrintStream out = System.out;
    checkPortsFree(layout, dir);

    List<NodeProcess> processes = new ArrayList<>();
    AtomicBoolean stopping = new AtomicBoolean();
    TxGenerator[] generator = new TxGenerator[1];
    Thread hook =
        new Thread(
            () -> {
              stopping.set(true);
              if (generator[0] != null) {
                generator[0].stop();
              }
              System.out.println("\nstopping " + processes.size() + " nodes...");
              List<Integer> killed = NodeProcess.stopAll(processes, STOP_MILLIS);
              System.out.println(
                  killed.isEmpty() ? "all nodes stopped cleanly" : "killed nodes " + killed);
            },
            "elo-testnet-stop");
    Runtime.getRuntime().addShutdownHook(hook);

    for (int i = 0; i < layout.size(); i++) {
      Path nodeDir = layout.nodeDirectory(dir, i);
      Files.createDirectories(nodeDir);
      processes.add(
          NodeProcess.start(i, nodeArgs(layout, params, dir, i), jvmOptions(),
              nodeDir.resolve("node.log")));
    }
    out.printf("%s testnet of %d nodes in %s (logs: node-<i>/node.log)%n",
        params.name(), layout.size(), dir);
    List<RestClient> clients = new ArrayList<>();
    List<RestClient> admins = new ArrayList<>();
    for (int i = 0; i < layout.size(); i++) {
      clients.add(new RestClient(restUri(layout, i)));
    }
    awaitRest(clients, processes, Duration.ofSeconds(90));
    for (int i = 0; i < layout.size(); i++) {
      String token =
          Files.readString(layout.nodeDirectory(dir, i).resolve("api.token"),
              StandardCharsets.US_ASCII).trim();
      admins.add(new RestClient(restUri(layout, i), Duration.ofSeconds(5), Optional.of(token)));
    }

    List<KeyPair> wallets = new ArrayList<>();
    for (int i = 0; i < layout.size(); i++) {
      wallets.add(layout.wallet(i));
    }
    Thread generatorThread = null;
    if (tps > 0) {
      generator[0] = new TxGenerator(clients, wallets, NetworkInfo.of(params), tps, new Random());
      generatorThread = new Thread(generator[0], "elo-tx-generator");
      generatorThread.setDaemon(true);
      generatorThread.start();
    }

    boolean ansi = System.console() != null;
    LiveTable table = new LiveTable(out, ansi);
    String title =
        String.format("elo testnet: %d nodes, %s, %s", layout.size(), params.name(),
            layout.consensus().equals("pow")
                ? producers(layout) + " mining"
                : "sealing every " + layout.spacingSeconds + "s");
    long end = duration == null ? Long.MAX_VALUE : System.currentTimeMillis() + duration.toMillis();
    long next = System.currentTimeMillis();
    while (!stopping.get() && System.currentTimeMillis() < end) {
      List<NodeSnapshot> snaps = clients.stream().map(NodeSnapshot::poll).toList();
      if (!stopping.get()) {
        table.render(title, snaps, processes, generator[0]);
      }
      if (goalsReached(snaps, generator[0])) {
        out.println("reached --until-height / --until-transactions");
        break;
      }
      next += 1000;
      Thread.sleep(Math.max(100, next - System.currentTimeMillis()));
    }
    if (stopping.get()) {
      return 0; // Ctrl-C: the hook stops the nodes
    }
    if (generator[0] != null) {
      generator[0].stop();
      generatorThread.join(5000);
    }
    boolean passed = true;
    if (!noCheck) {
      TestnetCheck.Result result =
          new TestnetCheck(clients, admins, out)
              .run(
                  generator[0] == null ? List.of() : generator[0].accepted(),
                  untilTransactions == null ? 0 : untilTransactions,
                  Duration.ofSeconds(60),
                  Duration.ofSeconds(90));
      passed = result.passed();
    }
    Runtime.getRuntime().removeShutdownHook(hook);
    out.println("stopping " + processes.size() + " nodes...");
    List<Integer> killed = NodeProcess.stopAll(processes, STOP_MILLIS);
    out.println(killed.isEmpty() ? "all nodes stopped cleanly" : "killed nodes " + killed);
    return passed && killed.isEmpty() ? 0 : 1;
  }

  private boolean goalsReached(List<NodeSnapshot> snaps, TxGenerator generator) {
    if (untilHeight == null && untilTransactions == null) {
      return false;
    }
    boolean height =
        untilHeight == null || snaps.stream().allMatch(n -> n.up() && n.height() >= untilHeight);
    boolean txs =
        untilTransactions == null
            || (generator != null && generator.acceptedCount() >= untilTransactions);
    return height && txs;
  }

  private void validate() {
    if ((untilHeight != null || untilTransactions != null) && duration == null) {
      throw usage("--until-height and --until-transactions need --duration (the upper bound)");
    }
    if (nodes < 1 || nodes > 16) {
      throw usage("--nodes must be between 1 and 16, not " + nodes);
    }
    if (!(tps >= 0 && tps <= 10_000)) {
      throw usage("--tps must be between 0 and 10000");
    }
    if (!consensus.equals("pow") && !consensus.equals("poa")) {
      throw usage("--consensus must be pow or poa, not '" + consensus + "'");
    }
    if (miners != null && (miners < 0 || miners > nodes)) {
      throw usage("--miners must be between 0 and --nodes (" + nodes + ")");
    }
    if (spacing.compareTo(Duration.ofSeconds(1)) < 0 || spacing.toMillis() % 1000 != 0) {
      throw usage("--spacing must be whole seconds, at least 1s");
    }
    if (basePort != null && (basePort < 1024 || basePort + 2 * nodes > 65535)) {
      throw usage("--base-port must leave room for " + 2 * nodes + " ports in 1024..65535");
    }
    if (duration != null && duration.isZero()) {
      throw usage("--duration must be positive");
    }
  }

  private TestnetLayout loadOrCreate(Path dir, SecureRandom random) throws IOException {
    Path file = dir.resolve(TestnetLayout.FILE);
    if (Files.exists(file)) {
      TestnetLayout layout = TestnetLayout.read(file);
      var parsed = spec.commandLine().getParseResult();
      if ((parsed.hasMatchedOption("--nodes") && nodes != layout.size())
          || (parsed.hasMatchedOption("--consensus") && !consensus.equals(layout.consensus()))) {
        throw new UserException(
            dir + " holds a " + layout.size() + "-node " + layout.consensus() + " testnet; use"
                + " another --data for a different one, or delete " + dir);
      }
      System.out.printf("resuming the %d-node %s testnet in %s%n", layout.size(),
          layout.consensus(), dir);
      return layout;
    }
    int producers = consensus.equals("poa") ? nodes : (miners != null ? miners : Math.min(2, nodes));
    List<Integer> ports = choosePorts(2 * nodes);
    return TestnetLayout.create(dir, nodes, consensus, spacing, producers, ports, random);
  }

  private List<Integer> choosePorts(int count) {
    if (basePort != null) {
      List<Integer> ports = range(basePort, count);
      for (int p : ports) {
        if (!isFree(p)) {
          throw new UserException("port " + p + " is in use; choose another --base-port");
        }
      }
      return ports;
    }
    for (int base = DEFAULT_BASE_PORT; base + count < 65535; base += 100) {
      List<Integer> ports = range(base, count);
      if (ports.stream().allMatch(TestnetCommand::isFree)) {
        return ports;
      }
    }
    throw new UserException("no free port range found; give --base-port");
  }

  private static List<Integer> range(int base, int count) {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ports.add(base + i);
    }
    return ports;
  }

  static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void checkPortsFree(TestnetLayout layout, Path dir) {
    for (int i = 0; i < layout.size(); i++) {
      TestnetLayout.NodeEntry n = layout.nodes.get(i);
      for (int port : new int[] {n.p2pPort, n.restPort}) {
        if (!isFree(port)) {
          throw new UserException(
              "port " + port + " of node " + i + " is in use: is this testnet (" + dir
                  + ") already running? Stop it first.");
        }
      }
    }
  }

  private static long producers(TestnetLayout layout) {
    return layout.nodes.stream().filter(n -> n.producer).count();
  }

  private static URI restUri(TestnetLayout layout, int i) {
    return URI.create("http://127.0.0.1:" + layout.nodes.get(i).restPort);
  }

  private static List<String> nodeArgs(TestnetLayout layout, ChainParams params, Path dir, int i) {
    TestnetLayout.NodeEntry n = layout.nodes.get(i);
    List<String> args = new ArrayList<>();
    if (layout.consensus().equals("pow")) {
      args.addAll(List.of("--network", "devnet"));
    } else {
      List<String> signers = layout.nodes.stream().map(e -> e.nodePublicKey).toList();
      args.addAll(List.of("--network", "poa", "--signers", String.join(",", signers),
          "--spacing", layout.spacingSeconds + "s"));
    }
    args.addAll(List.of("--datadir", layout.nodeDirectory(dir, i).toString()));
    args.addAll(List.of("--listen", "127.0.0.1:" + n.p2pPort));
    // Every node is on 127.0.0.1: without the exemption the per-IP caps would split them.
    args.add("--exempt-local-peers");
    args.addAll(List.of("--rest", "127.0.0.1:" + n.restPort));
    if (i > 0) {
      args.addAll(List.of("--bootstrap", "127.0.0.1:" + layout.nodes.get(0).p2pPort));
    }
    // Producers start once connected to every other node (at most 2 of them), so a new network
    // does not begin on separate forks.
    args.addAll(List.of("--wait-for-peers", Integer.toString(Math.min(2, layout.size() - 1))));
    for (int j = 0; j < layout.size(); j++) {
      if (j != i) {
        args.addAll(List.of("--sibling", restUri(layout, j).toString()));
      }
    }
    String reward = layout.walletAddress(i).toText(params.addressPrefix());
    if (n.producer) {
      if (layout.consensus().equals("pow")) {
        args.addAll(List.of("--mine", "--threads", "1", "--reward", reward));
      } else {
        args.addAll(List.of("--seal", "--reward", reward));
      }
    }
    return args;
  }

  /** JVM options of the node processes: ELO_NODE_JAVA_OPTS, or a modest heap. */
  private static List<String> jvmOptions() {
    String env = System.getenv("ELO_NODE_JAVA_OPTS");
    String opts = env != null ? env : "-Xmx384m -XX:+UseSerialGC";
    List<String> list = new ArrayList<>();
    for (String o : opts.trim().split("\\s+")) {
      if (!o.isEmpty()) {
        list.add(o);
      }
    }
    return list;
  }

  private static void awaitRest(
      List<RestClient> clients, List<NodeProcess> processes, Duration timeout)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    for (int i = 0; i < clients.size(); i++) {
      while (true) {
        NodeProcess p = processes.get(i);
        if (!p.isAlive()) {
          throw new UserException(
              "node " + i + " exited with " + p.exitCode() + ":\n" + tail(p.log(), 15));
        }
        if (NodeSnapshot.poll(clients.get(i)).up()) {
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          throw new UserException("node " + i + " did not answer within " + timeout.getSeconds()
              + "s; see " + p.log());
        }
        Thread.sleep(250);
      }
    }
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ")";
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
