package io.elo.sync;

import com.google.protobuf.ByteString;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.DecodeException;
import io.elo.model.Transaction;
import io.elo.p2p.Severity;
import io.elo.sync.internal.proto.BlockTxn;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.CompactBlock;
import io.elo.sync.internal.proto.GetBlockTxn;
import io.elo.sync.internal.proto.GetBlocks;
import io.elo.sync.internal.proto.PrefilledTransaction;
import io.elo.sync.internal.proto.SendCompact;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoding and checked decoding of the compact block messages (ids 7, 10, 11, 12 and the {@code
 * compact} flag of GetBlocks); the limits are docs/protocol.md's. Every malformed message is a
 * {@link ProtocolViolation} of severity {@code SERIOUS}.
 */
final class CompactWire {
  /** The smallest transaction encoding (a coinbase without extra data), docs/protocol.md. */
  static final int MIN_TRANSACTION_SIZE = 55;

  /** Most transactions a block can hold: the block size limit over the smallest transaction. */
  static final int MAX_BLOCK_TRANSACTIONS = Block.MAX_SIZE / MIN_TRANSACTION_SIZE;

  /** A transaction sent in full inside a compact block, at its absolute block index. */
  record Prefilled(int index, Transaction transaction) {}

  /** A decoded CompactBlock: {@code shortIds} in block order of the non-prefilled slots. */
  record Compact(BlockHeader header, long nonce, long[] shortIds, List<Prefilled> prefilled) {
    int transactionCount() {
      return shortIds.length + prefilled.size();
    }

    Hash hash() {
      return header.hash();
    }
  }

  /** A decoded GetBlockTxn: absolute indexes, increasing. */
  record TxnRequest(Hash blockHash, int[] indexes) {}

  /** A decoded BlockTxn. */
  record TxnReply(Hash blockHash, List<Transaction> transactions) {}

  private CompactWire() {}

  static byte[] sendCompact(boolean highBandwidth) {
    return ChainMessage.newBuilder()
        .setSendCompact(SendCompact.newBuilder().setHighBandwidth(highBandwidth))
        .build()
        .toByteArray();
  }

  /** GetBlocks asking for compact blocks (low-bandwidth relay). */
  static byte[] getCompactBlocks(List<Hash> hashes) {
    GetBlocks.Builder b = GetBlocks.newBuilder().setCompact(true);
    hashes.forEach(h -> b.addHashes(bytes(h)));
    return ChainMessage.newBuilder().setGetBlocks(b).build().toByteArray();
  }

  /** The compact block of {@code block} under {@code nonce}: the coinbase prefilled, others ids. */
  static byte[] compactBlock(Block block, long nonce) {
    ShortIds ids = ShortIds.of(block.header(), nonce);
    List<Transaction> txs = block.transactions();
    byte[] shortIds = new byte[(txs.size() - 1) * ShortIds.LENGTH];
    for (int i = 1; i < txs.size(); i++) {
      ShortIds.write(ids.shortId(txs.get(i).wtxid()), shortIds, (i - 1) * ShortIds.LENGTH);
    }
    CompactBlock.Builder b =
        CompactBlock.newBuilder()
            .setHeader(ByteString.copyFrom(block.header().encode()))
            .setNonce(nonce)
            .setShortIds(ByteString.copyFrom(shortIds))
            .addPrefilled(
                PrefilledTransaction.newBuilder()
                    .setIndex(0)
                    .setTransaction(ByteString.copyFrom(txs.get(0).encode())));
    return ChainMessage.newBuilder().setCompactBlock(b).build().toByteArray();
  }

  /** GetBlockTxn for the absolute, increasing {@code indexes}. */
  static byte[] getBlockTxn(Hash blockHash, int[] indexes) {
    GetBlockTxn.Builder b = GetBlockTxn.newBuilder().setBlockHash(bytes(blockHash));
    int previous = -1;
    for (int index : indexes) {
      b.addIndexes(index - previous - 1);
      previous = index;
    }
    return ChainMessage.newBuilder().setGetBlockTxn(b).build().toByteArray();
  }

  static byte[] blockTxn(Hash blockHash, List<Transaction> txs) {
    BlockTxn.Builder b = BlockTxn.newBuilder().setBlockHash(bytes(blockHash));
    txs.forEach(tx -> b.addTransactions(ByteString.copyFrom(tx.encode())));
    return ChainMessage.newBuilder().setBlockTxn(b).build().toByteArray();
  }

  /** Decodes and checks a CompactBlock (sizes, index order and range, encodings). */
  static Compact compact(CompactBlock message) throws ProtocolViolation {
    BlockHeader header;
    try {
      header = BlockHeader.decode(message.getHeader().toByteArray());
    } catch (DecodeException e) {
      throw malformed("undecodable compact block header: " + e.getMessage());
    }
    ByteString raw = message.getShortIds();
    if (raw.size() % ShortIds.LENGTH != 0) {
      throw malformed("short ids of " + raw.size() + " bytes, not a multiple of 6");
    }
    int shortCount = raw.size() / ShortIds.LENGTH;
    int prefilledCount = message.getPrefilledCount();
    long total = (long) shortCount + prefilledCount;
    if (prefilledCount == 0 || total > MAX_BLOCK_TRANSACTIONS) {
      throw malformed("compact block of " + total + " transactions, " + prefilledCount + " full");
    }
    long bytes = (long) shortCount * MIN_TRANSACTION_SIZE;
    List<Prefilled> prefilled = new ArrayList<>(prefilledCount);
    long previous = -1;
    for (PrefilledTransaction p : message.getPrefilledList()) {
      long index = previous + 1 + Integer.toUnsignedLong(p.getIndex());
      if (index >= total || (previous < 0 && index != 0)) {
        throw malformed("prefilled index " + index + " out of range or coinbase not prefilled");
      }
      bytes += p.getTransaction().size();
      if (bytes > Block.MAX_SIZE) {
        throw malformed("compact block larger than a block may be");
      }
      prefilled.add(new Prefilled((int) index, transaction(p.getTransaction())));
      previous = index;
    }
    byte[] idBytes = raw.toByteArray();
    long[] shortIds = new long[shortCount];
    for (int i = 0; i < shortCount; i++) {
      shortIds[i] = ShortIds.read(idBytes, i * ShortIds.LENGTH);
    }
    return new Compact(header, message.getNonce(), shortIds, List.copyOf(prefilled));
  }

  /** Decodes a GetBlockTxn: 1.. indexes, each below the most transactions a block can hold. */
  static TxnRequest txnRequest(GetBlockTxn message) throws ProtocolViolation {
    Hash hash = Wire.hash(message.getBlockHash(), "GetBlockTxn block hash");
    int count = message.getIndexesCount();
    if (count == 0 || count > MAX_BLOCK_TRANSACTIONS) {
      throw malformed("GetBlockTxn with " + count + " indexes");
    }
    int[] indexes = new int[count];
    long previous = -1;
    for (int i = 0; i < count; i++) {
      long index = previous + 1 + Integer.toUnsignedLong(message.getIndexes(i));
      if (index >= MAX_BLOCK_TRANSACTIONS) {
        throw malformed("GetBlockTxn index " + index + " out of range");
      }
      indexes[i] = (int) index;
      previous = index;
    }
    return new TxnRequest(hash, indexes);
  }

  /** Decodes a BlockTxn: at most as many transactions as a block can hold, each canonical. */
  static TxnReply txnReply(BlockTxn message) throws ProtocolViolation {
    Hash hash = Wire.hash(message.getBlockHash(), "BlockTxn block hash");
    int count = message.getTransactionsCount();
    if (count > MAX_BLOCK_TRANSACTIONS) {
      throw malformed("BlockTxn with " + count + " transactions");
    }
    List<Transaction> txs = new ArrayList<>(count);
    for (ByteString b : message.getTransactionsList()) {
      txs.add(transaction(b));
    }
    return new TxnReply(hash, List.copyOf(txs));
  }

  private static Transaction transaction(ByteString bytes) throws ProtocolViolation {
    try {
      return Transaction.decode(bytes.toByteArray());
    } catch (DecodeException e) {
      throw malformed("undecodable transaction: " + e.getMessage());
    }
  }

  private static ProtocolViolation malformed(String why) {
    return new ProtocolViolation(Severity.SERIOUS, why);
  }

  private static ByteString bytes(Hash hash) {
    return ByteString.copyFrom(hash.toBytes());
  }
}
