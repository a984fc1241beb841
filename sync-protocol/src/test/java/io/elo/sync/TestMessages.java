package io.elo.sync;

import io.elo.consensus.ChainWork;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Transaction;
import io.elo.validation.ChainTip;
import java.util.List;

/** Test fixture: encoded chain messages for scripted peers, through the {@link ChainCodec}. */
public final class TestMessages {
  public static final int MAX_HEADERS = ChainCodec.MAX_HEADERS;
  public static final int MAX_LOCATOR = ChainCodec.MAX_LOCATOR;
  public static final int MAX_TX_INVENTORY = ChainCodec.MAX_TX_INVENTORY;

  private TestMessages() {}

  /** The wire form of a message, parsed for inspection (protobuf, test-only). */
  public static io.elo.sync.internal.proto.ChainMessage parse(byte[] payload)
      throws ProtocolViolation {
    ChainCodec.decode(payload); // the same checks the protocol makes
    try {
      return io.elo.sync.internal.proto.ChainMessage.parseFrom(payload);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  public static byte[] encodeWork(ChainWork work) {
    return ChainCodec.encodeWork(work);
  }

  public static byte[] status(Hash genesis, ChainTip tip) {
    return ChainCodec.encode(
        new ChainMessage.Status(genesis, tip.hash(), tip.height().value(), tip.work()));
  }

  public static byte[] headers(List<BlockHeader> headers) {
    return ChainCodec.encode(new ChainMessage.Headers(headers));
  }

  public static byte[] getHeaders(List<Hash> locator) {
    return ChainCodec.encode(new ChainMessage.GetHeaders(locator));
  }

  public static byte[] getBlocks(List<Hash> hashes) {
    return ChainCodec.encode(new ChainMessage.GetBlocks(hashes, false));
  }

  public static byte[] block(Block block) {
    return ChainCodec.encode(new ChainMessage.FullBlock(block));
  }

  public static byte[] invTx(List<Hash> wtxids) {
    return ChainCodec.encode(new ChainMessage.InvTx(wtxids));
  }

  public static byte[] getTx(List<Hash> wtxids) {
    return ChainCodec.encode(new ChainMessage.GetTx(wtxids));
  }

  public static byte[] tx(Transaction tx) {
    return ChainCodec.encode(new ChainMessage.Tx(tx));
  }

  static byte[] compactBlock(Block block, long nonce) {
    return ChainCodec.encode(CompactCodec.of(block, nonce));
  }

  static byte[] blockTxn(Hash blockHash, List<Transaction> txs) {
    return ChainCodec.encode(new ChainMessage.BlockTxn(blockHash, txs));
  }

  static byte[] getBlockTxn(Hash blockHash, int[] indexes) {
    return ChainCodec.encode(new ChainMessage.GetBlockTxn(blockHash, indexes));
  }
}
