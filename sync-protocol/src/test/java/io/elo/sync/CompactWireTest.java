package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.sync.internal.proto.BlockTxn;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.CompactBlock;
import io.elo.sync.internal.proto.GetBlockTxn;
import io.elo.sync.internal.proto.PrefilledTransaction;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CompactWireTest {
  private static CompactFixtures fixtures;
  private static Block block;

  @BeforeAll
  static void build() {
    fixtures = new CompactFixtures(5);
    block = fixtures.blockWith(fixtures.spends);
  }

  private static CompactBlock valid() throws ProtocolViolation {
    return Wire.parse(CompactWire.compactBlock(block, 99)).getCompactBlock();
  }

  @Test
  void compactBlock_roundTrips_withTheCoinbasePrefilledAndShortIdsForTheRest() throws Exception {
    CompactWire.Compact compact = CompactFixtures.compactOf(block, 0x1234L);
    assertEquals(block.header(), compact.header());
    assertEquals(0x1234L, compact.nonce());
    assertEquals(6, compact.transactionCount());
    assertEquals(1, compact.prefilled().size());
    assertEquals(0, compact.prefilled().get(0).index());
    assertEquals(block.transactions().get(0), compact.prefilled().get(0).transaction());
    ShortIds ids = ShortIds.of(block.header(), 0x1234L);
    for (int i = 1; i < 6; i++) {
      assertEquals(ids.shortId(block.transactions().get(i).wtxid()), compact.shortIds()[i - 1]);
    }
    assertEquals(5 * 6, valid().getShortIds().size());
  }

  @Test
  void compact_rejectsShortIdsNotAMultipleOfSix() throws Exception {
    CompactBlock bad = valid().toBuilder().setShortIds(ByteString.copyFrom(new byte[7])).build();
    assertThrows(ProtocolViolation.class, () -> CompactWire.compact(bad));
  }

  @Test
  void compact_rejectsAMissingCoinbase() throws Exception {
    assertThrows(
        ProtocolViolation.class,
        () -> CompactWire.compact(valid().toBuilder().clearPrefilled().build()));
    CompactBlock notFirst =
        valid().toBuilder()
            .setPrefilled(0, valid().getPrefilled(0).toBuilder().setIndex(1))
            .build();
    assertThrows(ProtocolViolation.class, () -> CompactWire.compact(notFirst));
  }

  @Test
  void compact_rejectsPrefilledIndexesPastTheBlock() throws Exception {
    PrefilledTransaction extra =
        PrefilledTransaction.newBuilder()
            .setIndex(5) // absolute 6 of 7 slots would be fine; 0 + 1 + 5 = 6 < 7
            .setTransaction(valid().getPrefilled(0).getTransaction())
            .build();
    assertEquals(
        2, CompactWire.compact(valid().toBuilder().addPrefilled(extra).build()).prefilled().size());
    CompactBlock past = valid().toBuilder().addPrefilled(extra.toBuilder().setIndex(6)).build();
    assertThrows(ProtocolViolation.class, () -> CompactWire.compact(past));
    CompactBlock overflow =
        valid().toBuilder().addPrefilled(extra.toBuilder().setIndex(-1)).build();
    assertThrows(ProtocolViolation.class, () -> CompactWire.compact(overflow));
  }

  @Test
  void compact_rejectsUndecodableParts() throws Exception {
    assertThrows(
        ProtocolViolation.class,
        () ->
            CompactWire.compact(
                valid().toBuilder().setHeader(ByteString.copyFrom(new byte[3])).build()));
    CompactBlock badTx =
        valid().toBuilder()
            .setPrefilled(
                0,
                valid().getPrefilled(0).toBuilder()
                    .setTransaction(ByteString.copyFrom(new byte[9])))
            .build();
    assertThrows(ProtocolViolation.class, () -> CompactWire.compact(badTx));
  }

  @Test
  void compact_rejectsMoreTransactionsThanABlockHolds() throws Exception {
    byte[] ids = new byte[CompactWire.MAX_BLOCK_TRANSACTIONS * ShortIds.LENGTH];
    CompactBlock huge = valid().toBuilder().setShortIds(ByteString.copyFrom(ids)).build();
    assertThrows(ProtocolViolation.class, () -> CompactWire.compact(huge));
  }

  @Test
  void getBlockTxn_encodesIndexesDifferentially_andDecodesThemBack() throws Exception {
    Hash hash = block.hash();
    ChainMessage m = Wire.parse(CompactWire.getBlockTxn(hash, new int[] {1, 2, 5, 9}));
    assertEquals(List.of(1, 0, 2, 3), m.getGetBlockTxn().getIndexesList());
    CompactWire.TxnRequest request = CompactWire.txnRequest(m.getGetBlockTxn());
    assertEquals(hash, request.blockHash());
    assertArrayEquals(new int[] {1, 2, 5, 9}, request.indexes());
  }

  @Test
  void txnRequest_rejectsNoIndexes_indexesPastAnyBlock_andShortHashes() {
    ByteString hash = ByteString.copyFrom(block.hash().toBytes());
    assertThrows(
        ProtocolViolation.class,
        () -> CompactWire.txnRequest(GetBlockTxn.newBuilder().setBlockHash(hash).build()));
    assertThrows(
        ProtocolViolation.class,
        () ->
            CompactWire.txnRequest(
                GetBlockTxn.newBuilder()
                    .setBlockHash(hash)
                    .addIndexes(CompactWire.MAX_BLOCK_TRANSACTIONS)
                    .build()));
    assertThrows(
        ProtocolViolation.class,
        () ->
            CompactWire.txnRequest(
                GetBlockTxn.newBuilder()
                    .setBlockHash(ByteString.copyFrom(new byte[31]))
                    .addIndexes(1)
                    .build()));
  }

  @Test
  void blockTxn_roundTrips_andRejectsUndecodableTransactions() throws Exception {
    List<io.elo.model.Transaction> txs = block.transactions().subList(2, 4);
    ChainMessage m = Wire.parse(CompactWire.blockTxn(block.hash(), txs));
    CompactWire.TxnReply reply = CompactWire.txnReply(m.getBlockTxn());
    assertEquals(block.hash(), reply.blockHash());
    assertEquals(txs, reply.transactions());
    BlockTxn bad =
        m.getBlockTxn().toBuilder().addTransactions(ByteString.copyFrom(new byte[2])).build();
    assertThrows(ProtocolViolation.class, () -> CompactWire.txnReply(bad));
  }

  @Test
  void sendCompact_carriesTheFlag() throws Exception {
    assertTrue(Wire.parse(CompactWire.sendCompact(true)).getSendCompact().getHighBandwidth());
    assertTrue(Wire.parse(CompactWire.sendCompact(false)).hasSendCompact());
  }

  @Test
  void getCompactBlocks_setsTheCompactFlag() throws Exception {
    ChainMessage m = Wire.parse(CompactWire.getCompactBlocks(List.of(block.hash())));
    assertTrue(m.getGetBlocks().getCompact());
    assertEquals(1, m.getGetBlocks().getHashesCount());
  }
}
