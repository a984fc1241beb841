package io.elo.examples.internal.cli;

import com.google.gson.JsonObject;
import io.elo.crypto.Hash;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The end-of-run check of {@code elo testnet --duration}: at least the required number of the
 * transactions the generator got accepted are confirmed on every node (the rest are reported),
 * and the nodes agree on the tip with block production switched off (admin API), a tie broken
 * by one node producing a block at a time. Prints a summary
 * and a {@code RESULT} line for scripts.
 */
final class TestnetCheck {
  /** The outcome. */
  record Result(
      boolean agree, int height, String tip, int accepted, int confirmed, int required) {
    boolean passed() {
      return agree && confirmed >= required;
    }
  }

  /** How long blocks in flight may take to reach every node after production stops. */
  private static final long SETTLE_MILLIS = 5_000;
  /** How long one node's production turn may take to yield a block. */
  private static final long TURN_MILLIS = 20_000;

  private final List<RestClient> nodes;
  private final List<RestClient> admins;
  private final PrintStream out;

  TestnetCheck(List<RestClient> nodes, List<RestClient> admins, PrintStream out) {
    this.nodes = nodes;
    this.admins = admins;
    this.out = out;
  }

  /**
   * Runs the check: at least {@code required} of the {@code accepted} transactions must be
   * confirmed on every node (it waits up to {@code confirmWait} for all of them, less once the
   * requirement holds and nothing moved for 10 s), and the nodes must agree.
   */
  Result run(List<Hash> accepted, int required, Duration confirmWait, Duration agreeWait)
      throws InterruptedException {
    out.printf(
        "checking: %d accepted transactions confirmed on every node, at least %d (up to %ds)%n",
        accepted.size(), required, confirmWait.getSeconds());
    int confirmed = waitConfirmed(accepted, required, confirmWait);
    out.printf("checking: nodes agree on the tip with block production off (up to %ds)%n",
        agreeWait.getSeconds());
    long deadline = System.currentTimeMillis() + agreeWait.toMillis();
    // Production off everywhere, then blocks still in flight settle. Nodes may still disagree:
    // two tips of equal work are a tie only a new block breaks, and with blocks coming faster
    // than they propagate (a loaded machine) all-on production may never pause on one tip. So one
    // node at a time produces a block: its chain is then the heaviest and every node must
    // follow it. Round-robin, because a proof-of-authority signer that sealed recently may not
    // seal now.
    setProducing(false);
    List<NodeSnapshot> snaps = settle(deadline);
    boolean agree = agree(snaps);
    for (int turn = 0; !agree && System.currentTimeMillis() < deadline; turn++) {
      int producer = turn % admins.size();
      int from = snaps.get(producer).height();
      setProducing(producer, true);
      long turnEnd = Math.min(deadline, System.currentTimeMillis() + TURN_MILLIS);
      while (System.currentTimeMillis() < turnEnd
          && NodeSnapshot.poll(nodes.get(producer)).height() <= from) {
        Thread.sleep(250);
      }
      setProducing(producer, false);
      snaps = settle(deadline);
      agree = agree(snaps);
    }
    for (int i = 0; i < snaps.size(); i++) {
      NodeSnapshot s = snaps.get(i);
      out.printf("node %d: %s%n", i,
          s.up() ? "height " + s.height() + " tip " + s.tipHash() : "not answering");
    }
    NodeSnapshot first = snaps.get(0);
    Result result =
        new Result(
            agree, first.height(), first.tipHash(), accepted.size(), confirmed, required);
    out.printf(
        "testnet check: nodes %s at height %d; transactions accepted %d, confirmed on every node"
            + " %d%n",
        agree ? "agree" : "DISAGREE", result.height(), result.accepted(), result.confirmed());
    out.printf("RESULT %s agree=%s height=%d tip=%s accepted=%d confirmed=%d%n",
        result.passed() ? "PASS" : "FAIL", agree, result.height(), result.tip(),
        result.accepted(), result.confirmed());
    return result;
  }

  private List<NodeSnapshot> poll() {
    return nodes.stream().map(NodeSnapshot::poll).toList();
  }

  /** Polls until every node agrees or {@link #SETTLE_MILLIS} (or the deadline) passed. */
  private List<NodeSnapshot> settle(long deadline) throws InterruptedException {
    long end = Math.min(deadline, System.currentTimeMillis() + SETTLE_MILLIS);
    List<NodeSnapshot> snaps = poll();
    while (!agree(snaps) && System.currentTimeMillis() < end) {
      Thread.sleep(250);
      snaps = poll();
    }
    return snaps;
  }

  private void setProducing(boolean on) {
    for (int i = 0; i < admins.size(); i++) {
      setProducing(i, on);
    }
  }

  private void setProducing(int node, boolean on) {
    RestClient admin = admins.get(node);
    JsonObject body = new JsonObject();
    body.addProperty("producing", on);
    try {
      admin.post("/api/v1/admin/block-production", body);
    } catch (RuntimeException e) {
      out.println("cannot switch block production at " + admin.base() + ": " + e.getMessage());
    }
  }

  static boolean agree(List<NodeSnapshot> snaps) {
    return snaps.stream().allMatch(NodeSnapshot::up)
        && snaps.stream().map(NodeSnapshot::tipHash).distinct().count() == 1;
  }

  private int waitConfirmed(List<Hash> accepted, int required, Duration wait)
      throws InterruptedException {
    Set<Hash> left = new HashSet<>(accepted);
    long deadline = System.currentTimeMillis() + wait.toMillis();
    long lastProgress = System.currentTimeMillis();
    while (true) {
      for (Hash txid : new ArrayList<>(left)) {
        if (confirmedEverywhere(txid)) {
          left.remove(txid);
          lastProgress = System.currentTimeMillis();
        }
      }
      long now = System.currentTimeMillis();
      boolean enough = accepted.size() - left.size() >= required;
      if (left.isEmpty() || now >= deadline || (enough && now - lastProgress > 10_000)) {
        break;
      }
      Thread.sleep(1000);
    }
    if (!left.isEmpty()) {
      Hash example = left.iterator().next();
      out.printf("not confirmed everywhere: %d, e.g. %s:", left.size(), example);
      for (int i = 0; i < nodes.size(); i++) {
        String status;
        try {
          RestClient.Reply r = nodes.get(i).get("/api/v1/transactions/" + example.toHex());
          status = r.ok() ? StatusCommand.text(r.body(), "status") : r.error();
        } catch (RuntimeException e) {
          status = e.getMessage();
        }
        out.printf(" node %d %s;", i, status);
      }
      out.println();
    }
    return accepted.size() - left.size();
  }

  private boolean confirmedEverywhere(Hash txid) {
    for (RestClient node : nodes) {
      try {
        RestClient.Reply r = node.get("/api/v1/transactions/" + txid.toHex());
        if (!r.ok() || !"confirmed".equals(StatusCommand.text(r.body(), "status"))) {
          return false;
        }
      } catch (RuntimeException e) {
        return false;
      }
    }
    return true;
  }
}
