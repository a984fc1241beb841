package io.elo.sync;

import static io.elo.sync.ChainCodec.MAX_BLOCK_TRANSACTIONS;
import static io.elo.sync.ChainCodec.MIN_TRANSACTION_SIZE;
import static io.elo.sync.ChainCodec.malformed;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Transaction;
import io.elo.sync.internal.proto.BlockTxn;
import io.elo.sync.internal.proto.CompactBlock;
import io.elo.sync.internal.proto.GetBlockTxn;
import io.elo.sync.internal.proto.PrefilledTransaction;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ChainCodec}'s part for the compact block messages (ids 10, 11, 12): sizes, index
 * order and ranges, differential indexes, short ids of 6 bytes.
 */
final class CompactCodec {
  private CompactCodec() {}

  static ChainMessage.CompactBlock compact(CompactBlock message) throws ProtocolViolation {
    BlockHeader header = ChainCodec.header(message.getHeader(), "compact block header");
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
    List<ChainMessage.Prefilled> prefilled = new ArrayList<>(prefilledCount);
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
      prefilled.add(
          new ChainMessage.Prefilled((int) index, ChainCodec.transaction(p.getTransaction())));
      previous = index;
    }
    byte[] idBytes = raw.toByteArray();
    long[] shortIds = new long[shortCount];
    for (int i = 0; i < shortCount; i++) {
      shortIds[i] = ShortIds.read(idBytes, i * ShortIds.LENGTH);
    }
    return new ChainMessage.CompactBlock(header, message.getNonce(), shortIds, prefilled);
  }

  static CompactBlock compact(ChainMessage.CompactBlock c) {
    byte[] ids = new byte[c.shortIdCount() * ShortIds.LENGTH];
    for (int i = 0; i < c.shortIdCount(); i++) {
      ShortIds.write(c.shortId(i), ids, i * ShortIds.LENGTH);
    }
    CompactBlock.Builder b =
        CompactBlock.newBuilder()
            .setHeader(UnsafeByteOperations.unsafeWrap(c.header().encode()))
            .setNonce(c.nonce())
            .setShortIds(UnsafeByteOperations.unsafeWrap(ids));
    int previous = -1;
    for (ChainMessage.Prefilled p : c.prefilled()) {
      b.addPrefilled(ChainCodec.prefilled(p.index() - previous - 1, p.transaction()));
      previous = p.index();
    }
    return b.build();
  }

  /** 1.. indexes, each below the most transactions a block can hold. */
  static ChainMessage.GetBlockTxn getBlockTxn(GetBlockTxn message) throws ProtocolViolation {
    var hash = ChainCodec.hash(message.getBlockHash(), "GetBlockTxn block hash");
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
    return new ChainMessage.GetBlockTxn(hash, indexes);
  }

  static GetBlockTxn getBlockTxn(ChainMessage.GetBlockTxn g) {
    GetBlockTxn.Builder b = GetBlockTxn.newBuilder().setBlockHash(ChainCodec.bytes(g.blockHash()));
    int previous = -1;
    for (int i = 0; i < g.indexCount(); i++) {
      b.addIndexes(g.index(i) - previous - 1);
      previous = g.index(i);
    }
    return b.build();
  }

  /** At most as many transactions as a block can hold, each canonical. */
  static ChainMessage.BlockTxn blockTxn(BlockTxn message) throws ProtocolViolation {
    var hash = ChainCodec.hash(message.getBlockHash(), "BlockTxn block hash");
    int count = message.getTransactionsCount();
    if (count > MAX_BLOCK_TRANSACTIONS) {
      throw malformed("BlockTxn with " + count + " transactions");
    }
    List<Transaction> txs = new ArrayList<>(count);
    for (ByteString b : message.getTransactionsList()) {
      txs.add(ChainCodec.transaction(b));
    }
    return new ChainMessage.BlockTxn(hash, txs);
  }

  static BlockTxn blockTxn(ChainMessage.BlockTxn t) {
    BlockTxn.Builder b = BlockTxn.newBuilder().setBlockHash(ChainCodec.bytes(t.blockHash()));
    t.transactions().forEach(
        tx -> b.addTransactions(UnsafeByteOperations.unsafeWrap(tx.encodedView())));
    return b.build();
  }

  /** The compact block of {@code block} under {@code nonce}: the coinbase prefilled, others ids. */
  static ChainMessage.CompactBlock of(Block block, long nonce) {
    ShortIds ids = ShortIds.of(block.header(), nonce);
    List<Transaction> txs = block.transactions();
    long[] shortIds = new long[txs.size() - 1];
    for (int i = 1; i < txs.size(); i++) {
      shortIds[i - 1] = ids.shortId(txs.get(i).wtxid());
    }
    return new ChainMessage.CompactBlock(
        block.header(), nonce, shortIds, List.of(new ChainMessage.Prefilled(0, txs.get(0))));
  }
}
