package io.elo.sync;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.elo.consensus.ChainWork;
import io.elo.crypto.Hash;
import io.elo.model.BlockHeader;
import io.elo.model.DecodeException;
import io.elo.model.Transaction;
import io.elo.p2p.Severity;
import io.elo.sync.internal.proto.BlockMessage;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.GetBlocks;
import io.elo.sync.internal.proto.GetHeaders;
import io.elo.sync.internal.proto.GetTx;
import io.elo.sync.internal.proto.Headers;
import io.elo.sync.internal.proto.InvTx;
import io.elo.sync.internal.proto.NotFound;
import io.elo.sync.internal.proto.NotFoundTx;
import io.elo.sync.internal.proto.Status;
import io.elo.sync.internal.proto.TxMessage;
import io.elo.validation.ChainTip;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Encoding and checked decoding of chain protocol messages; the limits are docs/protocol.md's. */
final class Wire {
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

  private Wire() {}

  static byte[] status(Hash genesis, ChainTip tip) {
    return ChainMessage.newBuilder()
        .setStatus(
            Status.newBuilder()
                .setGenesisHash(bytes(genesis))
                .setBestHash(bytes(tip.hash()))
                .setBestHeight(tip.height().value())
                .setTotalWork(ByteString.copyFrom(encodeWork(tip.work()))))
        .build()
        .toByteArray();
  }

  static byte[] getHeaders(List<Hash> locator) {
    GetHeaders.Builder b = GetHeaders.newBuilder();
    locator.forEach(h -> b.addLocator(bytes(h)));
    return ChainMessage.newBuilder().setGetHeaders(b).build().toByteArray();
  }

  static byte[] headers(List<BlockHeader> headers) {
    Headers.Builder b = Headers.newBuilder();
    headers.forEach(h -> b.addHeaders(ByteString.copyFrom(h.encode())));
    return ChainMessage.newBuilder().setHeaders(b).build().toByteArray();
  }

  static byte[] getBlocks(List<Hash> hashes) {
    GetBlocks.Builder b = GetBlocks.newBuilder();
    hashes.forEach(h -> b.addHashes(bytes(h)));
    return ChainMessage.newBuilder().setGetBlocks(b).build().toByteArray();
  }

  static byte[] block(byte[] encodedBlock) {
    return ChainMessage.newBuilder()
        .setBlock(BlockMessage.newBuilder().setBlock(ByteString.copyFrom(encodedBlock)))
        .build()
        .toByteArray();
  }

  static byte[] notFound(List<Hash> hashes) {
    NotFound.Builder b = NotFound.newBuilder();
    hashes.forEach(h -> b.addHashes(bytes(h)));
    return ChainMessage.newBuilder().setNotFound(b).build().toByteArray();
  }

  static byte[] invTx(List<Hash> wtxids) {
    InvTx.Builder b = InvTx.newBuilder();
    wtxids.forEach(h -> b.addWtxids(bytes(h)));
    return ChainMessage.newBuilder().setInvTx(b).build().toByteArray();
  }

  static byte[] getTx(List<Hash> wtxids) {
    GetTx.Builder b = GetTx.newBuilder();
    wtxids.forEach(h -> b.addWtxids(bytes(h)));
    return ChainMessage.newBuilder().setGetTx(b).build().toByteArray();
  }

  static byte[] tx(byte[] encodedTransaction) {
    return ChainMessage.newBuilder()
        .setTx(TxMessage.newBuilder().setTransaction(ByteString.copyFrom(encodedTransaction)))
        .build()
        .toByteArray();
  }

  static byte[] notFoundTx(List<Hash> wtxids) {
    NotFoundTx.Builder b = NotFoundTx.newBuilder();
    wtxids.forEach(h -> b.addWtxids(bytes(h)));
    return ChainMessage.newBuilder().setNotFoundTx(b).build().toByteArray();
  }

  /** Decodes a wtxid list of InvTx, GetTx or NotFoundTx: 1..1,000 hashes of 32 bytes. */
  static List<Hash> wtxids(List<ByteString> list, String what) throws ProtocolViolation {
    return hashes(list, MAX_TX_INVENTORY, what);
  }

  /** Decodes the transaction of a Tx message; malformed bytes are a serious fault. */
  static Transaction transaction(TxMessage message) throws ProtocolViolation {
    try {
      return Transaction.decode(message.getTransaction().toByteArray());
    } catch (DecodeException e) {
      throw new ProtocolViolation(Severity.SERIOUS, "undecodable transaction: " + e.getMessage());
    }
  }

  static ChainMessage parse(byte[] payload) throws ProtocolViolation {
    try {
      return ChainMessage.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolViolation(Severity.SERIOUS, "undecodable chain message: " + e.getMessage());
    }
  }

  static Hash hash(ByteString bytes, String what) throws ProtocolViolation {
    if (bytes.size() != Hash.LENGTH) {
      throw new ProtocolViolation(
          Severity.SERIOUS, what + " is " + bytes.size() + " bytes, not " + Hash.LENGTH);
    }
    return Hash.fromBytes(bytes.toByteArray());
  }

  static List<Hash> hashes(List<ByteString> list, int max, String what) throws ProtocolViolation {
    if (list.isEmpty() || list.size() > max) {
      throw new ProtocolViolation(
          Severity.SERIOUS, what + " has " + list.size() + " entries, allowed 1.." + max);
    }
    List<Hash> out = new ArrayList<>(list.size());
    for (ByteString b : list) {
      out.add(hash(b, what + " entry"));
    }
    return out;
  }

  /** Decodes a Headers message: at most 2,000, each canonical, each the child of the previous. */
  static List<BlockHeader> headers(Headers message) throws ProtocolViolation {
    int count = message.getHeadersCount();
    if (count > MAX_HEADERS) {
      throw new ProtocolViolation(
          Severity.SERIOUS, "headers message with " + count + " headers, max " + MAX_HEADERS);
    }
    List<BlockHeader> out = new ArrayList<>(count);
    for (ByteString b : message.getHeadersList()) {
      BlockHeader header;
      try {
        header = BlockHeader.decode(b.toByteArray());
      } catch (DecodeException e) {
        throw new ProtocolViolation(Severity.SERIOUS, "undecodable header: " + e.getMessage());
      }
      if (!out.isEmpty() && !header.previousHash().equals(out.get(out.size() - 1).hash())) {
        throw new ProtocolViolation(Severity.SERIOUS, "headers do not form a chain");
      }
      out.add(header);
    }
    return out;
  }

  static ChainWork work(ByteString bytes) throws ProtocolViolation {
    if (bytes.size() > MAX_WORK_BYTES || (bytes.size() > 0 && bytes.byteAt(0) == 0)) {
      throw new ProtocolViolation(Severity.SERIOUS, "total work is not minimal or too long");
    }
    return ChainWork.of(new BigInteger(1, bytes.toByteArray()));
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

  private static ByteString bytes(Hash hash) {
    return ByteString.copyFrom(hash.toBytes());
  }
}
