package io.elo.sync;

import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A block being rebuilt from a compact block (BIP 152's PartiallyDownloadedBlock): slots for every
 * transaction, the prefilled ones set, the others matched by short id against candidate
 * transactions (the mempool, the extra pool) and then against a BlockTxn reply. A slot two
 * different candidates match is left empty and fetched (a short-id collision); a collision the
 * matching cannot see shows as a Merkle mismatch in {@link #build()}, and the caller then asks for
 * the full block. Never penalises. Not thread-safe: built on the I/O thread, then owned by the
 * protocol thread.
 */
final class PartialBlock {
  final ChainMessage.CompactBlock compact;
  final Hash hash;
  private final ShortIds ids;
  private final Transaction[] slots;
  private final boolean[] matched;
  private final Map<Long, Integer> slotById;
  private final boolean duplicateIds;
  private final long prefilledBytes;
  private int filled;

  /** The peer the missing transactions were asked from (set on the protocol thread). */
  PeerState peer;

  /** When GetBlockTxn was sent (millis), or -1. */
  long requestedAt = -1;

  /** The indexes asked with GetBlockTxn. */
  int[] requested;

  PartialBlock(ChainMessage.CompactBlock compact) {
    this.compact = compact;
    this.hash = compact.hash();
    this.ids = ShortIds.of(compact.header(), compact.nonce());
    int count = compact.transactionCount();
    this.slots = new Transaction[count];
    this.matched = new boolean[count];
    long bytes = 0;
    for (ChainMessage.Prefilled p : compact.prefilled()) {
      slots[p.index()] = p.transaction();
      matched[p.index()] = true;
      bytes += p.transaction().size();
      filled++;
    }
    this.prefilledBytes = bytes;
    this.slotById = new HashMap<>(compact.shortIdCount() * 2);
    boolean duplicate = false;
    int next = 0;
    for (int s = 0; s < compact.shortIdCount(); s++) {
      long id = compact.shortId(s);
      while (slots[next] != null) {
        next++;
      }
      duplicate |= slotById.put(id, next) != null;
      next++;
    }
    this.duplicateIds = duplicate;
  }

  /** Whether two transactions of the compact block share a short id: rebuild impossible. */
  boolean hasDuplicateIds() {
    return duplicateIds;
  }

  /** Bytes the partial block holds that no pool shares: its prefilled transactions. */
  long bytes() {
    return prefilledBytes;
  }

  /** Offers each candidate: a transaction whose short id names an empty slot fills it. */
  void offer(Iterable<Transaction> candidates) {
    if (slotById.isEmpty()) {
      return;
    }
    for (Transaction tx : candidates) {
      offer(tx);
    }
  }

  private void offer(Transaction tx) {
    Integer slot = slotById.get(ids.shortId(tx.wtxid()));
    if (slot == null) {
      return;
    }
    if (!matched[slot]) {
      matched[slot] = true;
      slots[slot] = tx;
      filled++;
    } else if (slots[slot] != null && !slots[slot].wtxid().equals(tx.wtxid())) {
      slots[slot] = null; // two candidates for one id: fetch the real one
      filled--;
    }
  }

  /** Whether every slot is filled. */
  boolean isComplete() {
    return filled == slots.length;
  }

  /** The indexes of the empty slots, increasing. */
  int[] missing() {
    int[] out = new int[slots.length - filled];
    int n = 0;
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] == null) {
        out[n++] = i;
      }
    }
    return out;
  }

  /**
   * Fills the {@link #requested} slots with {@code txs}; false if the count does not match (a
   * malformed answer).
   */
  boolean fillRequested(List<Transaction> txs) {
    if (requested == null || txs.size() != requested.length) {
      return false;
    }
    for (int i = 0; i < requested.length; i++) {
      if (slots[requested[i]] == null) {
        filled++;
      }
      slots[requested[i]] = txs.get(i);
    }
    return true;
  }

  /**
   * The block, if every slot is filled, its Merkle root matches the header and it fits the size
   * limit; empty otherwise (an unseen short-id collision, or a body the header does not commit to):
   * the caller falls back to the full block.
   */
  Optional<Block> build() {
    if (!isComplete()) {
      return Optional.empty();
    }
    List<Transaction> txs = new ArrayList<>(Arrays.asList(slots));
    if (!Block.computeMerkleRoot(txs).equals(compact.header().merkleRoot())) {
      return Optional.empty();
    }
    try {
      return Optional.of(Block.of(compact.header(), txs));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // over the size limit: the full block path judges it
    }
  }
}
