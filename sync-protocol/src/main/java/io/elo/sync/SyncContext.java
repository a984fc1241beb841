package io.elo.sync;

import io.elo.consensus.ChainParams;
import io.elo.consensus.ChainWork;
import io.elo.consensus.ConsensusRules;
import io.elo.crypto.Hash;
import io.elo.mempool.Mempool;
import io.elo.model.Height;
import io.elo.p2p.NodeId;
import io.elo.validation.BlockStatus;
import io.elo.validation.ChainState;
import io.elo.validation.ChainTip;
import java.math.BigInteger;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.security.SecureRandom;
import java.util.concurrent.Executor;

/**
 * What the parts of the chain protocol share: their collaborators (chain state, mempool, clock,
 * randomness, the {@link ProtocolLoop} and the {@link Outbox}), the peers (in connect order, so
 * runs are deterministic) and the best header chain. The peers and the best header are owned by
 * the protocol thread: only code running on {@link #loop} touches them.
 */
final class SyncContext {
  final ChainState chain;
  final Mempool mempool;
  final ChainParams params;
  final ConsensusRules rules;
  final SyncConfig config;
  final InstantSource clock;
  /** Non-cryptographic choices: relay delays, set salts, compact block nonces (seeded in tests). */
  final Random random;
  /** Secrets: presync commitment salts. */
  final SecureRandom secureRandom;
  final WriterQueue writer;
  /** The worker pool: transaction admission, mempool scans, served requests that waited. */
  final Executor workers;
  final ProtocolLoop loop;
  final MessageCounters counters = new MessageCounters();
  final Outbox out = new Outbox(counters);
  final Map<NodeId, PeerState> peers = new LinkedHashMap<>();
  private ChainTip bestHeader;
  private long peerOrder;

  SyncContext(
      ChainState chain,
      Mempool mempool,
      SyncConfig config,
      InstantSource clock,
      Random random,
      SecureRandom secureRandom,
      WriterQueue writer,
      Executor workers,
      ProtocolLoop loop) {
    this.chain = chain;
    this.mempool = mempool;
    this.params = chain.params();
    this.rules = ConsensusRules.forParams(params);
    this.config = config;
    this.clock = clock;
    this.random = random;
    this.secureRandom = secureRandom;
    this.writer = writer;
    this.workers = workers;
    this.loop = loop;
    this.bestHeader = chain.tip();
  }

  long now() {
    return clock.millis();
  }

  long nextPeerOrder() {
    return peerOrder++;
  }

  /**
   * The most-work valid header chain known: never below the tip, never ending in an invalid
   * block (then it falls back to the tip until peers' headers raise it again).
   */
  ChainTip bestHeader() {
    ChainTip tip = chain.tip();
    if (isInvalid(bestHeader.hash()) || tip.work().isGreaterThan(bestHeader.work())) {
      bestHeader = tip;
    }
    return bestHeader;
  }

  /** Raises the best header chain to {@code candidate} if it has more work and is valid. */
  void noteHeaderChain(ChainTip candidate) {
    if (candidate.work().isGreaterThan(bestHeader().work()) && !isInvalid(candidate.hash())) {
      bestHeader = candidate;
    }
  }

  boolean isInvalid(Hash hash) {
    return chain.status(hash).map(BlockStatus::isInvalid).orElse(false);
  }

  /** Whether the block's body is stored (or it is invalid): nothing to download. */
  boolean needsNoDownload(Hash hash) {
    Optional<BlockStatus> status = chain.status(hash);
    return status.isEmpty() || status.get() != BlockStatus.HEADER_VALID;
  }

  /** Whether the block is known with its body stored (or known invalid): a duplicate. */
  boolean hasBody(Hash hash) {
    Optional<BlockStatus> status = chain.status(hash);
    return status.isPresent() && status.get() != BlockStatus.HEADER_VALID;
  }

  /**
   * The anti-DoS bound: header chains lighter than max(minimum chain work, tip work minus {@link
   * SyncConfig#lowWorkHeaderBlocks()} times the tip block's work) are not stored.
   */
  ChainWork lowWorkThreshold() {
    ChainTip tip = chain.tip();
    BigInteger perBlock = rules.weight(tip.header()).value();
    BigInteger bound =
        tip.work()
            .value()
            .subtract(perBlock.multiply(BigInteger.valueOf(config.lowWorkHeaderBlocks())))
            .max(BigInteger.ZERO);
    ChainWork floor = params.minimumChainWork();
    return floor.value().compareTo(bound) >= 0 ? floor : ChainWork.of(bound);
  }

  /** The height of the last block {@code a} and {@code b} share (binary search, O(log² n)). */
  static int forkHeight(ChainTip a, ChainTip b) {
    int lo = 0;
    int hi = Math.min(a.height().value(), b.height().value());
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      Height h = Height.of(mid);
      if (a.ancestorHash(h).equals(b.ancestorHash(h))) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
