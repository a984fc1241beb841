package io.elo.p2p;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One iterative Kademlia lookup: keeps the candidates sorted by distance to the target, queries the
 * closest unqueried ones with at most {@link Discovery#ALPHA} requests in flight, and ends when the
 * {@link Discovery#K} closest candidates that did not fail have all answered. Completes with those,
 * closest first.
 */
final class Lookup {
  private enum State {
    NEW,
    ASKED,
    ANSWERED,
    FAILED
  }

  private static final class Candidate {
    final NodeRecord record;
    State state = State.NEW;

    Candidate(NodeRecord record) {
      this.record = record;
    }
  }

  private final Discovery discovery;
  private final NodeId target;
  private final TreeMap<NodeDistance, Candidate> candidates = new TreeMap<>();
  private final CompletableFuture<List<NodeRecord>> result = new CompletableFuture<>();
  private int inFlight;
  private int queries;

  Lookup(Discovery discovery, NodeId target, List<NodeRecord> seeds) {
    this.discovery = discovery;
    this.target = target;
    for (NodeRecord seed : seeds) {
      offer(seed);
    }
  }

  CompletableFuture<List<NodeRecord>> start() {
    advance();
    return result;
  }

  synchronized int queries() {
    return queries;
  }

  private void offer(NodeRecord record) {
    if (record.nodeId().equals(discovery.nodeId())) {
      return;
    }
    NodeDistance distance = record.nodeId().distance(target);
    Candidate existing = candidates.get(distance);
    if (existing == null) {
      candidates.put(distance, new Candidate(record));
    } else if (existing.state == State.NEW && record.supersedes(existing.record)) {
      candidates.put(distance, new Candidate(record));
    }
  }

  private void advance() {
    List<Candidate> toAsk = new ArrayList<>();
    List<NodeRecord> done = null;
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      int seen = 0;
      for (Candidate candidate : candidates.values()) {
        if (inFlight + toAsk.size() >= Discovery.ALPHA || seen >= Discovery.K) {
          break;
        }
        if (candidate.state == State.FAILED) {
          continue;
        }
        seen++;
        if (candidate.state == State.NEW) {
          if (!discovery.isValid(candidate.record)) {
            candidate.state = State.FAILED;
            seen--;
            continue;
          }
          candidate.state = State.ASKED;
          toAsk.add(candidate);
        }
      }
      inFlight += toAsk.size();
      queries += toAsk.size();
      if (inFlight == 0) {
        done = closestAnswered();
      }
    }
    if (done != null) {
      result.complete(done);
      return;
    }
    for (Candidate candidate : toAsk) {
      discovery
          .findNode(candidate.record, target)
          .whenComplete((records, error) -> onAnswer(candidate, records, error));
    }
  }

  private void onAnswer(Candidate candidate, List<NodeRecord> records, Throwable error) {
    synchronized (this) {
      inFlight--;
      if (error != null) {
        candidate.state = State.FAILED;
      } else {
        candidate.state = State.ANSWERED;
        for (NodeRecord record : records) {
          offer(record);
        }
      }
    }
    advance();
  }

  private List<NodeRecord> closestAnswered() {
    List<NodeRecord> closest = new ArrayList<>();
    for (Map.Entry<NodeDistance, Candidate> entry : candidates.entrySet()) {
      if (entry.getValue().state == State.ANSWERED) {
        closest.add(entry.getValue().record);
        if (closest.size() == Discovery.K) {
          break;
        }
      }
    }
    return List.copyOf(closest);
  }
}
