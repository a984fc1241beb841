package io.elo.sync;

import io.elo.p2p.NodeId;
import io.elo.p2p.Peer;
import io.elo.p2p.Severity;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request limits of docs/protocol.md ("Request limits"): serves a peer's GetHeaders, GetBlocks,
 * GetBlockTxn and GetTx at once while its {@link RequestBudget} for that kind allows, else delays
 * them in a bounded first-in-first-out queue drained as the budget refills (throttled), and drops
 * those that do not fit the queue, reporting each as {@code MINOR} (refused). Static peers are
 * served at once. Thread-safe: each peer's state has its own lock, held for bookkeeping only;
 * requests are served outside it (on the caller's thread, or on the serving executor when they
 * waited).
 */
final class RequestThrottle {
  private static final Logger LOG = LoggerFactory.getLogger(RequestThrottle.class);

  /** Serves one request; returns the bytes it cost (answer sent, or blocks read when larger). */
  interface Request {
    long serve() throws ProtocolViolation;
  }

  private static final int SERVED = 0;
  private static final int THROTTLED = 1;
  private static final int REFUSED = 2;
  private static final RequestKind[] KINDS = RequestKind.values();

  private final RequestLimits limits;
  private final InstantSource clock;
  private final ScheduledExecutorService scheduler;
  private final Executor serving;
  private final Map<NodeId, PeerRequests> peers = new ConcurrentHashMap<>();
  private final AtomicLongArray totals = new AtomicLongArray(KINDS.length * 3);

  RequestThrottle(
      RequestLimits limits,
      InstantSource clock,
      ScheduledExecutorService scheduler,
      Executor serving) {
    this.limits = limits;
    this.clock = clock;
    this.scheduler = scheduler;
    this.serving = serving;
  }

  /**
   * Most requests (messages, items) one peer may have waiting per kind: at least twice what an
   * honest peer can have outstanding (one GetHeaders, 16 blocks in flight, 2 blocks being rebuilt;
   * GetTx items only for what we announced, within the budget, so they never queue), so only a
   * peer that does not wait for answers reaches it.
   */
  static int maxQueuedMessages(RequestKind kind) {
    return switch (kind) {
      case GET_HEADERS, GET_BLOCK_TXN -> 4;
      case GET_BLOCKS -> 32;
      case GET_TX -> 1_000;
    };
  }

  /** See {@link #maxQueuedMessages}; GetBlockTxn's 16,384 indexes hold 64 KiB. */
  static int maxQueuedItems(RequestKind kind) {
    return switch (kind) {
      case GET_HEADERS -> 4;
      case GET_BLOCKS -> 32;
      case GET_BLOCK_TXN -> 16_384;
      case GET_TX -> 1_000;
    };
  }

  /** The peer connected: its budgets start full. */
  void connected(Peer peer) {
    peers.put(peer.nodeId(), new PeerRequests(peer, clock.millis()));
  }

  /** The peer is gone: its waiting requests are dropped. */
  void gone(Peer peer) {
    PeerRequests state = peers.get(peer.nodeId());
    if (state != null && state.peer == peer) {
      peers.remove(peer.nodeId(), state);
      synchronized (state) {
        state.closed = true;
        for (Lane lane : state.lanes) {
          lane.queue.clear();
          lane.queuedItems = 0;
        }
      }
    }
  }

  /** Serves, delays or refuses {@code request} of {@code items} items from {@code peer}. */
  void submit(Peer peer, RequestKind kind, int items, Request request) {
    PeerRequests state = peers.get(peer.nodeId());
    if (state == null || state.peer != peer) {
      return; // not (or no longer) connected on the chain protocol: nobody to answer
    }
    Lane lane = state.lanes[kind.ordinal()];
    if (peer.isStatic()) {
      synchronized (state) {
        lane.counts[SERVED]++;
      }
      count(kind, SERVED);
      run(peer, request);
      return;
    }
    int verdict;
    long wait = -1;
    int waiting;
    synchronized (state) {
      if (state.closed) {
        return;
      }
      long now = clock.millis();
      waiting = lane.queue.size();
      if (waiting == 0 && !lane.busy && lane.budget.ready(now)) {
        lane.budget.take(items);
        verdict = SERVED;
      } else if (waiting < maxQueuedMessages(kind)
          && lane.queuedItems + items <= maxQueuedItems(kind)) {
        lane.queue.add(new Waiting(items, request));
        lane.queuedItems += items;
        verdict = THROTTLED;
        if (!lane.drainScheduled) {
          lane.drainScheduled = true;
          wait = lane.budget.waitMillis(now);
        }
      } else {
        verdict = REFUSED;
      }
      lane.counts[verdict]++;
    }
    count(kind, verdict);
    if (verdict == SERVED) {
      charge(state, lane, run(peer, request));
    } else if (verdict == REFUSED) {
      LOG.debug("peer {}: {} refused, {} waiting", peer.nodeId(), kind, waiting);
      peer.reportMisbehaviour(Severity.MINOR, kind.messageName() + " over the request limit");
    } else if (wait >= 0) {
      schedule(state, lane, wait);
    }
  }

  /** Totals per kind since the protocol was built, peers gone included. */
  List<RequestLimitStats> stats() {
    List<RequestLimitStats> result = new ArrayList<>();
    for (RequestKind kind : KINDS) {
      int base = kind.ordinal() * 3;
      result.add(
          new RequestLimitStats(
              kind,
              totals.get(base + SERVED),
              totals.get(base + THROTTLED),
              totals.get(base + REFUSED)));
    }
    return List.copyOf(result);
  }

  /** The counts of one connected peer, per kind. */
  Optional<List<RequestLimitStats>> stats(NodeId peer) {
    PeerRequests state = peers.get(peer);
    if (state == null) {
      return Optional.empty();
    }
    List<RequestLimitStats> result = new ArrayList<>();
    synchronized (state) {
      for (RequestKind kind : KINDS) {
        long[] c = state.lanes[kind.ordinal()].counts;
        result.add(new RequestLimitStats(kind, c[SERVED], c[THROTTLED], c[REFUSED]));
      }
    }
    return Optional.of(List.copyOf(result));
  }

  private void schedule(PeerRequests state, Lane lane, long delayMillis) {
    Runnable drain = () -> drain(state, lane);
    try {
      scheduler.schedule(() -> execute(state, lane, drain), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      gone(state.peer); // shutting down: nothing will be served any more
    }
  }

  private void execute(PeerRequests state, Lane lane, Runnable drain) {
    try {
      serving.execute(drain);
    } catch (RejectedExecutionException e) {
      gone(state.peer);
    }
  }

  /** Serves waiting requests while the budget allows, then sleeps until it will again. */
  private void drain(PeerRequests state, Lane lane) {
    while (true) {
      Waiting next;
      long wait;
      synchronized (state) {
        if (state.closed || lane.queue.isEmpty()) {
          lane.drainScheduled = false;
          return;
        }
        wait = lane.budget.waitMillis(clock.millis());
        if (wait > 0) {
          next = null;
        } else {
          next = lane.queue.poll();
          lane.queuedItems -= next.items();
          lane.budget.take(next.items());
          lane.busy = true;
          lane.counts[SERVED]++;
        }
      }
      if (next == null) {
        schedule(state, lane, wait);
        return;
      }
      count(lane.kind, SERVED);
      long bytes = run(state.peer, next.request());
      synchronized (state) {
        lane.busy = false;
      }
      charge(state, lane, bytes);
    }
  }

  private static void charge(PeerRequests state, Lane lane, long bytes) {
    synchronized (state) {
      lane.budget.charge(bytes);
    }
  }

  private static long run(Peer peer, Request request) {
    try {
      return request.serve();
    } catch (ProtocolViolation v) {
      LOG.debug("peer {} broke the chain protocol: {}", peer.nodeId(), v.getMessage());
      peer.reportMisbehaviour(v.severity(), v.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("serving a request of peer {} failed", peer.nodeId(), e);
    }
    return 0;
  }

  private void count(RequestKind kind, int what) {
    totals.incrementAndGet(kind.ordinal() * 3 + what);
  }

  /** A request waiting for the budget. */
  private record Waiting(int items, Request request) {}

  /** One kind's budget and waiting requests for one peer; guarded by the peer's state. */
  private static final class Lane {
    final RequestKind kind;
    final RequestBudget budget;
    final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    final long[] counts = new long[3];
    int queuedItems;

    /** The drain took a waiting request and serves it outside the lock: later ones wait. */
    boolean busy;

    boolean drainScheduled;

    Lane(RequestKind kind, RequestBudget budget) {
      this.kind = kind;
      this.budget = budget;
    }
  }

  /** One peer's lanes. */
  private final class PeerRequests {
    final Peer peer;
    final Lane[] lanes = new Lane[KINDS.length];
    boolean closed;

    PeerRequests(Peer peer, long now) {
      this.peer = peer;
      for (RequestKind kind : KINDS) {
        lanes[kind.ordinal()] = new Lane(kind, new RequestBudget(limits.limit(kind), now));
      }
    }
  }
}
