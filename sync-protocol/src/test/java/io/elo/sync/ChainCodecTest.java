package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.model.TxOutput;
import io.elo.p2p.Severity;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.GetBlockTxn;
import io.elo.sync.internal.proto.InvTx;
import io.elo.sync.internal.proto.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainCodecTest {
  private static ProtocolViolation rejected(ChainMessage.Builder message) {
    ProtocolViolation v =
        assertThrows(
            ProtocolViolation.class, () -> ChainCodec.decode(message.build().toByteArray()));
    assertEquals(Severity.SERIOUS, v.severity());
    return v;
  }

  private static ByteString hashBytes(int length) {
    return ByteString.copyFrom(new byte[length]);
  }

  @Test
  void aBlockDecodedFromAFrame_keepsTheFrameBytes_notACopy() throws Exception {
    Transaction coinbase =
        Transaction.coinbase(
            Height.of(1),
            new byte[] {1, 2, 3},
            List.of(TxOutput.of(Amount.ofCoins(5), Address.of(Hash.sha256d(new byte[] {7})))));
    Block sent =
        Block.of(
            BlockHeader.of(1, Hash.ZERO, Block.computeMerkleRoot(List.of(coinbase)), 1, 0x207fffff, 0),
            List.of(coinbase));
    byte[] payload = TestMessages.block(sent);
    // The payload inside a larger frame, as the p2p layer hands it over.
    byte[] frame = new byte[payload.length + 9];
    System.arraycopy(payload, 0, frame, 5, payload.length);

    var decoded =
        (io.elo.sync.ChainMessage.FullBlock)
            ChainCodec.decode(ByteBuffer.wrap(frame, 5, payload.length));
    assertArrayEquals(sent.encode(), decoded.block().encode());

    // Nobody writes a delivered frame; this test does, only to see that the block's bytes are
    // the frame's: protobuf's bytes field, then the block, aliased it instead of copying.
    int last = 5 + payload.length - 1;
    frame[last] ^= 1;
    byte[] seen = decoded.block().encode();
    assertEquals(frame[last], seen[seen.length - 1]);
  }

  @Test
  void garbage_isAViolation_andAnUnknownKindIsUnknown() throws Exception {
    assertThrows(ProtocolViolation.class, () -> ChainCodec.decode(new byte[] {(byte) 0xff, 1}));
    // Field 17 (free for later messages), an empty length-delimited field: tag 0x8a 0x01.
    assertInstanceOf(
        io.elo.sync.ChainMessage.Unknown.class,
        ChainCodec.decode(new byte[] {(byte) 0x8a, 0x01, 0}));
  }

  @Test
  void hashLists_mustHoldOneToMaxEntriesOf32Bytes() {
    rejected(ChainMessage.newBuilder().setInvTx(InvTx.newBuilder()));
    rejected(ChainMessage.newBuilder().setInvTx(InvTx.newBuilder().addWtxids(hashBytes(31))));
    InvTx.Builder oversize = InvTx.newBuilder();
    for (int i = 0; i <= ChainCodec.MAX_TX_INVENTORY; i++) {
      oversize.addWtxids(hashBytes(32));
    }
    rejected(ChainMessage.newBuilder().setInvTx(oversize));
  }

  @Test
  void status_rejectsNonMinimalWork_andShortHashes() {
    Status.Builder ok =
        Status.newBuilder().setGenesisHash(hashBytes(32)).setBestHash(hashBytes(32));
    rejected(
        ChainMessage.newBuilder()
            .setStatus(ok.clone().setTotalWork(ByteString.copyFrom(new byte[] {0, 1}))));
    rejected(ChainMessage.newBuilder().setStatus(ok.clone().setBestHash(hashBytes(8))));
  }

  @Test
  void headers_mustFormAChain() {
    CompactFixtures f = new CompactFixtures(1);
    List<BlockHeader> chain = new ArrayList<>();
    f.chain.extend(f.chain.genesis(), 3).forEach(b -> chain.add(b.header()));
    Collections.swap(chain, 1, 2);
    byte[] payload = TestMessages.headers(List.of(chain.get(0))); // one header: fine
    assertInstanceOf(io.elo.sync.ChainMessage.Headers.class, decode(payload));
    assertThrows(ProtocolViolation.class, () -> ChainCodec.decode(TestMessages.headers(chain)));
  }

  @Test
  void getBlockTxn_indexesAreDifferential_andBoundedByTheLargestBlock() throws Exception {
    Hash hash = Hash.sha256d(new byte[] {1});
    byte[] payload = TestMessages.getBlockTxn(hash, new int[] {1, 2, 5, 9});
    assertEquals(List.of(1, 0, 2, 3), TestMessages.parse(payload).getGetBlockTxn().getIndexesList());
    rejected(ChainMessage.newBuilder().setGetBlockTxn(GetBlockTxn.newBuilder()
        .setBlockHash(hashBytes(32))));
    rejected(ChainMessage.newBuilder().setGetBlockTxn(GetBlockTxn.newBuilder()
        .setBlockHash(hashBytes(32)).addIndexes(ChainCodec.MAX_BLOCK_TRANSACTIONS)));
  }

  private static io.elo.sync.ChainMessage decode(byte[] payload) {
    try {
      return ChainCodec.decode(payload);
    } catch (ProtocolViolation v) {
      throw new AssertionError(v);
    }
  }
}
