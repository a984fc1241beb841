package io.elo.validation;

import io.elo.consensus.ChainParams;
import io.elo.consensus.ConsensusRules;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single writer behind {@link ChainState}: the block index, fork choice, block acceptance,
 * connection and disconnection, orphans and the invalid-block cache. Every method runs under the
 * chain state's lock; the only state readers touch without it is the node map (concurrent), the
 * volatile block statuses and the volatile {@link ChainView}.
 */
final class ChainWriter {
  /** Most work first; on equal work the block seen first (sequence numbers are unique). */
  private static final Comparator<BlockNode> BEST_FIRST =
      Comparator.comparing((BlockNode n) -> n.work).reversed().thenComparingLong(n -> n.sequence);

  private final ChainParams params;
  private final ConsensusRules rules;
  private final BlockChecks checks;
  private final BlockConnector connector;
  private final CoinsCache cache;
  private final BlockStore blocks;
  private final InstantSource clock;
  private final OrphanPool orphans;
  private final InvalidBlockCache invalid;
  private final ChainIndexes indexes;

  final Map<Hash, BlockNode> nodes = new ConcurrentHashMap<>();
  private final TreeSet<BlockNode> candidates = new TreeSet<>(BEST_FIRST);
  // The block being accepted, with what its validation found so far (null between submissions).
  private InFlight inFlight;
  private final Map<BlockNode, ValidationResult> failures = new HashMap<>();
  private final List<BlockNode> refused = new ArrayList<>();
  private final List<ChainEvent> events = new ArrayList<>();
  private long sequence;
  private volatile ChainView view;

  ChainWriter(
      ChainParams params,
      ConsensusRules rules,
      BlockChecks checks,
      BlockConnector connector,
      CoinsCache cache,
      BlockStore blocks,
      InstantSource clock,
      OrphanPool orphans,
      InvalidBlockCache invalid,
      ChainIndexes indexes) {
    this.params = params;
    this.rules = rules;
    this.checks = checks;
    this.connector = connector;
    this.cache = cache;
    this.blocks = blocks;
    this.clock = clock;
    this.orphans = orphans;
    this.invalid = invalid;
    this.indexes = indexes;
  }

  ChainView view() {
    return view;
  }

  OrphanPool orphans() {
    return orphans;
  }

  /** Returns and clears the events recorded since the last call. */
  List<ChainEvent> drainEvents() {
    List<ChainEvent> drained = List.copyOf(events);
    events.clear();
    return drained;
  }

  /**
   * Rebuilds the block index from the block store, starts the UTXO state at the chain store's
   * flushed tip and connects the stored blocks after it along the most-work chain.
   */
  void open(ChainStore store) throws StoreException {
    Block genesis = params.genesis();
    if (blocks.size() == 0) {
      blocks.put(genesis);
    }
    List<BlockHeader> unlinked = new ArrayList<>();
    blocks.forEachBlock(block -> link(block.header(), unlinked));
    // Append order puts parents first, so this only loops if a store was written out of order.
    for (int before = -1; !unlinked.isEmpty() && unlinked.size() != before; ) {
      before = unlinked.size();
      List<BlockHeader> retry = List.copyOf(unlinked);
      unlinked.clear();
      retry.forEach(header -> link(header, unlinked));
    }
    BlockNode root = nodes.get(params.genesisHash());
    if (root == null) {
      throw new StoreException("the block store does not hold this chain's genesis block");
    }
    root.status = BlockStatus.FULLY_VALID;
    propagateChainHasData(root);
    BlockNode start = root;
    if (store.flushedTip().isPresent()) {
      start = nodes.get(store.flushedTip().get());
      if (start == null) {
        throw new StoreException("flushed tip " + store.flushedTip().get() + " is not stored");
      }
    }
    view = ChainView.ofGenesis(root).withTip(start);
    for (BlockNode walk = start; walk != null; walk = walk.parent) {
      walk.status = BlockStatus.FULLY_VALID;
    }
    if (indexes.enabled()) {
      for (int height = 1; height <= start.height; height++) {
        indexes.connect(load(view.at(height)), Height.of(height));
      }
    }
    activate();
    events.clear(); // start-up is not news to listeners
    failures.clear();
    refused.clear();
  }

  private void link(BlockHeader header, List<BlockHeader> unlinked) {
    Hash hash = header.hash();
    if (nodes.containsKey(hash)) {
      return;
    }
    BlockNode parent = nodes.get(header.previousHash());
    BlockNode node;
    if (hash.equals(params.genesisHash())) {
      node = addNode(header, null);
    } else if (parent != null) {
      node = addNode(header, parent);
    } else {
      unlinked.add(header);
      return;
    }
    node.hasData = true;
    node.status = BlockStatus.DATA_STORED;
  }

  /** Accepts a full block, then any orphans it completes. */
  BlockSubmitResult submitBlock(Block block) throws StoreException {
    BlockSubmitResult result = accept(block);
    if (result instanceof BlockSubmitResult.Connected
        || result instanceof BlockSubmitResult.SideChain) {
      connectOrphans(block.hash());
    }
    return result;
  }

  /** Accepts headers in order (headers-first sync), stopping at the first that is not valid. */
  ValidationResult submitHeaders(List<BlockHeader> headers) throws StoreException {
    List<Hash> added = new ArrayList<>();
    ValidationResult result = ValidationResult.accept();
    for (BlockHeader header : headers) {
      Hash hash = header.hash();
      BlockNode node = nodes.get(hash);
      if (node != null) {
        if (node.status.isInvalid()) {
          result = ValidationResult.reject(InvalidReason.KNOWN_INVALID, hash.toHex());
          break;
        }
        continue;
      }
      InvalidReason known = invalid.get(hash);
      if (known != null) {
        result = ValidationResult.reject(InvalidReason.KNOWN_INVALID, hash + ": " + known);
        break;
      }
      BlockNode parent = nodes.get(header.previousHash());
      if (parent == null) {
        result =
            ValidationResult.ignore(InvalidReason.UNKNOWN_PARENT, hash + " after unknown parent");
        break;
      }
      if (parent.status.isInvalid()) {
        invalid.add(hash, InvalidReason.INVALID_PARENT);
        result = ValidationResult.reject(InvalidReason.INVALID_PARENT, hash.toHex());
        break;
      }
      result = checks.checkHeader(header, new ChainTip(parent), clock.instant());
      if (result.isReject()) {
        invalid.add(hash, result.requireReason());
      }
      if (!result.isAccept()) {
        break;
      }
      addNode(header, parent);
      added.add(hash);
    }
    for (Hash hash : added) {
      connectOrphans(hash);
    }
    return result;
  }

  private void connectOrphans(Hash parent) throws StoreException {
    Deque<Hash> queue = new ArrayDeque<>();
    queue.add(parent);
    while (!queue.isEmpty()) {
      for (Block child : orphans.takeChildren(queue.poll())) {
        BlockSubmitResult result = accept(child);
        if (result instanceof BlockSubmitResult.Connected
            || result instanceof BlockSubmitResult.SideChain) {
          queue.add(child.hash());
        }
      }
    }
  }

  private BlockSubmitResult accept(Block block) throws StoreException {
    Hash hash = block.hash();
    BlockNode node = nodes.get(hash);
    if (node != null && node.status.isInvalid()) {
      return new BlockSubmitResult.Invalid(
          InvalidReason.KNOWN_INVALID, true, hash + " is " + node.status);
    }
    if ((node != null && node.hasData) || orphans.contains(hash)) {
      return new BlockSubmitResult.Duplicate(hash);
    }
    InvalidReason known = invalid.get(hash);
    if (known != null) {
      return new BlockSubmitResult.Invalid(InvalidReason.KNOWN_INVALID, true, hash + ": " + known);
    }
    BlockNode parent = nodes.get(block.header().previousHash());
    ContextFreeChecks.Pending stage1 = checks.startContextFree(block);
    BlockConnector.Plan plan = null;
    TransactionValidator.ContextFree contextFree;
    try {
      if (parent != null && parent == view.tip() && stage1.cheapAccepted()) {
        // It extends the tip, so it is connected next on this very UTXO set: check its inputs
        // while the workers decode its keys, keeping the UTXO reads off the critical path.
        plan = connector.plan(block, Height.of(parent.height + 1), null);
      }
    } finally {
      contextFree = stage1.join();
    }
    ValidationResult result = contextFree.result();
    if (!result.isAccept()) {
      if (BlockChecks.commitsToContent(block)) {
        rememberInvalid(node, hash, result.requireReason());
      }
      return BlockSubmitResult.Invalid.of(result);
    }
    if (parent == null) {
      orphans.add(block);
      return new BlockSubmitResult.Orphan(
          orphans.contains(hash) ? orphans.missingAncestor(hash) : block.header().previousHash());
    }
    if (parent.status.isInvalid()) {
      rememberInvalid(node, hash, InvalidReason.INVALID_PARENT);
      return new BlockSubmitResult.Invalid(
          InvalidReason.INVALID_PARENT, true, hash + ": parent " + parent.status);
    }
    if (node == null) {
      result = checks.checkHeader(block.header(), new ChainTip(parent), clock.instant());
      if (result.isIgnore()) {
        // Possibly valid later (a block from the future): neither cached nor stored.
        return new BlockSubmitResult.Ignored(result.requireReason(), result.message());
      }
      if (result.isReject()) {
        invalid.add(hash, result.requireReason());
        return BlockSubmitResult.Invalid.of(result);
      }
    }
    result = BlockChecks.checkCoinbaseHeight(block, parent.height + 1);
    if (!result.isAccept()) {
      rememberInvalid(node, hash, result.requireReason());
      return BlockSubmitResult.Invalid.of(result);
    }
    // Durable before it can be connected: after a crash the flushed UTXO state is replayed
    // forward from the block store.
    blocks.put(block);
    if (node == null) {
      node = addNode(block.header(), parent);
    }
    node.hasData = true;
    if (node.status == BlockStatus.HEADER_VALID) {
      node.status = BlockStatus.DATA_STORED;
    }
    propagateChainHasData(node);
    inFlight = new InFlight(block, contextFree.keys(), plan);
    try {
      activate();
    } finally {
      inFlight = null;
    }
    return outcome(node);
  }

  private BlockSubmitResult outcome(BlockNode node) {
    try {
      ValidationResult failure = failures.get(node);
      if (failure != null) {
        return BlockSubmitResult.Invalid.of(failure);
      }
      if (node.status.isInvalid()) {
        return new BlockSubmitResult.Invalid(
            InvalidReason.INVALID_PARENT, true, node.hash + " descends from an invalid block");
      }
      if (view.contains(node)) {
        return new BlockSubmitResult.Connected(new ChainTip(view.tip()));
      }
      for (BlockNode best : refused) {
        if (best.descendsFrom(node)) {
          return new BlockSubmitResult.Ignored(
              InvalidReason.REORG_TOO_DEEP,
              node.hash + ": fork deeper than " + params.maxReorgDepth() + " blocks");
        }
      }
      return new BlockSubmitResult.SideChain(new ChainTip(node));
    } finally {
      failures.clear();
      refused.clear();
    }
  }

  private void rememberInvalid(BlockNode node, Hash hash, InvalidReason reason) {
    invalid.add(hash, reason);
    if (node != null) {
      markInvalid(node);
    }
  }

  private BlockNode addNode(BlockHeader header, BlockNode parent) {
    BlockNode node =
        new BlockNode(
            header, parent, rules.weight(header), sequence++, params.medianTimePastWindow());
    nodes.put(node.hash, node);
    if (parent != null) {
      parent.children.add(node);
    }
    return node;
  }

  /** Marks {@code node} and, as far as they have data, its descendants as having a full chain. */
  private void propagateChainHasData(BlockNode node) {
    Deque<BlockNode> stack = new ArrayDeque<>();
    stack.push(node);
    while (!stack.isEmpty()) {
      BlockNode n = stack.pop();
      boolean parentReady = n.parent == null || n.parent.chainHasData;
      if (n.chainHasData || !n.hasData || !parentReady || n.status.isInvalid()) {
        continue;
      }
      n.chainHasData = true;
      candidates.add(n);
      n.children.forEach(stack::push);
    }
  }

  /** Marks {@code node} invalid and its descendants invalid-parent; none stays a candidate. */
  private void markInvalid(BlockNode node) {
    node.status = BlockStatus.INVALID;
    candidates.remove(node);
    Deque<BlockNode> stack = new ArrayDeque<>(node.children);
    while (!stack.isEmpty()) {
      BlockNode n = stack.pop();
      n.status = BlockStatus.INVALID_PARENT;
      candidates.remove(n);
      invalid.add(n.hash, InvalidReason.INVALID_PARENT);
      stack.addAll(n.children);
    }
  }

  /**
   * Fork choice: moves the tip to the candidate with the most work (first seen on a tie),
   * disconnecting and connecting blocks; a block that fails is marked invalid with its descendants
   * and the choice is made again, so the tip ends on the best valid chain.
   */
  private void activate() throws StoreException {
    while (true) {
      BlockNode tip = view.tip();
      BlockNode best = candidates.isEmpty() ? tip : candidates.first();
      if (best == tip || !best.work.isGreaterThan(tip.work)) {
        return;
      }
      BlockNode fork = BlockNode.fork(tip, best);
      if (tip.height - fork.height > params.maxReorgDepth()) {
        candidates.remove(best);
        refused.add(best);
        continue;
      }
      while (view.tip() != fork) {
        disconnectTip();
      }
      List<BlockNode> path = new ArrayList<>(best.height - fork.height);
      for (BlockNode walk = best; walk != fork; walk = walk.parent) {
        path.add(walk);
      }
      for (int i = path.size() - 1; i >= 0; i--) {
        BlockNode next = path.get(i);
        Block block = load(next);
        boolean fresh = inFlight != null && inFlight.block() == block;
        ValidationResult result =
            connector.connect(
                block,
                Height.of(next.height),
                fresh ? inFlight.keys() : null,
                fresh ? inFlight.plan() : null);
        if (!result.isAccept()) {
          failures.put(next, result);
          invalid.add(next.hash, result.requireReason());
          markInvalid(next);
          break;
        }
        next.status = BlockStatus.FULLY_VALID;
        view = view.withTip(next);
        events.add(new ChainEvent(block, next.height, true));
        maybeFlush();
      }
    }
  }

  private void disconnectTip() throws StoreException {
    BlockNode tip = view.tip();
    Block block = load(tip);
    connector.disconnect(block);
    view = view.withTip(tip.parent);
    events.add(new ChainEvent(block, tip.height, false));
    maybeFlush();
  }

  private void maybeFlush() throws StoreException {
    if (cache.shouldFlush()) {
      flush();
    }
  }

  /** Writes the UTXO cache to the chain store, recording the current tip. */
  void flush() throws StoreException {
    BlockNode tip = view.tip();
    cache.flush(tip.hash, Height.of(tip.height));
  }

  private Block load(BlockNode node) throws StoreException {
    if (inFlight != null && inFlight.block().hash().equals(node.hash)) {
      return inFlight.block();
    }
    return blocks
        .get(node.hash)
        .orElseThrow(() -> new StoreException("block " + node.hash + " missing from the store"));
  }

  /**
   * The block being accepted, the input keys its stage 1 decoded and what its stage 3 found before
   * the keys were decoded (or null), so connecting it decodes and reads nothing twice.
   */
  private record InFlight(Block block, InputKeys keys, BlockConnector.Plan plan) {}

  /** A block that joined ({@code connected}) or left the best chain, for listeners. */
  record ChainEvent(Block block, int height, boolean connected) {}
}
