package io.elo.sync;

import static java.util.Objects.requireNonNull;

import io.elo.consensus.ChainWork;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Transaction;
import java.util.Arrays;
import java.util.List;

/**
 * A chain protocol message as the protocol handles it: immutable, decoded once by the {@link
 * ChainCodec} on the I/O thread (every field checked against docs/protocol.md's limits), with model
 * objects instead of wire bytes. One record per message kind; the codec encodes them back.
 */
sealed interface ChainMessage {

  /** Sent once by both sides when a peer connects. */
  record Status(Hash genesis, Hash best, long bestHeight, ChainWork work) implements ChainMessage {
    public Status {
      requireNonNull(genesis);
      requireNonNull(best);
      requireNonNull(work);
    }
  }

  /** Asks for the headers after the first locator hash on the receiver's best chain. */
  record GetHeaders(List<Hash> locator) implements ChainMessage {
    public GetHeaders {
      locator = List.copyOf(locator);
    }
  }

  /** Headers, each the child of the previous: a GetHeaders reply or an announcement. */
  record Headers(List<BlockHeader> headers) implements ChainMessage {
    public Headers {
      headers = List.copyOf(headers);
    }
  }

  /** Asks for blocks by hash, in full or ({@code compact}) as compact blocks. */
  record GetBlocks(List<Hash> hashes, boolean compact) implements ChainMessage {
    public GetBlocks {
      hashes = List.copyOf(hashes);
    }
  }

  /** One full block. */
  record FullBlock(Block block) implements ChainMessage {
    public FullBlock {
      requireNonNull(block);
    }
  }

  /** The sender does not have these requested blocks. */
  record NotFound(List<Hash> hashes) implements ChainMessage {
    public NotFound {
      hashes = List.copyOf(hashes);
    }
  }

  /** How the sender wants new blocks announced (high bandwidth: compact blocks pushed early). */
  record SendCompact(boolean highBandwidth) implements ChainMessage {}

  /** A transaction sent in full inside a compact block, at its absolute block index. */
  record Prefilled(int index, Transaction transaction) {
    public Prefilled {
      requireNonNull(transaction);
    }
  }

  /**
   * A compact block (BIP 152): {@code shortIds} in block order of the slots that are not
   * prefilled, {@code prefilled} in increasing index order, the coinbase first.
   */
  record CompactBlock(BlockHeader header, long nonce, long[] shortIds, List<Prefilled> prefilled)
      implements ChainMessage {
    public CompactBlock {
      requireNonNull(header);
      shortIds = shortIds.clone();
      prefilled = List.copyOf(prefilled);
    }

    int transactionCount() {
      return shortIds.length + prefilled.size();
    }

    Hash hash() {
      return header.hash();
    }

    /** The short ids (a copy). */
    @Override
    public long[] shortIds() {
      return shortIds.clone();
    }

    /** The short id of the {@code i}th non-prefilled slot. */
    long shortId(int i) {
      return shortIds[i];
    }

    int shortIdCount() {
      return shortIds.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CompactBlock c
          && header.equals(c.header)
          && nonce == c.nonce
          && Arrays.equals(shortIds, c.shortIds)
          && prefilled.equals(c.prefilled);
    }

    @Override
    public int hashCode() {
      return header.hashCode() * 31 + Arrays.hashCode(shortIds);
    }

    @Override
    public String toString() {
      return "CompactBlock[" + header.hash() + ", " + transactionCount() + " txs]";
    }
  }

  /** Asks for the transactions of a block at the absolute, increasing {@code indexes}. */
  record GetBlockTxn(Hash blockHash, int[] indexes) implements ChainMessage {
    public GetBlockTxn {
      requireNonNull(blockHash);
      indexes = indexes.clone();
    }

    /** The indexes (a copy). */
    @Override
    public int[] indexes() {
      return indexes.clone();
    }

    int indexCount() {
      return indexes.length;
    }

    int index(int i) {
      return indexes[i];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GetBlockTxn g
          && blockHash.equals(g.blockHash)
          && Arrays.equals(indexes, g.indexes);
    }

    @Override
    public int hashCode() {
      return blockHash.hashCode() * 31 + Arrays.hashCode(indexes);
    }

    @Override
    public String toString() {
      return "GetBlockTxn[" + blockHash + ", " + indexes.length + " indexes]";
    }
  }

  /** The reply to GetBlockTxn: the requested transactions, in the order asked. */
  record BlockTxn(Hash blockHash, List<Transaction> transactions) implements ChainMessage {
    public BlockTxn {
      requireNonNull(blockHash);
      transactions = List.copyOf(transactions);
    }
  }

  /** Announces transactions by wtxid. */
  record InvTx(List<Hash> wtxids) implements ChainMessage {
    public InvTx {
      wtxids = List.copyOf(wtxids);
    }
  }

  /** Asks for announced transactions by wtxid. */
  record GetTx(List<Hash> wtxids) implements ChainMessage {
    public GetTx {
      wtxids = List.copyOf(wtxids);
    }
  }

  /** One transaction: the reply to GetTx. */
  record Tx(Transaction transaction) implements ChainMessage {
    public Tx {
      requireNonNull(transaction);
    }
  }

  /** The sender does not have these requested transactions. */
  record NotFoundTx(List<Hash> wtxids) implements ChainMessage {
    public NotFoundTx {
      wtxids = List.copyOf(wtxids);
    }
  }

  /** A message kind this version does not know (a later protocol's): ignored. */
  record Unknown() implements ChainMessage {}
}
