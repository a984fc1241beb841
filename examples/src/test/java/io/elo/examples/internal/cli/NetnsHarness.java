package io.elo.examples.internal.cli;

import io.elo.examples.internal.rest.RestTls;
import io.elo.examples.internal.rest.TestCertificates;
import io.elo.model.Address;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The root harness: namespaces elo-ns1..N from scripts/netns-testnet.sh, nodes started as a user
 * would on separate hosts with scripts/deploy-testnet.sh (listen 10.77.0.i:19447, REST over HTTPS
 * on port 8080 of the same address with a self-signed certificate per node, bootstrap from the
 * first node, discovery on), links cut with blackhole routes. A local test network in one /16: the
 * nodes run with {@code --exempt-local-peers}, as under {@code elo testnet}, so after a cut every
 * node dials its 8 outbound peers again at once (capped, a node keeps one outbound peer per /16
 * and its static links, which back off).
 */
final class NetnsHarness implements Harness {
  private static final Path SCRIPTS = Path.of(System.getProperty("elo.scripts", "../scripts"));
  private static final int PORT = 19447;
  private static final int REST = 8080;

  private final Path dir;
  private final List<Path> dirs;
  private final Path hosts;
  private final Chain chain;
  private final String network;
  private final Path tls;
  // One client per node, as a real client would keep: a new one per call leaves an idle
  // keep-alive connection each, and the server caps open connections per client address.
  private final List<RestClient> clients = new ArrayList<>();

  private NetnsHarness(
      Path dir, List<Path> dirs, Path hosts, Chain chain, String network, SSLContext trust) {
    this.dir = dir;
    this.dirs = dirs;
    this.hosts = hosts;
    this.chain = chain;
    this.network = network;
    this.tls = dir.resolve("tls");
    for (int i = 1; i <= dirs.size(); i++) {
      clients.add(
          new RestClient(
              URI.create("https://10.77.0." + i + ":" + REST), Duration.ofSeconds(5),
              Optional.empty(), Optional.of(trust)));
    }
  }

  /** Empty when netns works here, else why not. */
  static String check() {
    try {
      Result r = run(List.of(SCRIPTS.resolve("netns-testnet.sh").toString(), "check"));
      return r.code == 0 ? "" : r.output.trim();
    } catch (IOException | InterruptedException e) {
      return "cannot run netns-testnet.sh: " + e.getMessage();
    }
  }

  static NetnsHarness up(Path dir, List<Path> dirs, List<String> signers, Chain chain)
      throws Exception {
    script("netns-testnet.sh", "up", Integer.toString(dirs.size()));
    Path hosts = dir.resolve("hosts");
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= dirs.size(); i++) {
      lines.append("n").append(i).append(" 10.77.0.").append(i).append(':').append(PORT)
          .append(' ').append(REST).append(" ip netns exec elo-ns").append(i).append('\n');
    }
    Files.writeString(hosts, lines);
    // REST leaves each namespace's loopback, so the deploy script serves it over HTTPS only.
    Path tls = Files.createDirectories(dir.resolve("tls"));
    List<X509Certificate> certificates = new ArrayList<>();
    for (int i = 1; i <= dirs.size(); i++) {
      certificates.add(TestCertificates.selfSigned(tls, "n" + i, "ip:10.77.0." + i).x509());
    }
    String network = "devnet";
    if (chain.poa()) {
      Path file = dir.resolve("poa.chain");
      Files.writeString(file, "signers=" + String.join(",", signers) + "\nspacing="
          + chain.spacingSeconds() + "s\n");
      network = file.toString();
    }
    return new NetnsHarness(
        dir, dirs, hosts, chain, network, RestTls.clientContext(certificates));
  }

  @Override
  public String kind() {
    return "netns";
  }

  @Override
  public int size() {
    return dirs.size();
  }

  @Override
  public Chain chain() {
    return chain;
  }

  @Override
  public Path dataDirectory(int i) {
    return dirs.get(i);
  }

  @Override
  public void start(int i, Address reward, List<String> extra) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("start", "n" + (i + 1), "--hosts", hosts.toString(), "--data",
            dir.toString(), "--network", network, "--jar",
            EloProcess.jar().toAbsolutePath().toString(), "--produce", "--reward",
            reward.toText(chain.addressPrefix()), "--rest-tls", tls.toString(), "--rest-public",
            "--", "--exempt-local-peers"));
    if (!chain.poa()) {
      args.addAll(List.of("--threads", "" + chain.miningThreads()));
    }
    args.addAll(extra);
    script("deploy-testnet.sh", args.toArray(String[]::new));
  }

  @Override
  public RestClient rest(int i) {
    return clients.get(i);
  }

  @Override
  public void cut(int i, int j) throws Exception {
    script("netns-testnet.sh", "cut", "elo-ns" + (i + 1), "elo-ns" + (j + 1));
  }

  @Override
  public void restoreAll() throws Exception {
    script("netns-testnet.sh", "restore");
  }

  @Override
  public void stop(int i) throws Exception {
    script("deploy-testnet.sh", "stop", "n" + (i + 1), "--hosts", hosts.toString(), "--data",
        dir.toString());
  }

  @Override
  public void kill(int i) throws Exception {
    script("deploy-testnet.sh", "kill", "n" + (i + 1), "--hosts", hosts.toString(), "--data",
        dir.toString());
  }

  @Override
  public String log(int i) throws IOException {
    Path log = dirs.get(i).resolve("node.log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() throws Exception {
    try {
      script("deploy-testnet.sh", "stop", "--hosts", hosts.toString(), "--data", dir.toString());
    } finally {
      script("netns-testnet.sh", "down");
    }
  }

  private record Result(int code, String output) {}

  private static void script(String name, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(SCRIPTS.resolve(name).toString()));
    command.addAll(List.of(args));
    Result r = run(command);
    if (r.code != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + r.output);
    }
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("ELO_JAVA_OPTS", String.join(" ", NODE_JVM_OPTIONS));
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command + " timed out");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
