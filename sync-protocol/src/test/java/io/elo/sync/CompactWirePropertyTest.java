package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.model.Block;
import io.elo.sync.internal.proto.ChainMessage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The compact block decoders accept or reject with a ProtocolViolation, nothing else. */
class CompactWirePropertyTest {
  private static final byte[] VALID;
  private static final Block BLOCK;

  static {
    CompactFixtures fixtures = new CompactFixtures(6);
    BLOCK = fixtures.blockWith(fixtures.spends);
    VALID = CompactWire.compactBlock(BLOCK, 77);
  }

  /** Decodes whatever compact block message {@code payload} holds; checks what it accepted. */
  private static void decode(byte[] payload) {
    try {
      ChainMessage m = Wire.parse(payload);
      switch (m.getKindCase()) {
        case COMPACT_BLOCK -> check(CompactWire.compact(m.getCompactBlock()));
        case GET_BLOCK_TXN -> {
          CompactWire.TxnRequest request = CompactWire.txnRequest(m.getGetBlockTxn());
          int previous = -1;
          for (int index : request.indexes()) {
            assertTrue(index > previous && index < CompactWire.MAX_BLOCK_TRANSACTIONS);
            previous = index;
          }
        }
        case BLOCK_TXN -> CompactWire.txnReply(m.getBlockTxn());
        default -> {}
      }
    } catch (ProtocolViolation expected) {
      // malformed: rejected with a reason
    }
  }

  private static void check(CompactWire.Compact compact) {
    assertTrue(compact.transactionCount() <= CompactWire.MAX_BLOCK_TRANSACTIONS);
    assertEquals(0, compact.prefilled().get(0).index());
    int previous = -1;
    for (CompactWire.Prefilled p : compact.prefilled()) {
      assertTrue(p.index() > previous && p.index() < compact.transactionCount());
      previous = p.index();
    }
    new PartialBlock(compact); // slots are consistent with the indexes
  }

  @Property(tries = 10000)
  void arbitraryBytes_areDecodedOrRejected(@ForAll byte[] payload) {
    decode(payload);
  }

  @Property(tries = 10000)
  void aCompactBlockWithOneByteChanged_isDecodedConsistentlyOrRejected(
      @ForAll @IntRange(min = 0, max = 4096) int position, @ForAll byte value) {
    byte[] mutated = VALID.clone();
    mutated[position % mutated.length] = value;
    decode(mutated);
  }

  @Property(tries = 10000)
  void aTruncatedCompactBlock_isDecodedConsistentlyOrRejected(
      @ForAll @IntRange(min = 0, max = 4096) int length) {
    byte[] truncated = new byte[length % VALID.length];
    System.arraycopy(VALID, 0, truncated, 0, truncated.length);
    decode(truncated);
  }

  @Property(tries = 10000)
  void blockTxnRequestsWithArbitraryIndexes_areDecodedOrRejected(
      @ForAll int a, @ForAll int b, @ForAll int c) {
    ChainMessage.Builder m = ChainMessage.newBuilder();
    m.getGetBlockTxnBuilder()
        .setBlockHash(com.google.protobuf.ByteString.copyFrom(BLOCK.hash().toBytes()))
        .addIndexes(a)
        .addIndexes(b)
        .addIndexes(c);
    decode(m.build().toByteArray());
  }
}
