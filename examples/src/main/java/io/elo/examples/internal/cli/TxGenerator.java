package io.elo.examples.internal.cli;

import com.google.gson.JsonObject;
import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TransactionBuilder;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The testnet's transaction generator: pays between the testnet wallets at a target rate.
 *
 * <p>Each transaction spends one output (a mature confirmed one, or an unconfirmed one this
 * generator created) and pays half to another wallet and the rest, less a fee, back as change, so
 * the set of spendable outputs grows. Confirmed outputs come from the REST API every few seconds;
 * the generator remembers what it spent (for at least ten minutes, whatever a node shows: a node
 * that reorganised or restarted behind can show a spent output as unspent) and what it created, so
 * it never spends an output twice.
 * A transaction spending an unconfirmed output goes to the node that accepted its parent (the
 * parent is there even without relay: a local submission with missing inputs is refused, never
 * kept as an orphan); one spending a confirmed output goes to a random node, which refuses it with
 * missing-inputs while it lags behind (the coin is then tried again). Unconfirmed chains are kept
 * shorter than the mempool's ancestor limit; every output is at least {@code MIN_OUTPUT}, far above
 * the dust threshold (525 atoms by default). A refused or failed submission is counted and shown;
 * it never stops the generator. A coin is spent again only when its transaction was refused or
 * never reached the node: after a timeout or a node dying mid-request the transaction may still be
 * accepted, and a second spend would conflict with it. Runs on its own thread.
 */
final class TxGenerator implements Runnable {
  /** The fee of every generated transaction (about 250 bytes: 8 atoms per byte). */
  static final Amount FEE = Amount.ofAtoms(2_000);

  /** The smallest output generated: far above the dust threshold, so no output is dust. */
  static final long MIN_OUTPUT = 10_000;
  private static final int MAX_DEPTH = 12;
  private static final long REFRESH_MILLIS = 3_000;
  private static final long PENDING_TTL_MILLIS = 120_000;
  private static final long SPENT_MEMORY_MILLIS = 600_000;

  /** A spendable output the generator knows. */
  private record Spendable(
      OutPoint outPoint, Amount amount, int wallet, int node, int depth, long createdMillis) {}

  private final List<RestClient> nodes;
  private final List<KeyPair> wallets;
  private final List<Address> addresses;
  private final NetworkInfo net;
  private final double tps;
  private final Random random;

  private final Map<OutPoint, Spendable> pool = new HashMap<>();
  private final Map<OutPoint, Spendable> pending = new HashMap<>();
  /** Outputs we spent, with when (millis): never spent again while remembered. */
  private final Map<OutPoint, Long> spent = new HashMap<>();
  private final List<Hash> accepted = new ArrayList<>();
  /** Who accepted each transaction and when (wall clock), for post-mortems. */
  private final Map<Hash, String> acceptedWhere = new HashMap<>();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLongArray acceptedByNode;
  private final Map<String, AtomicLong> problems = new ConcurrentHashMap<>();
  private volatile String lastProblem = "";
  private volatile String state = "starting";
  private volatile boolean running = true;
  private long lastRefresh;

  TxGenerator(
      List<RestClient> nodes, List<KeyPair> wallets, NetworkInfo net, double tps, Random random) {
    this.nodes = List.copyOf(nodes);
    this.wallets = List.copyOf(wallets);
    this.addresses = wallets.stream().map(w -> Address.fromPublicKey(w.publicKey())).toList();
    this.net = net;
    this.tps = tps;
    this.random = random;
    this.acceptedByNode = new AtomicLongArray(nodes.size());
  }

  /** Stops the loop (it ends within one pacing interval). */
  void stop() {
    running = false;
  }

  @Override
  public void run() {
    long intervalNanos = (long) (1e9 / tps);
    long next = System.nanoTime();
    while (running) {
      try {
        long now = System.currentTimeMillis();
        if (now - lastRefresh >= REFRESH_MILLIS) {
          lastRefresh = now;
          refresh(now);
        }
        submitOne();
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        lastProblem = String.valueOf(e.getMessage());
      }
      next += intervalNanos;
      long wait = next - System.nanoTime();
      if (wait < -1_000_000_000L) {
        next = System.nanoTime(); // far behind (nodes slow): do not burst to catch up
      } else if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Rebuilds the pool from the confirmed outputs of every wallet and our pending outputs. */
  private void refresh(long now) {
    Map<OutPoint, Spendable> confirmed = new HashMap<>();
    for (int w = 0; w < wallets.size(); w++) {
      RestClient client = nodes.get(w % nodes.size());
      List<Coin> coins;
      try {
        coins = Coin.fetch(client, addresses.get(w), net.addressPrefix());
      } catch (RuntimeException e) {
        lastProblem = "refresh: " + e.getMessage();
        return; // keep the old pool; try again later
      }
      for (Coin c : coins) {
        if (c.spendable(net.coinbaseMaturity()) && c.amount().atoms() > MIN_OUTPUT + FEE.atoms()) {
          confirmed.put(c.outPoint(), new Spendable(c.outPoint(), c.amount(), w, -1, 0, now));
        }
      }
    }
    synchronized (this) {
      pending.keySet().removeIf(confirmed::containsKey);
      pending.values().removeIf(p -> now - p.createdMillis() > PENDING_TTL_MILLIS);
      // What we spent stays remembered for SPENT_MEMORY_MILLIS, and while it still shows as
      // unspent: one node's view is not enough to forget it, as a reorganisation or a node
      // restarting behind can show it unspent again while our spend is still in flight.
      spent.entrySet().removeIf(e -> now - e.getValue() > SPENT_MEMORY_MILLIS
          && !confirmed.containsKey(e.getKey()) && !pending.containsKey(e.getKey()));
      pool.clear();
      confirmed.forEach((o, s) -> {
        if (!spent.containsKey(o)) {
          pool.put(o, s);
        }
      });
      pending.forEach((o, s) -> {
        if (!spent.containsKey(o)) {
          pool.put(o, s);
        }
      });
      state = pool.isEmpty() ? "waiting for mature coins" : "running";
    }
  }

  private void submitOne() {
    Spendable coin;
    synchronized (this) {
      coin = pick();
      if (coin == null) {
        return;
      }
      pool.remove(coin.outPoint());
      spent.put(coin.outPoint(), System.currentTimeMillis());
    }
    int to = (coin.wallet() + 1 + random.nextInt(Math.max(1, wallets.size() - 1))) % wallets.size();
    TransactionBuilder b = new TransactionBuilder();
    b.addInput(coin.outPoint(), coin.amount(), wallets.get(coin.wallet()));
    long available = coin.amount().atoms() - FEE.atoms();
    long pay = available / 2;
    boolean change = pay >= MIN_OUTPUT && available - pay >= MIN_OUTPUT;
    if (change) {
      b.addOutput(Amount.ofAtoms(pay), addresses.get(to));
      b.addOutput(Amount.ofAtoms(available - pay), addresses.get(coin.wallet()));
    } else {
      b.addOutput(Amount.ofAtoms(available), addresses.get(to));
    }
    Transaction tx = b.build(net.genesisHash());
    int node = coin.node() >= 0 ? coin.node() : random.nextInt(nodes.size());
    JsonObject body = new JsonObject();
    body.addProperty("hex", HexFormat.of().formatHex(tx.encode()));
    submitted.incrementAndGet();
    RestClient.Reply reply;
    try {
      reply = nodes.get(node).post("/api/v1/transactions", body);
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      lastProblem = "node " + node + ": " + e.getMessage();
      if (neverSent(e)) {
        count("not sent: " + e.getCause().getClass().getSimpleName());
        synchronized (this) {
          spent.remove(coin.outPoint());
        }
      } else {
        // Unknown outcome (a timeout, or the node died mid-request): it may have accepted the
        // transaction, so spending the coin again could double-spend against our own transaction.
        count("unknown outcome: " + (e.getCause() == null ? e.getClass() : e.getCause().getClass())
            .getSimpleName());
      }
      return;
    }
    String result = reply.ok() ? StatusCommand.text(reply.body(), "result") : "";
    if (result.equals("accepted") || result.equals("already-known")) {
      acceptedByNode.incrementAndGet(node);
      long now = System.currentTimeMillis();
      synchronized (this) {
        accepted.add(tx.txid());
        acceptedWhere.put(tx.txid(), "node " + node + " at " + java.time.Instant.ofEpochMilli(now)
            + (coin.depth() > 0 ? " (child of " + coin.outPoint().txid().toHex().substring(0, 16)
            + ")" : ""));
        for (int i = 0; i < tx.outputs().size(); i++) {
          int owner = i == 0 ? to : coin.wallet();
          OutPoint o = OutPoint.of(tx.txid(), i);
          Spendable s =
              new Spendable(o, tx.outputs().get(i).amount(), owner, node, coin.depth() + 1, now);
          pending.put(o, s);
          if (s.depth() < MAX_DEPTH && s.amount().atoms() > MIN_OUTPUT + FEE.atoms()) {
            pool.put(o, s);
          }
        }
      }
    } else {
      rejected.incrementAndGet();
      lastProblem = "node " + node + ": " + (reply.ok() ? result : reply.error());
      if (reply.status() == 400) {
        count("rejected: " + StatusCommand.text(reply.body(), "reason"));
        synchronized (this) {
          spent.remove(coin.outPoint()); // refused: the coin is still ours to spend
        }
      } else {
        // Any other answer (a server error) leaves the outcome open: the coin is not spent again.
        count(reply.ok() ? "held: " + result : "unknown outcome: HTTP " + reply.status());
      }
    }
  }

  /** Whether the request never reached the node (connection refused or not established). */
  private static boolean neverSent(RuntimeException e) {
    return e.getCause() instanceof ConnectException
        || e.getCause() instanceof HttpConnectTimeoutException;
  }

  private void count(String problem) {
    problems.computeIfAbsent(problem, k -> new AtomicLong()).incrementAndGet();
  }

  /** The shallowest spendable output, or null. */
  private Spendable pick() {
    Spendable best = null;
    for (Spendable s : pool.values()) {
      if (s.depth() < MAX_DEPTH && (best == null || s.depth() < best.depth())) {
        best = s;
        if (s.depth() == 0) {
          break;
        }
      }
    }
    return best;
  }

  long submitted() {
    return submitted.get();
  }

  long rejected() {
    return rejected.get();
  }

  long failed() {
    return failed.get();
  }

  long acceptedBy(int node) {
    return acceptedByNode.get(node);
  }

  synchronized List<Hash> accepted() {
    return List.copyOf(accepted);
  }

  /** Which node accepted {@code txid} and when, if this generator submitted it. */
  synchronized String acceptedWhere(Hash txid) {
    return acceptedWhere.get(txid);
  }

  synchronized long acceptedCount() {
    return accepted.size();
  }

  /** How many submissions failed or were refused, by kind, sorted by kind. */
  Map<String, Long> problems() {
    Map<String, Long> out = new TreeMap<>();
    problems.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  String state() {
    return state;
  }

  String lastProblem() {
    return lastProblem;
  }
}
