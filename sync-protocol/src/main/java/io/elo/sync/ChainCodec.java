package io.elo.sync;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.elo.consensus.ChainWork;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.DecodeException;
import io.elo.model.Transaction;
import io.elo.p2p.Severity;
import io.elo.sync.internal.proto.BlockMessage;
import io.elo.sync.internal.proto.PrefilledTransaction;
import io.elo.sync.internal.proto.TxMessage;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chain protocol's wire codec: turns a payload into a {@link ChainMessage} in one step,
 * checking every limit of docs/protocol.md, and encodes records back. The protobuf types of {@code
 * io.elo.sync.internal.proto} never leave this class. The payload is parsed with aliasing, so bytes
 * fields are views of the payload, and blocks, headers and transactions are decoded from them.
 * Every malformed payload is a {@link ProtocolViolation} of severity {@code SERIOUS}. Stateless
 * and thread-safe.
 */
final class ChainCodec {
  /** Most headers in one Headers message. */
  static final int MAX_HEADERS = 2000;
  /** Most entries of a block locator. */
  static final int MAX_LOCATOR = 101;
  /** Most hashes in GetBlocks and NotFound. */
  static final int MAX_BLOCK_HASHES = 16;
  /** Most headers announced unsolicited for one tip change. */
  static final int MAX_ANNOUNCED_HEADERS = 8;
  /** Most bytes of an encoded total work (a 256-bit sum of up to 2^32 works). */
  static final int MAX_WORK_BYTES = 33;
  /** Most wtxids in one InvTx, GetTx or NotFoundTx; more is an oversize inventory. */
  static final int MAX_TX_INVENTORY = 1000;
  /** The smallest transaction encoding (a coinbase without extra data), docs/protocol.md. */
  static final int MIN_TRANSACTION_SIZE = 55;
  /** Most transactions a block can hold: the block size limit over the smallest transaction. */
  static final int MAX_BLOCK_TRANSACTIONS = Block.MAX_SIZE / MIN_TRANSACTION_SIZE;

  private ChainCodec() {}

  /** Decodes {@code payload}, which the caller hands over (it is aliased, never modified). */
  static ChainMessage decode(byte[] payload) throws ProtocolViolation {
    return decode(ByteBuffer.wrap(payload));
  }

  /**
   * Decodes the remaining bytes of {@code payload}, which the caller hands over: they are aliased,
   * never modified, and must never change (the p2p layer's frame views keep that promise), since
   * decoded blocks and transactions keep read-only views of them as their encodings.
   */
  static ChainMessage decode(ByteBuffer payload) throws ProtocolViolation {
    io.elo.sync.internal.proto.ChainMessage m;
    try {
      // Through a ByteString: only an input over bytes it deems immutable honours aliasing
      // (CodedInputStream.newInstance copies every bytes field even with aliasing enabled).
      CodedInputStream in = UnsafeByteOperations.unsafeWrap(payload).newCodedInput();
      in.enableAliasing(true);
      m = io.elo.sync.internal.proto.ChainMessage.parseFrom(in);
    } catch (IOException e) { // an InvalidProtocolBufferException: the input is in memory
      throw malformed("undecodable chain message: " + e.getMessage());
    }
    return switch (m.getKindCase()) {
      case STATUS -> status(m.getStatus());
      case GET_HEADERS ->
          new ChainMessage.GetHeaders(
              hashes(m.getGetHeaders().getLocatorList(), MAX_LOCATOR, "locator"));
      case HEADERS -> new ChainMessage.Headers(headers(m.getHeaders().getHeadersList()));
      case GET_BLOCKS ->
          new ChainMessage.GetBlocks(
              hashes(m.getGetBlocks().getHashesList(), MAX_BLOCK_HASHES, "GetBlocks"),
              m.getGetBlocks().getCompact());
      case BLOCK -> new ChainMessage.FullBlock(block(m.getBlock().getBlock()));
      case NOT_FOUND ->
          new ChainMessage.NotFound(
              hashes(m.getNotFound().getHashesList(), MAX_BLOCK_HASHES, "NotFound"));
      case SEND_COMPACT -> new ChainMessage.SendCompact(m.getSendCompact().getHighBandwidth());
      case COMPACT_BLOCK -> CompactCodec.compact(m.getCompactBlock());
      case GET_BLOCK_TXN -> CompactCodec.getBlockTxn(m.getGetBlockTxn());
      case BLOCK_TXN -> CompactCodec.blockTxn(m.getBlockTxn());
      case INV_TX -> new ChainMessage.InvTx(wtxids(m.getInvTx().getWtxidsList(), "InvTx"));
      case GET_TX -> new ChainMessage.GetTx(wtxids(m.getGetTx().getWtxidsList(), "GetTx"));
      case TX -> new ChainMessage.Tx(transaction(m.getTx().getTransaction()));
      case NOT_FOUND_TX ->
          new ChainMessage.NotFoundTx(wtxids(m.getNotFoundTx().getWtxidsList(), "NotFoundTx"));
      case KIND_NOT_SET -> new ChainMessage.Unknown();
    };
  }

  /**
   * Encodes a {@code Block} message carrying the remaining bytes of {@code encodedBlock} (a block's
   * canonical encoding, as the block store keeps it) as they are.
   */
  static byte[] encodeFullBlock(ByteBuffer encodedBlock) {
    var b = io.elo.sync.internal.proto.ChainMessage.newBuilder();
    b.setBlock(BlockMessage.newBuilder().setBlock(UnsafeByteOperations.unsafeWrap(encodedBlock)));
    return b.build().toByteArray();
  }

  /** Encodes {@code message}. */
  static byte[] encode(ChainMessage message) {
    var b = io.elo.sync.internal.proto.ChainMessage.newBuilder();
    if (message instanceof ChainMessage.Status s) {
      b.getStatusBuilder()
          .setGenesisHash(bytes(s.genesis()))
          .setBestHash(bytes(s.best()))
          .setBestHeight(s.bestHeight())
          .setTotalWork(UnsafeByteOperations.unsafeWrap(encodeWork(s.work())));
    } else if (message instanceof ChainMessage.GetHeaders g) {
      var gb = b.getGetHeadersBuilder();
      g.locator().forEach(h -> gb.addLocator(bytes(h)));
    } else if (message instanceof ChainMessage.Headers h) {
      var hb = b.getHeadersBuilder();
      h.headers().forEach(x -> hb.addHeaders(UnsafeByteOperations.unsafeWrap(x.encode())));
    } else if (message instanceof ChainMessage.GetBlocks g) {
      var gb = b.getGetBlocksBuilder().setCompact(g.compact());
      g.hashes().forEach(h -> gb.addHashes(bytes(h)));
    } else if (message instanceof ChainMessage.FullBlock f) {
      b.setBlock(
          BlockMessage.newBuilder().setBlock(UnsafeByteOperations.unsafeWrap(f.block().encodedView())));
    } else if (message instanceof ChainMessage.NotFound n) {
      var nb = b.getNotFoundBuilder();
      n.hashes().forEach(h -> nb.addHashes(bytes(h)));
    } else if (message instanceof ChainMessage.SendCompact s) {
      b.getSendCompactBuilder().setHighBandwidth(s.highBandwidth());
    } else if (message instanceof ChainMessage.CompactBlock c) {
      b.setCompactBlock(CompactCodec.compact(c));
    } else if (message instanceof ChainMessage.GetBlockTxn g) {
      b.setGetBlockTxn(CompactCodec.getBlockTxn(g));
    } else if (message instanceof ChainMessage.BlockTxn t) {
      b.setBlockTxn(CompactCodec.blockTxn(t));
    } else if (message instanceof ChainMessage.InvTx i) {
      var ib = b.getInvTxBuilder();
      i.wtxids().forEach(h -> ib.addWtxids(bytes(h)));
    } else if (message instanceof ChainMessage.GetTx g) {
      var gb = b.getGetTxBuilder();
      g.wtxids().forEach(h -> gb.addWtxids(bytes(h)));
    } else if (message instanceof ChainMessage.Tx t) {
      b.setTx(
          TxMessage.newBuilder()
              .setTransaction(UnsafeByteOperations.unsafeWrap(t.transaction().encodedView())));
    } else if (message instanceof ChainMessage.NotFoundTx n) {
      var nb = b.getNotFoundTxBuilder();
      n.wtxids().forEach(h -> nb.addWtxids(bytes(h)));
    } else {
      throw new IllegalArgumentException("cannot encode " + message);
    }
    return b.build().toByteArray();
  }

  /**
   * The message kind of an encoded payload, read from its first tag (the {@code oneof} field
   * number) without parsing: 1..31, or 0 for anything else (empty, unknown, garbage).
   */
  static int kind(byte[] payload) {
    return kind(ByteBuffer.wrap(payload));
  }

  /** {@link #kind(byte[])} of the remaining bytes of {@code payload}, which it does not move. */
  static int kind(ByteBuffer payload) {
    int tag = 0;
    int start = payload.position();
    for (int i = 0, shift = 0; i < payload.remaining() && i < 5; i++, shift += 7) {
      byte b = payload.get(start + i);
      tag |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        int field = tag >>> 3;
        return field > 0 && field < 32 && kindName(field) != null ? field : 0;
      }
    }
    return 0;
  }

  /** The lower-case name of message kind {@code kind} ("unknown" for 0), null if none. */
  static String kindName(int kind) {
    if (kind == 0) {
      return "unknown";
    }
    var c = io.elo.sync.internal.proto.ChainMessage.KindCase.forNumber(kind);
    return c == null || c == io.elo.sync.internal.proto.ChainMessage.KindCase.KIND_NOT_SET
        ? null
        : c.name().toLowerCase(Locale.ROOT);
  }

  /** Unsigned big-endian without leading zero bytes (zero is empty). */
  static byte[] encodeWork(ChainWork work) {
    byte[] raw = work.value().toByteArray();
    int skip = 0;
    while (skip < raw.length && raw[skip] == 0) {
      skip++;
    }
    byte[] out = new byte[raw.length - skip];
    System.arraycopy(raw, skip, out, 0, out.length);
    return out;
  }

  private static ChainMessage.Status status(io.elo.sync.internal.proto.Status s)
      throws ProtocolViolation {
    ByteString work = s.getTotalWork();
    if (work.size() > MAX_WORK_BYTES || (work.size() > 0 && work.byteAt(0) == 0)) {
      throw malformed("total work is not minimal or too long");
    }
    return new ChainMessage.Status(
        hash(s.getGenesisHash(), "genesis"),
        hash(s.getBestHash(), "best hash"),
        s.getBestHeight(),
        ChainWork.of(new BigInteger(1, work.toByteArray())));
  }

  static Hash hash(ByteString bytes, String what) throws ProtocolViolation {
    if (bytes.size() != Hash.LENGTH) {
      throw malformed(what + " is " + bytes.size() + " bytes, not " + Hash.LENGTH);
    }
    return Hash.fromBytes(bytes.toByteArray());
  }

  static List<Hash> hashes(List<ByteString> list, int max, String what) throws ProtocolViolation {
    if (list.isEmpty() || list.size() > max) {
      throw malformed(what + " has " + list.size() + " entries, allowed 1.." + max);
    }
    List<Hash> out = new ArrayList<>(list.size());
    for (ByteString b : list) {
      out.add(hash(b, what + " entry"));
    }
    return out;
  }

  private static List<Hash> wtxids(List<ByteString> list, String what) throws ProtocolViolation {
    return hashes(list, MAX_TX_INVENTORY, what);
  }

  /** At most 2,000 headers, each canonical, each the child of the previous. */
  private static List<BlockHeader> headers(List<ByteString> list) throws ProtocolViolation {
    if (list.size() > MAX_HEADERS) {
      throw malformed("headers message with " + list.size() + " headers, max " + MAX_HEADERS);
    }
    List<BlockHeader> out = new ArrayList<>(list.size());
    for (ByteString b : list) {
      BlockHeader header = header(b, "header");
      if (!out.isEmpty() && !header.previousHash().equals(out.get(out.size() - 1).hash())) {
        throw malformed("headers do not form a chain");
      }
      out.add(header);
    }
    return out;
  }

  static BlockHeader header(ByteString bytes, String what) throws ProtocolViolation {
    try {
      return BlockHeader.decode(bytes.toByteArray());
    } catch (DecodeException e) {
      throw malformed("undecodable " + what + ": " + e.getMessage());
    }
  }

  private static Block block(ByteString bytes) throws ProtocolViolation {
    try {
      // A read-only view of the payload: the block keeps it as its bytes, no copy.
      return Block.decode(bytes.asReadOnlyByteBuffer());
    } catch (DecodeException e) {
      throw malformed("undecodable block: " + e.getMessage());
    }
  }

  static Transaction transaction(ByteString bytes) throws ProtocolViolation {
    try {
      return Transaction.decode(bytes.asReadOnlyByteBuffer());
    } catch (DecodeException e) {
      throw malformed("undecodable transaction: " + e.getMessage());
    }
  }

  static PrefilledTransaction.Builder prefilled(int index, Transaction tx) {
    return PrefilledTransaction.newBuilder()
        .setIndex(index)
        .setTransaction(UnsafeByteOperations.unsafeWrap(tx.encodedView()));
  }

  static ProtocolViolation malformed(String why) {
    return new ProtocolViolation(Severity.SERIOUS, why);
  }

  static ByteString bytes(Hash hash) {
    return UnsafeByteOperations.unsafeWrap(hash.toBytes());
  }
}
