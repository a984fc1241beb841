package io.elo.bench;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Transaction;
import io.elo.node.Node;
import io.elo.p2p.PeerAddress;
import io.elo.validation.BlockSubmitResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code elo bench soak}: N {@link SoakNode}s (in-process, each with a data directory, over
 * encrypted loopback TCP) under churn for a given duration. A generator submits pre-signed
 * transactions at {@code tps} to random running nodes; every {@link #BLOCK_MILLIS} a block of the
 * transactions submitted so far is built (no proof of work cost) and submitted to a random running
 * node. A churn loop restarts a random node every restart interval (duration / 8, clamped to
 * 1..3 min, jittered x0.5..1.5: "restarts every few minutes"): close, then start again on the same directory. After each
 * restart the heal check pauses block production, waits (up to {@link #HEAL_MILLIS}) until every
 * node is on the newest block, and compares every node's UTXO digest. A sampler records every
 * second, per node, whether it is up: running, at least one peer, at most one block behind the
 * newest block. Uptime = up samples / all samples.
 *
 * <p>In-process rather than {@code elo node} processes: the generator and block builder need the
 * nodes' Java API (blocks are submitted directly, so no CPU is burnt on mining on a 2-core machine
 * running ten nodes), and digests are read directly. The price: a restart is always a graceful
 * close; abrupt kills are covered by the storage crash tests, not here.
 */
public final class SoakTest {
  static final long BLOCK_MILLIS = 5_000;
  static final long HEAL_MILLIS = 30_000;

  private final int nodeCount;
  private final int tps;
  private final double seconds;
  private final long restartEvery;
  private final Random random;
  private final Path out;
  private final List<SoakNode> nodes = new ArrayList<>();
  private final Object chainLock = new Object();
  private final List<Transaction> pending = new ArrayList<>();
  private final AtomicLong upSamples = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong[] nodeUp;
  private final String[] lastState; // the sampler thread's only
  private volatile long producedAt = System.nanoTime();
  private long slowLogged = -1; // the sampler thread's only
  private final AtomicLong stoppedSamples = new AtomicLong();
  private final AtomicLong lonelySamples = new AtomicLong();
  private final AtomicLong behindSamples = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private Funding funding;
  private volatile Block tip;
  private Block candidate;
  private volatile long bestHeight;
  private int restarts;
  private int heals;
  private int divergences;
  private int healTimeouts;
  private long maxHealMillis;
  private int blocks;

  /** The outcome. */
  record Result(
      int nodes,
      double seconds,
      long samples,
      long upSamples,
      double worstNodeUptime,
      int restarts,
      int heals,
      int divergences,
      int healTimeouts,
      long maxHealMillis,
      int blocks,
      long height,
      long accepted,
      long refused) {
    double uptime() {
      return samples == 0 ? 0 : upSamples / (double) samples;
    }

    boolean passed() {
      return uptime() > 0.99 && divergences == 0 && healTimeouts == 0 && heals == restarts;
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "RESULT soak nodes=%d seconds=%.0f samples=%d uptime=%.5f worst_node_uptime=%.5f"
              + " restarts=%d heals=%d divergences=%d heal_timeouts=%d max_heal_ms=%d blocks=%d"
              + " height=%d txs_accepted=%d txs_refused=%d passed=%b",
          nodes, seconds, samples, uptime(), worstNodeUptime, restarts, heals, divergences,
          healTimeouts, maxHealMillis, blocks, height, accepted, refused, passed());
    }
  }

  SoakTest(int nodeCount, int tps, double seconds, long seed, Path out) {
    this(nodeCount, tps, seconds, restartMillis(seconds), seed, out);
  }

  /** With an explicit mean restart interval (the smoke test's short runs). */
  SoakTest(int nodeCount, int tps, double seconds, long restartMillis, long seed, Path out) {
    this.restartEvery = restartMillis;
    this.nodeCount = nodeCount;
    this.tps = tps;
    this.seconds = seconds;
    this.random = new Random(seed);
    this.out = out;
    this.nodeUp = new AtomicLong[nodeCount];
    this.lastState = new String[nodeCount];
    for (int i = 0; i < nodeCount; i++) {
      nodeUp[i] = new AtomicLong();
    }
  }

  /**
   * Restart interval: duration / 8 within 1..3 min. The floor keeps short runs (the 3-minute CI
   * run) at the churn rate, a restart every few minutes, rather than one every 20 s.
   */
  static long restartMillis(double seconds) {
    return Math.max(60_000, Math.min(180_000, (long) (seconds * 1000 / 8)));
  }

  Result run() throws Exception {
    Path base = Files.createTempDirectory("elo-soak");
    funding = new Funding((int) Math.ceil(tps * seconds * 1.1) + 100);
    List<PeerAddress> addresses = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      addresses.add(PeerAddress.of("127.0.0.1", freePort()));
    }
    for (int i = 0; i < nodeCount; i++) {
      List<PeerAddress> neighbours =
          List.of(
              addresses.get((i + 1) % nodeCount),
              addresses.get((i + 2) % nodeCount),
              addresses.get((i + nodeCount / 2) % nodeCount));
      nodes.add(new SoakNode(i, base.resolve("node" + i), addresses.get(i), neighbours));
    }
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    Thread generator = new Thread(this::generate, "soak-generator");
    try {
      for (SoakNode n : nodes) {
        n.start();
      }
      LoopbackNodes.submitAll(nodes.get(0).node(), funding.blocks());
      tip = funding.last();
      bestHeight = funding.blocks().size();
      if (!allOnTip(20_000)) {
        throw new IllegalStateException(
            "the nodes did not sync the funding blocks: " + heightsAndPeers());
      }
      log("soak: %d nodes synced at height %d; running %.0f s, restart every ~%d s", nodeCount,
          bestHeight, seconds, restartEvery / 1000);
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      scheduler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
      scheduler.scheduleWithFixedDelay(
          this::produce, BLOCK_MILLIS, BLOCK_MILLIS, TimeUnit.MILLISECONDS);
      scheduler.scheduleAtFixedRate(() -> progress(start), 60, 60, TimeUnit.SECONDS);
      generator.start();
      long interval = restartEvery;
      while (true) {
        long wait = (long) (interval * (0.5 + random.nextDouble()));
        long left = (end - System.nanoTime()) / 1_000_000;
        if (wait >= left - 5_000) {
          Thread.sleep(Math.max(0, left));
          break;
        }
        Thread.sleep(wait);
        restartOne();
      }
      generator.interrupt();
      scheduler.shutdownNow();
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
      progress(start);
      Result r = result();
      log("%s", r.line());
      return r;
    } finally {
      generator.interrupt();
      scheduler.shutdownNow();
      nodes.forEach(SoakNode::stop);
      deleteTree(base);
    }
  }

  private void restartOne() throws Exception {
    SoakNode victim = nodes.get(random.nextInt(nodeCount));
    long t0 = System.nanoTime();
    victim.stop();
    victim.start();
    long downMillis = (System.nanoTime() - t0) / 1_000_000;
    synchronized (this) {
      restarts++;
    }
    synchronized (chainLock) {
      long h0 = System.nanoTime();
      boolean healed = allOnTip(HEAL_MILLIS);
      long healMillis = (System.nanoTime() - h0) / 1_000_000;
      Set<Hash> digests = new HashSet<>();
      if (healed) {
        for (SoakNode n : nodes) {
          digests.add(n.node().chainState().utxoDigest());
        }
      }
      synchronized (this) {
        if (!healed) {
          healTimeouts++;
        } else {
          heals++;
          maxHealMillis = Math.max(maxHealMillis, healMillis);
          if (digests.size() != 1) {
            divergences++;
          }
        }
      }
      log("restart node %d (down %d ms): %s in %d ms, %d UTXO digest(s)", victim.index(),
          downMillis, healed ? "healed" : "NOT HEALED", healMillis, digests.size());
    }
  }

  private boolean allOnTip(long millis) throws InterruptedException {
    Hash want = tip.hash();
    return LoopbackNodes.await(
        () ->
            nodes.stream()
                .allMatch(
                    n -> {
                      Node node = n.node();
                      return node != null && node.tip().hash().equals(want);
                    }),
        millis);
  }

  private String heightsAndPeers() {
    StringBuilder b = new StringBuilder();
    for (SoakNode n : nodes) {
      long[] s = n.sample();
      b.append(String.format(Locale.ROOT, " node%d h=%d peers=%d", n.index(), s[0], s[1]));
    }
    return b.toString();
  }

  private void sample() {
    long best = bestHeight;
    // A block still missing somewhere 3 s after it was made (propagation takes milliseconds
    // here): one line naming where, to tell slow relay from churn.
    if (best != slowLogged && System.nanoTime() - producedAt > 3_000_000_000L) {
      StringBuilder lacking = new StringBuilder();
      for (SoakNode n : nodes) {
        long[] s = n.sample();
        if (s[0] >= 0 && s[0] < best) {
          lacking.append(String.format("%n  node %d at %d: %s", n.index(), s[0], n.detail()));
        }
      }
      if (lacking.length() > 0) {
        slowLogged = best;
        log("block %d not everywhere 3 s after it was made:%s", best, lacking);
      }
    }
    for (SoakNode n : nodes) {
      long[] s = n.sample();
      boolean up = s[0] >= best - 1 && s[1] >= 1;
      samples.incrementAndGet();
      if (s[0] < 0) {
        stoppedSamples.incrementAndGet();
      } else if (s[1] < 1) {
        lonelySamples.incrementAndGet();
      } else if (!up) {
        behindSamples.incrementAndGet();
      }
      if (up) {
        upSamples.incrementAndGet();
        nodeUp[n.index()].incrementAndGet();
      }
      // One line per change of state, so a run's log says who was down when, and how.
      String state = s[0] < 0 ? "stopped" : s[1] < 1 ? "without peers" : up ? "up" : "behind";
      if (!state.equals(lastState[n.index()])) {
        if (lastState[n.index()] != null) {
          log("node %d %s (height %d of %d, %d peers; %s)", n.index(), state, s[0], best, s[1],
              n.detail());
        }
        lastState[n.index()] = state;
      }
    }
  }

  private void generate() {
    long interval = TimeUnit.SECONDS.toNanos(1) / tps;
    long next = System.nanoTime();
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Transaction tx = funding.next(1).get(0);
        Node node = nodes.get(random.nextInt(nodeCount)).node();
        boolean ok = false;
        try {
          ok = node != null && node.submitTransaction(tx).isAccepted();
        } catch (RuntimeException e) {
          // the node is closing under the churn thread: the transaction goes in a block anyway
        }
        (ok ? accepted : refused).incrementAndGet();
        synchronized (pending) {
          pending.add(tx);
        }
        next += interval;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Builds the next block (or keeps the one no node took last time: building another on the same
   * parent would fork our own chain) and submits it to random running nodes on its parent until
   * one connects it.
   */
  private void produce() {
    synchronized (chainLock) {
      if (candidate == null) {
        List<Transaction> txs;
        synchronized (pending) {
          txs = new ArrayList<>(pending);
          pending.clear();
        }
        long time = Math.max(tip.header().timestamp() + 1, Instant.now().getEpochSecond());
        candidate = funding.chain().on(tip).timestamp(time).addAll(txs).build();
      }
      // Like a miner, the block goes to a node whose tip is its parent: a node that has not got
      // the parent yet would hold it as an orphan (and answer Duplicate when asked again).
      List<Node> onParent = new ArrayList<>();
      for (SoakNode n : nodes) {
        Node node = n.node();
        if (node != null && node.tip().hash().equals(tip.hash())) {
          onParent.add(node);
        }
      }
      Collections.shuffle(onParent, random);
      String last = onParent.isEmpty() ? "no running node on the parent" : "";
      for (Node node : onParent) {
        try {
          BlockSubmitResult r = node.submitBlock(candidate).get(30, TimeUnit.SECONDS);
          last = String.valueOf(r);
          // Duplicate: an earlier attempt timed out here but the node connected it meanwhile.
          if (r instanceof BlockSubmitResult.Connected
              || (r instanceof BlockSubmitResult.Duplicate
                  && node.tip().hash().equals(candidate.hash()))) {
            tip = candidate;
            candidate = null;
            bestHeight++;
            producedAt = System.nanoTime();
            synchronized (this) {
              blocks++;
            }
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          last = e.toString(); // closed under the churn thread, or slow: try another node
        }
      }
      log("block at height %d not taken by any node tried (retried next interval): %s;%s",
          bestHeight + 1, last, heightsAndPeers());
    }
  }

  private synchronized Result result() {
    double worst = 1;
    long perNode = samples.get() / nodeCount;
    for (AtomicLong up : nodeUp) {
      worst = Math.min(worst, perNode == 0 ? 0 : up.get() / (double) perNode);
    }
    return new Result(nodeCount, seconds, samples.get(), upSamples.get(), worst, restarts, heals,
        divergences, healTimeouts, maxHealMillis, blocks, bestHeight, accepted.get(),
        refused.get());
  }

  private void progress(long start) {
    Result r = result();
    log("progress %.0f s: uptime %.5f (down samples: %d stopped, %d without peers, %d behind),"
            + " restarts %d, heals %d, divergences %d, heal timeouts %d,"
            + " height %d, txs %d",
        (System.nanoTime() - start) / 1e9, r.uptime(), stoppedSamples.get(), lonelySamples.get(),
        behindSamples.get(), r.restarts(), r.heals(), r.divergences(),
        r.healTimeouts(), r.height(), r.accepted());
  }

  private void log(String format, Object... args) {
    String line = Instant.now() + " " + String.format(Locale.ROOT, format, args);
    System.out.println(line);
    if (out != null) {
      try {
        Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Runs with {@code elo bench soak} options; exits 1 unless the soak passed. */
  public static void main(String[] args) throws Exception {
    BenchOptions o = BenchOptions.parse(args);
    if (o.help()) {
      System.out.println(BenchOptions.SOAK_USAGE);
      return;
    }
    Path out = o.out() == null ? null : Path.of(o.out());
    Result r = new SoakTest(o.nodes(), o.tpsOr(5), o.secondsOr(180), o.seed(), out).run();
    if (!r.passed()) {
      System.exit(1);
    }
    System.exit(0);
  }
}
