package io.elo.examples.internal.cli;

import com.google.gson.JsonObject;
import io.elo.crypto.Hash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Polling checks over a {@link Harness}'s REST APIs, shared by the {@code *HarnessIT}s. */
final class HarnessChecks {
  private final Harness h;

  HarnessChecks(Harness h) {
    this.h = h;
  }

  /** Node i's status, or empty when it does not answer. */
  Optional<JsonObject> status(int i) {
    try {
      RestClient.Reply r = h.rest(i).get("/api/v1/status");
      return r.ok() ? Optional.of(r.body()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  int height(int i) {
    return status(i).map(s -> s.get("height").getAsInt()).orElse(-1);
  }

  String tip(int i) {
    return status(i).map(s -> s.get("tipHash").getAsString()).orElse("down");
  }

  /** Waits until every node answers; fails after {@code max}. */
  void awaitUp(Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    for (int i = 0; i < h.size(); i++) {
      while (status(i).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("node " + i + " not answering:\n" + h.log(i));
        }
        Thread.sleep(200);
      }
    }
  }

  /** Waits until node 0 reaches {@code height}; fails after {@code max}. */
  void awaitHeight(int node, int height, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (height(node) < height) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "node " + node + " at " + height(node) + ", not " + height + ":\n" + h.log(node));
      }
      Thread.sleep(250);
    }
  }

  /** Waits until the given nodes report one tip; the time it took, or empty after {@code max}. */
  Optional<Duration> awaitOneTip(List<Integer> nodes, Duration max) throws InterruptedException {
    long start = System.nanoTime();
    while (System.nanoTime() - start < max.toNanos()) {
      Set<String> tips = new HashSet<>();
      for (int i : nodes) {
        tips.add(tip(i));
      }
      if (tips.size() == 1 && !tips.contains("down")) {
        return Optional.of(Duration.ofNanos(System.nanoTime() - start));
      }
      Thread.sleep(100);
    }
    return Optional.empty();
  }

  List<Integer> all() {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      all.add(i);
    }
    return all;
  }

  /** Turns block production on or off on every node (admin API, token from the data dir). */
  void production(boolean on) throws Exception {
    JsonObject body = new JsonObject();
    body.addProperty("producing", on);
    for (int i = 0; i < h.size(); i++) {
      String token =
          Files.readString(h.dataDirectory(i).resolve("api.token"), StandardCharsets.US_ASCII)
              .trim();
      RestClient admin = h.rest(i).withAdminToken(token);
      RestClient.Reply r = admin.post("/api/v1/admin/block-production", body);
      if (!r.ok()) {
        throw new AssertionError("node " + i + " block-production: " + r.status());
      }
    }
  }

  /**
   * With production paused: waits for one tip and returns every node's "tipHash utxoDigest"; the
   * caller asserts they are all equal.
   */
  List<String> digests(Duration max) throws Exception {
    if (awaitOneTip(all(), max).isEmpty()) {
      throw new AssertionError("no common tip after production stopped: " + describe());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      JsonObject d = h.rest(i).getOk("/api/v1/utxo-digest");
      out.add(d.get("tipHash").getAsString() + " " + d.get("utxoDigest").getAsString());
    }
    return out;
  }

  /** Every node's height and tip, and the last log lines of nodes that do not answer. */
  String describe() {
    StringBuilder out = new StringBuilder(tips().toString());
    for (int i = 0; i < h.size(); i++) {
      if (status(i).isEmpty()) {
        try {
          List<String> lines = h.log(i).lines().toList();
          out.append("\n--- node ").append(i).append(" not answering, log tail:\n");
          lines.subList(Math.max(0, lines.size() - 25), lines.size())
              .forEach(l -> out.append(l).append('\n'));
        } catch (java.io.IOException e) {
          out.append("\n--- node ").append(i).append(": no log: ").append(e.getMessage());
        }
      }
    }
    return out.toString();
  }

  List<String> tips() {
    List<String> tips = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      tips.add(i + ":" + height(i) + ":" + tip(i).substring(0, Math.min(12, tip(i).length())));
    }
    return tips;
  }

  /** The txids of node {@code node}'s best-chain blocks above {@code height}. */
  Set<Hash> minedAbove(int node, int height) {
    Set<Hash> txids = new HashSet<>();
    int tip = height(node);
    for (int k = height + 1; k <= tip; k++) {
      RestClient.Reply r = h.rest(node).get("/api/v1/blocks/" + k);
      if (r.ok()) {
        r.body().getAsJsonArray("transactions")
            .forEach(t -> txids.add(Hash.fromHex(t.getAsString())));
      }
    }
    return txids;
  }

  /** For up to three txids: the status each node gives (mempool, confirmed, 404, down). */
  String whereabouts(Set<Hash> txids) {
    StringBuilder out = new StringBuilder();
    txids.stream()
        .limit(3)
        .forEach(
            txid -> {
              out.append("\n").append(txid.toHex(), 0, 16).append(':');
              for (int i = 0; i < h.size(); i++) {
                String state;
                try {
                  RestClient.Reply r = h.rest(i).get("/api/v1/transactions/" + txid.toHex());
                  state = r.ok() ? StatusCommand.text(r.body(), "status") : "" + r.status();
                } catch (RuntimeException e) {
                  state = "down";
                }
                out.append(' ').append(i).append('=').append(state);
              }
            });
    return out.toString();
  }

  /** The txids not confirmed on node {@code node} after waiting up to {@code max}. */
  Set<Hash> unconfirmed(int node, List<Hash> txids, Duration max) throws InterruptedException {
    Set<Hash> left = new HashSet<>(txids);
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      for (Hash txid : new ArrayList<>(left)) {
        try {
          RestClient.Reply r = h.rest(node).get("/api/v1/transactions/" + txid.toHex());
          if (r.ok() && "confirmed".equals(StatusCommand.text(r.body(), "status"))) {
            left.remove(txid);
          }
        } catch (RuntimeException e) {
          // not answering now: try again
        }
      }
      if (left.isEmpty() || System.nanoTime() > deadline) {
        return left;
      }
      Thread.sleep(1000);
    }
  }
}
