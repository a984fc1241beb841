package io.elo.examples.internal.cli;

import io.elo.examples.internal.harness.TcpProxy;
import io.elo.model.Address;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The rootless harness: node i listens on 127.0.0.(i+2) and reaches node j only through the proxy
 * of the directed link i to j, which listens on node j's address at its own port. Nodes run with
 * {@code --no-discovery} and those proxy addresses as static peers, so no link bypasses a proxy.
 * A local test network: every link reaches its node from 127.0.0.1 (the proxy's address), so the
 * nodes run with {@code --exempt-local-peers}, as under {@code elo testnet}.
 */
final class ProxyHarness implements Harness {
  private final Path dir;
  private final List<Path> dirs;
  private final Chain chain;
  private final List<String> chainOptions;
  private final InetSocketAddress[] listen;
  private final int[] restPorts;
  private final TcpProxy[][] links;
  private final EloProcess[] processes;
  private final int[] starts;
  // One client per node, as a real client would keep: a new one per call leaves an idle
  // keep-alive connection each, and the server caps open connections per client address.
  private final RestClient[] clients;

  private ProxyHarness(Path dir, List<Path> dirs, Chain chain, List<String> chainOptions) {
    this.dir = dir;
    this.dirs = dirs;
    this.chain = chain;
    this.chainOptions = chainOptions;
    int n = dirs.size();
    listen = new InetSocketAddress[n];
    restPorts = new int[n];
    links = new TcpProxy[n][n];
    processes = new EloProcess[n];
    starts = new int[n];
    clients = new RestClient[n];
  }

  static ProxyHarness start(Path dir, List<Path> dirs, Chain chain, List<String> chainOptions)
      throws IOException {
    ProxyHarness h = new ProxyHarness(dir, dirs, chain, chainOptions);
    Random random = new Random();
    int n = dirs.size();
    for (int i = 0; i < n; i++) {
      InetAddress ip = address(i);
      h.listen[i] = new InetSocketAddress(ip, freePort(ip));
      h.restPorts[i] = freePort(ip);
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          h.links[i][j] =
              TcpProxy.start(
                  new InetSocketAddress(address(j), 0),
                  h.listen[j],
                  r -> {
                    Thread t = new Thread(r, "harness-proxy");
                    t.setDaemon(true);
                    return t;
                  },
                  random::nextDouble);
        }
      }
    }
    return h;
  }

  private static InetAddress address(int i) throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (i + 2)});
  }

  private static int freePort(InetAddress ip) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, ip)) {
      return s.getLocalPort();
    }
  }

  @Override
  public String kind() {
    return "proxy";
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
    List<String> args = new ArrayList<>(List.of("node"));
    args.addAll(chainOptions);
    String ip = listen[i].getAddress().getHostAddress();
    args.addAll(List.of("--datadir", dirs.get(i).toString(), "--listen",
        ip + ":" + listen[i].getPort(), "--rest", ip + ":" + restPorts[i], "--no-discovery",
        "--exempt-local-peers"));
    args.addAll(chain.produceOptions());
    args.addAll(List.of("--reward", reward.toText(chain.addressPrefix())));
    for (int j = 0; j < size(); j++) {
      if (j != i) {
        InetSocketAddress a = links[i][j].address();
        args.addAll(List.of("--peer", a.getAddress().getHostAddress() + ":" + a.getPort()));
      }
    }
    args.addAll(extra);
    starts[i]++;
    processes[i] =
        EloProcess.start(dir.resolve("n" + (i + 1) + "-" + starts[i] + ".log"),
            NODE_JVM_OPTIONS, args.toArray(String[]::new));
  }

  @Override
  public synchronized RestClient rest(int i) {
    if (clients[i] == null) {
      clients[i] = new RestClient(
          URI.create("http://" + listen[i].getAddress().getHostAddress() + ":" + restPorts[i]));
    }
    return clients[i];
  }

  @Override
  public void cut(int i, int j) {
    links[i][j].cut();
    links[j][i].cut();
  }

  @Override
  public void restoreAll() {
    for (TcpProxy[] row : links) {
      for (TcpProxy p : row) {
        if (p != null) {
          p.restore();
        }
      }
    }
  }

  @Override
  public void stop(int i) throws Exception {
    processes[i].close();
  }

  @Override
  public void kill(int i) throws Exception {
    processes[i].process.destroyForcibly().waitFor();
  }

  @Override
  public String log(int i) throws IOException {
    StringBuilder out = new StringBuilder();
    for (int k = 1; k <= starts[i]; k++) {
      out.append(
          Files.readString(dir.resolve("n" + (i + 1) + "-" + k + ".log"), StandardCharsets.UTF_8));
    }
    if (processes[i] != null) {
      Process p = processes[i].process;
      out.append(p.isAlive() ? "[process alive, pid " + p.pid() + "]"
          : "[process exited with code " + p.exitValue() + "]");
    }
    return out.toString();
  }

  @Override
  public void close() throws Exception {
    for (EloProcess p : processes) {
      if (p != null) {
        p.close();
      }
    }
    for (TcpProxy[] row : links) {
      for (TcpProxy p : row) {
        if (p != null) {
          p.close();
        }
      }
    }
  }
}
