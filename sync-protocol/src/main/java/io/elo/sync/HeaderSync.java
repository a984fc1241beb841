package io.elo.sync;

import io.elo.consensus.ChainWork;
import io.elo.crypto.Hash;
import io.elo.model.BlockHeader;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.Severity;
import io.elo.validation.ChainTip;
import io.elo.validation.InvalidReason;
import io.elo.validation.StoreException;
import io.elo.validation.ValidationResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headers-first sync: asks peers for headers with block locators, stores header chains heavy
 * enough through the chain writer, checks lighter ones with a {@link HeaderPresync} without
 * storing them, and follows announcements and orphan blocks back to a known block. Every method
 * runs on the protocol thread.
 */
final class HeaderSync {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderSync.class);

  private final SyncContext ctx;
  private final BlockDownload download;
  /** Posts to the protocol thread when the chain writer finishes a job. */
  private final Consumer<Consumer<Outbox>> reenter;

  HeaderSync(SyncContext ctx, BlockDownload download, Consumer<Consumer<Outbox>> reenter) {
    this.ctx = ctx;
    this.download = download;
    this.reenter = reenter;
  }

  /** Peers in presync now (status snapshots read their count and headers held). */
  private final Set<PeerState> presyncing = new LinkedHashSet<>();

  private void setPresync(PeerState p, HeaderPresync presync) {
    p.headers.presync = presync;
    if (presync == null) {
      presyncing.remove(p);
    } else {
      presyncing.add(p);
    }
  }

  /**
   * If {@code header} is beyond the future drift of our clock, remembers it for {@code p} (to
   * fetch again when due) and returns true.
   */
  boolean noteIfFuture(PeerState p, BlockHeader header) {
    long due = (header.timestamp() - ctx.params.maxFutureDrift().toSeconds()) * 1000;
    if (due <= ctx.now() || ctx.chain.status(header.hash()).isPresent()) {
      return false;
    }
    p.headers.noteFuture(header.hash(), due);
    return true;
  }

  /** The peer is gone. */
  void release(PeerState p) {
    presyncing.remove(p);
  }

  int presyncingPeers() {
    return presyncing.size();
  }

  int presyncHeadersHeld() {
    int held = 0;
    for (PeerState p : presyncing) {
      held += p.headers.presync.headersHeld();
    }
    return held;
  }

  /**
   * Sends GetHeaders unless one is outstanding with the peer; then asks again (from the best
   * header) once the outstanding reply is processed.
   */
  void request(PeerState p, List<Hash> locator, Outbox out) {
    if (p.dropped) {
      return;
    }
    if (p.headers.requestedAt >= 0) {
      p.headers.again = true;
      return;
    }
    p.headers.requestedAt = ctx.now();
    out.send(p.peer, new ChainMessage.GetHeaders(locator));
  }

  /** Starts (or restarts) header sync with {@code p} from our best header chain. */
  void requestFromBest(PeerState p, Outbox out) {
    request(p, Locators.of(ctx.bestHeader()), out);
  }

  void onHeaders(PeerState p, List<BlockHeader> headers, Outbox out) {
    boolean again = p.headers.requestedAt >= 0 && p.headers.again;
    if (again) {
      p.headers.again = false;
    }
    processHeaders(p, headers, out);
    if (again && p.headers.requestedAt < 0 && p.headers.presync == null && !p.dropped) {
      requestFromBest(p, out);
    }
  }

  private void processHeaders(PeerState p, List<BlockHeader> headers, Outbox out) {
    if (p.headers.presync != null
        && !headers.isEmpty()
        && headers.size() <= ChainCodec.MAX_ANNOUNCED_HEADERS
        && !p.headers.presync.continues(headers.get(0))) {
      // An announcement that crossed the presync's request, not its reply (which continues the
      // checked chain): taking it for the reply would drop the presync and shift every later
      // reply by one request, restarting the presync forever. Ignored; the reply is awaited.
      return;
    }
    boolean solicited = p.headers.requestedAt >= 0;
    p.headers.requestedAt = -1;
    boolean full = headers.size() == ChainCodec.MAX_HEADERS;
    headers.forEach(h -> p.chain.markKnown(h.hash()));
    if (p.headers.presync != null && solicited) {
      onPresyncStep(p, p.headers.presync.feed(headers, full, ctx.clock.instant()), full, out);
      return;
    }
    if (headers.isEmpty()) {
      p.headers.done = true;
      return;
    }
    Optional<ChainTip> parent = ctx.chain.chain(headers.get(0).previousHash());
    if (parent.isEmpty()) {
      if (solicited && ++p.headers.unconnecting > HeaderPeer.MAX_UNCONNECTING) {
        out.penalize(p, Severity.MINOR, "headers that do not connect to the locator");
        p.headers.unconnecting = 0;
        p.headers.done = true;
        return;
      }
      requestFromBest(p, out); // an announcement after a gap: find and fill it
      return;
    }
    p.headers.unconnecting = 0;
    p.headers.done = false;
    ChainWork work = parent.get().work();
    boolean allKnown = true;
    for (BlockHeader header : headers) {
      work = work.add(ctx.rules.weight(header));
      allKnown &= ctx.chain.status(header.hash()).isPresent();
    }
    ChainWork threshold = ctx.lowWorkThreshold();
    if (allKnown || !threshold.isGreaterThan(work)) {
      submit(p, headers, full, out);
    } else if (full) {
      setPresync(
          p,
          new HeaderPresync(
              ctx.params,
              ctx.rules,
              parent.get(),
              threshold,
              ctx.secureRandom.nextLong(), // secret: a peer that knew it could swap headers
              ctx.secureRandom.nextInt(HeaderPresync.COMMITMENT_PERIOD)));
      LOG.debug("peer {}: low-work headers from height {}, presync", p, parent.get().height());
      onPresyncStep(p, p.headers.presync.feed(headers, true, ctx.clock.instant()), true, out);
    } else {
      LOG.debug("peer {}: {} headers below the work threshold dropped", p, headers.size());
      p.headers.done = true;
    }
  }

  private void onPresyncStep(PeerState p, HeaderPresync.Step step, boolean full, Outbox out) {
    HeaderPresync presync = p.headers.presync;
    switch (step.kind()) {
      case MORE -> {
        if (!step.release().isEmpty()) {
          submit(p, step.release(), false, out);
        }
        request(p, presync.locator(), out);
      }
      case REDOWNLOAD -> request(p, presync.locator(), out);
      case DONE -> {
        setPresync(p, null);
        submit(p, step.release(), full, out);
      }
      case LOW_WORK, TOO_NEW -> {
        setPresync(p, null);
        p.headers.done = true;
      }
      case DISCONNECTED -> {
        setPresync(p, null);
        requestFromBest(p, out);
      }
      case INVALID -> {
        setPresync(p, null);
        out.penalize(p, Severity.SERIOUS, "invalid header in presync: " + step.reason());
      }
      case MISMATCH -> {
        setPresync(p, null);
        out.penalize(p, Severity.MAJOR, step.reason());
      }
    }
  }

  /**
   * Hands headers to the chain writer; {@code more} asks for the next batch once they are stored.
   */
  private void submit(PeerState p, List<BlockHeader> headers, boolean more, Outbox out) {
    long bytes = 0;
    for (BlockHeader h : headers) {
      bytes += h.size();
    }
    long size = bytes;
    boolean queued =
        ctx.writer.offer(
            new WriterQueue.Job() {
              @Override
              public long bytes() {
                return size;
              }

              @Override
              public void run() {
                ValidationResult result;
                try {
                  result = ctx.chain.submitHeaders(headers);
                } catch (StoreException e) {
                  LOG.error("chain store failed while storing headers", e);
                  return;
                }
                reenter.accept(o -> onStored(p, headers, more, result, o));
              }

              @Override
              public void cancel() {}
            });
    if (!queued) {
      LOG.debug("chain writer queue full: headers from {} dropped", p);
      p.headers.done = false; // asked again by the timer
    }
  }

  private void onStored(
      PeerState p, List<BlockHeader> headers, boolean more, ValidationResult result, Outbox out) {
    ChainTip last = null;
    for (int i = headers.size() - 1; i >= 0 && last == null; i--) {
      last = ctx.chain.chain(headers.get(i).hash()).orElse(null);
    }
    if (last != null && !ctx.isInvalid(last.hash())) {
      p.chain.noteHas(last);
      ctx.noteHeaderChain(last);
    }
    if (result.isReject()) {
      if (result.penalize()) {
        out.penalize(p, Severity.SERIOUS, "invalid header: " + result.message());
      }
      p.headers.done = true;
    } else if (result.isIgnore()) {
      if (result.requireReason() == InvalidReason.UNKNOWN_PARENT) {
        requestFromBest(p, out);
      } else {
        // From the future: the peer will not announce it again, so it is asked for when due.
        for (BlockHeader header : headers) {
          if (noteIfFuture(p, header)) {
            break;
          }
        }
        p.headers.done = true;
      }
    } else if (more && last != null && !p.dropped) {
      request(p, Locators.of(last), out);
    } else if (!more && p.headers.presync == null) {
      p.headers.done = true; // the peer's chain is exhausted: ask again only when it announces
    }
    download.assign();
  }

  /**
   * Timer: asks peers that claim more work than we know, asks again for headers that were refused
   * as from the future once they are due, and drops peers that do not answer.
   */
  void tick(Outbox out) {
    long now = ctx.now();
    ChainTip best = ctx.bestHeader();
    for (PeerState p : ctx.peers.values()) {
      if (p.dropped || !p.statusReceived) {
        continue;
      }
      if (!p.headers.future.isEmpty() && p.headers.future.values().removeIf(due -> due <= now)) {
        p.headers.done = false;
        requestFromBest(p, out); // its reply holds the now acceptable headers
      }
      if (p.headers.requestedAt >= 0) {
        if (now - p.headers.requestedAt > ctx.config.headersRequestTimeout().toMillis()) {
          out.disconnect(p, DisconnectReason.TIMEOUT, "no answer to GetHeaders");
        }
      } else if (p.headers.presync == null
          && !p.headers.done
          && p.statusWork.isGreaterThan(best.work())) {
        requestFromBest(p, out);
      }
    }
  }
}
