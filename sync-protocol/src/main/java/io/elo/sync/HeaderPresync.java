package io.elo.sync;

import static java.util.Objects.requireNonNull;

import io.elo.consensus.ChainParams;
import io.elo.consensus.ChainWork;
import io.elo.consensus.ConsensusRules;
import io.elo.consensus.RuleResult;
import io.elo.crypto.Hash;
import io.elo.model.BlockHeader;
import io.elo.validation.ChainTip;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * Checks a peer's header chain whose work is below the anti-DoS threshold without storing it, in
 * the manner of Bitcoin Core's headers presync: every header is checked in context (linkage,
 * timestamps, target or seal) against a bounded window, its work is added up, and one salted bit
 * of every {@value #COMMITMENT_PERIOD}th header's hash is kept. Only when the chain's work reaches
 * the threshold are the headers downloaded a second time (redownload); they must match the kept
 * bits, and are released for storage once {@value #REDOWNLOAD_BUFFER} more headers have matched
 * (or the threshold is reached again), so a peer cannot swap in a different chain unnoticed except
 * with probability 2^-50. Memory: the window, the bit set (1 bit per 50 headers, at most {@value
 * #MAX_HEADERS} headers) and the redownload buffer, whatever the chain's length. Not thread-safe.
 */
final class HeaderPresync {
  static final int COMMITMENT_PERIOD = 50;
  static final int REDOWNLOAD_BUFFER = 2500;
  static final long MAX_HEADERS = 20_000_000L;
  private static final int RECENT = 10;

  /** What the caller does next. */
  enum Kind {
    /** Ask the peer for more headers with {@link #locator()}; submit {@link Step#release()}. */
    MORE,
    /** The chain reached the threshold: ask again from the fork point ({@link #locator()}). */
    REDOWNLOAD,
    /** Submit {@link Step#release()}: the rest of a chain that reached the threshold. Done. */
    DONE,
    /** The chain ended below the threshold: drop it, no fault. Done. */
    LOW_WORK,
    /** A header is from the future: drop the chain, no fault. Done. */
    TOO_NEW,
    /** The first header does not continue the chain: restart normal sync, no fault. Done. */
    DISCONNECTED,
    /** A header breaks a consensus rule, or the chain is absurdly long: penalise. Done. */
    INVALID,
    /** The redownloaded chain differs from the checked one: penalise. Done. */
    MISMATCH
  }

  /** The outcome of {@link #feed}. */
  record Step(Kind kind, List<BlockHeader> release, String reason) {
    Step {
      release = List.copyOf(release);
    }

    static Step of(Kind kind, String reason) {
      return new Step(kind, List.of(), reason);
    }
  }

  private final ChainParams params;
  private final ConsensusRules rules;
  private final ChainTip forkPoint;
  private final ChainWork threshold;
  private final byte[] salt;
  private final int offset;
  private final int windowSize;
  private final BitSet commitments = new BitSet();
  private final Deque<Hash> recent = new ArrayDeque<>(RECENT);
  private final Deque<BlockHeader> buffer = new ArrayDeque<>();
  private PresyncChain chain;
  private boolean redownload;
  private long count;
  private int commitmentCount;
  private int verified;
  private ChainWork work;
  private Hash last;

  HeaderPresync(
      ChainParams params,
      ConsensusRules rules,
      ChainTip forkPoint,
      ChainWork threshold,
      long salt,
      int offset) {
    this.params = requireNonNull(params);
    this.rules = requireNonNull(rules);
    this.forkPoint = requireNonNull(forkPoint);
    this.threshold = requireNonNull(threshold);
    this.salt = ByteBuffer.allocate(8).putLong(salt).array();
    this.offset = Math.floorMod(offset, COMMITMENT_PERIOD);
    this.windowSize = Math.max(params.medianTimePastWindow(), params.authorities().size() / 2) + 1;
    reset();
  }

  private void reset() {
    chain = new PresyncChain(forkPoint, windowSize, params.medianTimePastWindow());
    work = forkPoint.work();
    last = forkPoint.hash();
    count = 0;
    recent.clear();
  }

  /** The known block the checked chain forks from. */
  ChainTip forkPoint() {
    return forkPoint;
  }

  boolean isRedownloading() {
    return redownload;
  }

  /** Headers checked (or redownloaded) so far. */
  long count() {
    return count;
  }

  /** Commitment bits kept. */
  int commitmentCount() {
    return commitmentCount;
  }

  /** Headers held in memory now: the rules' window plus the redownload buffer. */
  int headersHeld() {
    return chain.held() + buffer.size();
  }

  /** The locator that continues this chain (from the fork point right after a redownload starts). */
  List<Hash> locator() {
    List<Hash> newer = new ArrayList<>(recent.size());
    recent.descendingIterator().forEachRemaining(newer::add);
    return Locators.of(forkPoint, newer);
  }

  /** Whether {@code header} continues the chain checked so far (is the child of its last). */
  boolean continues(BlockHeader header) {
    return header.previousHash().equals(last);
  }

  /** Feeds the next batch of the peer's answer; {@code full} says whether more may follow. */
  Step feed(List<BlockHeader> headers, boolean full, Instant now) {
    if (!headers.isEmpty() && !headers.get(0).previousHash().equals(last)) {
      return Step.of(Kind.DISCONNECTED, "headers do not continue the checked chain");
    }
    return redownload ? redownload(headers, full) : presync(headers, full, now);
  }

  private Step presync(List<BlockHeader> headers, boolean full, Instant now) {
    long latest = now.plus(params.maxFutureDrift()).getEpochSecond();
    for (BlockHeader header : headers) {
      if (header.timestamp() <= chain.medianTimePast()) {
        return Step.of(Kind.INVALID, header.hash() + ": timestamp not above median time past");
      }
      if (header.timestamp() > latest) {
        return Step.of(Kind.TOO_NEW, header.hash() + ": timestamp too far in the future");
      }
      RuleResult rule = rules.checkHeader(header, chain);
      if (!rule.isValid()) {
        return Step.of(Kind.INVALID, header.hash() + ": " + rule);
      }
      advance(header);
      if (count > MAX_HEADERS) {
        return Step.of(Kind.INVALID, "header chain longer than " + MAX_HEADERS);
      }
      if (isCommitmentHeight()) {
        commitments.set(commitmentCount++, bit(last));
      }
      if (!threshold.isGreaterThan(work)) {
        redownload = true;
        reset();
        return Step.of(Kind.REDOWNLOAD, "reached the threshold after checking headers");
      }
    }
    return full ? Step.of(Kind.MORE, "") : Step.of(Kind.LOW_WORK, "chain ends below threshold");
  }

  private Step redownload(List<BlockHeader> headers, boolean full) {
    boolean reached = false;
    for (BlockHeader header : headers) {
      advance(header);
      if (isCommitmentHeight() && verified < commitmentCount) {
        if (commitments.get(verified++) != bit(last)) {
          return Step.of(Kind.MISMATCH, "redownloaded header " + last + " differs from presync");
        }
      }
      buffer.add(header);
      reached |= !threshold.isGreaterThan(work);
    }
    if (reached) {
      List<BlockHeader> all = new ArrayList<>(buffer);
      buffer.clear();
      return new Step(Kind.DONE, all, "");
    }
    if (!full) {
      // The peer may have reorganised since the presync: drop the chain without fault.
      return Step.of(Kind.LOW_WORK, "redownloaded chain ends below the threshold");
    }
    List<BlockHeader> release = new ArrayList<>();
    while (buffer.size() > REDOWNLOAD_BUFFER) {
      release.add(buffer.poll());
    }
    return new Step(Kind.MORE, release, "");
  }

  private void advance(BlockHeader header) {
    chain.add(header);
    work = work.add(rules.weight(header));
    last = header.hash();
    count++;
    if (recent.size() == RECENT) {
      recent.poll();
    }
    recent.add(last);
  }

  private boolean isCommitmentHeight() {
    return chain.height().value() % COMMITMENT_PERIOD == offset;
  }

  private boolean bit(Hash hash) {
    byte[] data = new byte[8 + Hash.LENGTH];
    System.arraycopy(salt, 0, data, 0, 8);
    System.arraycopy(hash.toBytes(), 0, data, 8, Hash.LENGTH);
    return (Hash.sha256(data).toBytes()[Hash.LENGTH - 1] & 1) != 0;
  }
}
