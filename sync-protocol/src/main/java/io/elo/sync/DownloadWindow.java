package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.model.Height;
import io.elo.validation.ChainTip;
import java.util.ArrayList;
import java.util.function.Predicate;

/**
 * The block download window of the {@link BlockDownload} (its only user): the best header chain's
 * hashes at heights {@code base + 1 .. end}, where {@code base} is the last block the tip shares
 * with that chain, moved up over blocks whose bodies are stored, and {@code end} at most {@link
 * SyncConfig#downloadWindow()} past it; plus two scan hints, so that the blocks below them
 * (stored, queued for the writer, or in flight) are not walked again on every event. Everything
 * here is incremental: the hashes slide with the tip and grow with the headers, the fork heights
 * are cached per (tip, best) pair, the base moves on from where it was. Runs on the protocol
 * thread.
 */
final class DownloadWindow {
  private final SyncContext ctx;
  /** The best header chain's hashes from height {@link #start} on (see refresh). */
  private final ArrayList<Hash> hashes = new ArrayList<>();
  private int start;
  /** Below it every block is stored or queued for the writer. */
  private int firstHint;
  /** Below it every block is also stored, queued or in flight. */
  private int scanHint;
  private int hintFloor;
  private Hash baseHash;
  private int baseHeight;
  private ChainTip forkTip;
  private ChainTip forkBest;
  private int fork;
  private int base;
  private int end;

  DownloadWindow(SyncContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Moves the window to the tip and best header chain now; false when the best chain has no
   * more work than the tip (nothing to download).
   */
  boolean update(ChainTip tip, ChainTip best) {
    if (!best.work().isGreaterThan(tip.work())) {
      return false;
    }
    fork = forkHeight(tip, best);
    base = windowBase(best, fork);
    end = Math.min(best.height().value(), base + ctx.config.downloadWindow());
    refresh(best, base + 1, end);
    if (base + 1 < hintFloor) {
      rescan(); // the tip moved back (a reorg): entries past the fork may need download again
    }
    hintFloor = base + 1;
    return true;
  }

  /**
   * Advances the hints over the blocks handled already: {@code queued} (waiting for the writer)
   * or stored, then also {@code inFlight}. Returns the first block still to be stored, or null.
   */
  Hash advance(Predicate<Hash> queued, Predicate<Hash> inFlight) {
    firstHint = Math.max(firstHint, base + 1);
    while (firstHint <= end
        && (ctx.needsNoDownload(hash(firstHint)) || queued.test(hash(firstHint)))) {
      firstHint++;
    }
    scanHint = Math.max(scanHint, firstHint);
    while (scanHint <= end && inFlight.test(hash(scanHint))) {
      scanHint++;
    }
    return firstHint <= end ? hash(firstHint) : null;
  }

  /** Something left the handled set (a request dropped, a queued block not stored): rescan. */
  void rescan() {
    firstHint = 0;
    scanHint = 0;
  }

  /** The first height a scan for blocks to request starts at. */
  int scanFrom() {
    return scanHint;
  }

  /** The window's last height. */
  int end() {
    return end;
  }

  /** The height the window starts after. */
  int base() {
    return base;
  }

  /** The height the tip shares with the best header chain. */
  int fork() {
    return fork;
  }

  /** The hash at {@code height} of the window. */
  Hash hash(int height) {
    return hashes.get(height - start);
  }

  /**
   * Makes the cache hold the best header chain's hashes at heights {@code from..to}. Rebuilding
   * all of it on every call cost one ancestor walk per entry (1,024 per arriving block) and
   * dominated sync CPU; the cache slides with the tip and grows with the headers, and is rebuilt
   * only when the best chain leaves it (a reorg of the header chain).
   */
  private void refresh(ChainTip best, int from, int to) {
    int last = start + hashes.size() - 1;
    if (hashes.isEmpty()
        || from < start
        || from > last + 1
        || !best.ancestorHash(Height.of(last)).map(hashes.get(last - start)::equals)
            .orElse(false)) {
      hashes.clear();
      start = from;
      rescan(); // another best chain: the hints' heights mean other blocks now
    } else if (from > start) {
      hashes.subList(0, from - start).clear();
      start = from;
    }
    for (int h = start + hashes.size(); h <= to; h++) {
      hashes.add(best.ancestorHash(Height.of(h)).orElseThrow());
    }
  }

  /** The height the tip shares with the best header chain; recomputed only when one moved. */
  private int forkHeight(ChainTip tip, ChainTip best) {
    if (tip != forkTip || best != forkBest) {
      fork = SyncContext.forkHeight(tip, best);
      forkTip = tip;
      forkBest = best;
    }
    return fork;
  }

  /**
   * The height the download window starts after: the last block the tip shares with the best
   * header chain, moved up over the blocks of that chain whose bodies are already stored (as
   * Bitcoin Core's last common block). Without this a fork deeper than the window could never be
   * downloaded: the tip stays on the old branch until the new one has more work, so a window
   * counted from the tip would end inside the new branch, fully stored and nothing left to ask.
   * The last base is remembered, so the walk is incremental.
   */
  private int windowBase(ChainTip best, int fork) {
    int at = fork;
    if (baseHash != null
        && baseHeight > fork
        && baseHeight <= best.height().value()
        && best.ancestorHash(Height.of(baseHeight)).orElseThrow().equals(baseHash)) {
      at = baseHeight;
    }
    while (at < best.height().value()) {
      Hash next = best.ancestorHash(Height.of(at + 1)).orElseThrow();
      if (!ctx.hasBody(next) || ctx.isInvalid(next)) {
        break;
      }
      at++;
    }
    baseHeight = at;
    baseHash = best.ancestorHash(Height.of(at)).orElseThrow();
    return at;
  }
}
