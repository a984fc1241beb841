package io.elo.bench;

import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.node.Node;
import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.tcp.TcpTransport;
import io.elo.sync.ChainProtocol;
import io.elo.validation.SpendingChain;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A synced node's heap: a child JVM with {@code -Xmx256m} (and {@code -XX:+ExitOnOutOfMemoryError},
 * so running out of heap fails the run) runs a node with a data directory (block files and the
 * memory-mapped MapDB UTXO store: the production configuration), connects {@code blocks} blocks
 * with signed spends, admits {@code mempool} single-input transactions, and accepts {@code peers}
 * encrypted loopback TCP peers. The peers live in this (parent) JVM: each is a bare peer network
 * that speaks the chain protocol's id but never answers, so the node keeps full per-peer relay
 * state (it announces its whole mempool to each). Once every peer is connected and the
 * announcements have gone out, the child reports heap used after {@code System.gc()} ({@link
 * MemoryMXBean}, lowest of three readings).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.elo.bench.MemoryBenchmark [blocks]
 * [mempool] [peers] [heap]}.
 */
public final class MemoryBenchmark {
  private static final String LISTEN = "LISTEN ";
  private static final String HEAP = "HEAP ";

  private MemoryBenchmark() {}

  /** What the child measured. */
  record Result(long liveHeap, long maxHeap, int peers, long height, int mempool, int exitCode) {}

  /** Runs the child JVM with {@code heap} (e.g. "256m") and the peers; returns its figures. */
  static Result run(int blocks, int mempool, int peers, String heap) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                MemoryBenchmark.class.getName(),
                "--child",
                Integer.toString(blocks),
                Integer.toString(mempool),
                Integer.toString(peers))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    List<PeerNetwork> networks = new ArrayList<>();
    Result result = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.out.println("child: " + line);
        if (line.startsWith(LISTEN)) {
          int port = Integer.parseInt(line.substring(LISTEN.length()).trim());
          networks.addAll(connectPeers(peers, port, scheduler));
        } else if (line.startsWith(HEAP)) {
          String[] f = line.substring(HEAP.length()).trim().split(" ");
          result =
              new Result(
                  Long.parseLong(f[0]),
                  Long.parseLong(f[1]),
                  Integer.parseInt(f[2]),
                  Long.parseLong(f[3]),
                  Integer.parseInt(f[4]),
                  0);
        }
      }
    } finally {
      networks.forEach(PeerNetwork::close);
      scheduler.shutdownNow();
    }
    int exit = child.waitFor();
    if (result == null || exit != 0) {
      return new Result(-1, -1, 0, 0, 0, exit == 0 ? -1 : exit);
    }
    return result;
  }

  /**
   * Starts {@code count} bare peers and dials the node from each, eight at a time (the node
   * refuses inbound connections beyond its pending-handshake limits, which the child raises to
   * eight from one IP: every peer is on 127.0.0.1).
   */
  private static List<PeerNetwork> connectPeers(
      int count, int port, ScheduledExecutorService scheduler) throws Exception {
    SecureRandom random = new SecureRandom();
    List<PeerNetwork> networks = new ArrayList<>();
    List<CompletableFuture<Peer>> dials = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      NodeIdentity identity = NodeIdentity.generate(random);
      PeerNetwork network =
          PeerNetwork.builder()
              .transport(
                  TcpTransport.builder()
                      .security(ChannelSecurity.encrypted(identity, random))
                      .build())
              .identity(identity)
              .networkId(Funding.PARAMS.networkId())
              .genesisHash(Funding.PARAMS.genesisHash())
              .clock(Clock.systemUTC())
              .scheduler(scheduler)
              .random(random)
              .build();
      network.registerProtocol(ChainProtocol.ID, (peer, payload) -> {});
      network.start();
      networks.add(network);
      dials.add(network.connect(PeerAddress.of("127.0.0.1", port)));
      if (dials.size() == 8 || i == count - 1) {
        for (CompletableFuture<Peer> dial : dials) {
          dial.get(60, TimeUnit.SECONDS);
        }
        dials.clear();
      }
    }
    return networks;
  }

  /** The child: builds and fills the node, waits for its peers, measures, exits. */
  private static void child(int blocks, int mempool, int peers) throws Exception {
    Path dir = Files.createTempDirectory("elo-memory");
    try (LoopbackNodes net = new LoopbackNodes(Funding.PARAMS)) {
      Node node =
          net.add(
              b ->
                  b.dataDirectory(dir)
                      .network(n -> n.maxPendingHandshakesPerIp(8))
                      .peerManager(
                          pm ->
                              pm.outboundTarget(0)
                                  .discovery(false)
                                  .peerExchange(false)
                                  .maxInboundPerIp(peers + 8)
                                  .maxInboundPerNetGroup(peers + 8)));
      fill(node, blocks, mempool);
      System.out.println(LISTEN + node.listenAddress().orElseThrow().port());
      boolean all = LoopbackNodes.await(() -> node.peers().size() >= peers, 120_000);
      System.out.println("peers " + node.peers().size() + (all ? "" : " (not all connected)"));
      Thread.sleep(5_000); // the mempool announcements to every peer go out
      long live = liveHeap();
      System.out.println(
          HEAP
              + live
              + " "
              + Runtime.getRuntime().maxMemory()
              + " "
              + node.peers().size()
              + " "
              + node.tip().height().value()
              + " "
              + node.mempoolSize());
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /** Connects the chain and admits the mempool; the fixtures are garbage afterwards. */
  private static void fill(Node node, int blocks, int mempool) throws Exception {
    Funding funding = new Funding(mempool);
    List<Block> chain = new ArrayList<>(funding.blocks());
    chain.addAll(
        new SpendingChain(funding.chain(), 1, 2).extend(funding.last(), blocks - chain.size()));
    LoopbackNodes.submitAll(node, chain);
    chain.clear();
    for (int done = 0; done < mempool; done += 1_000) {
      for (Transaction tx : funding.next(Math.min(1_000, mempool - done))) {
        if (!node.submitTransaction(tx).isAccepted()) {
          throw new IllegalStateException("mempool refused " + tx.txid());
        }
      }
    }
  }

  private static long liveHeap() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  /**
   * Arguments: blocks, mempool transactions, peers, heap limit ({@code --child ...} internally).
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      System.exit(0); // node threads are daemons, but the peers' sockets must not hold us
    }
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int mempool = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int peers = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    String heap = args.length > 3 ? args[3] : "256m";
    Result r = run(blocks, mempool, peers, heap);
    if (r.exitCode() != 0) {
      System.out.println("RESULT memory failed=true exit_code=" + r.exitCode());
      System.exit(1);
    }
    System.out.printf(
        Locale.ROOT,
        "RESULT memory height=%d mempool=%d peers=%d live_heap_mib=%.1f max_heap_mib=%.1f"
            + " heap_ratio=%.3f xmx=%s%n",
        r.height(),
        r.mempool(),
        r.peers(),
        r.liveHeap() / 1048576.0,
        r.maxHeap() / 1048576.0,
        r.liveHeap() / (double) r.maxHeap(),
        heap);
  }
}
