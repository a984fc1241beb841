package io.elo.model;

import com.google.common.testing.EqualsTester;
import io.elo.crypto.Hash;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Equality and hash codes of every value type, checked mechanically. */
class EqualityTest {
  private static final Hash H1 = Hash.sha256d(new byte[] {1});
  private static final Hash H2 = Hash.sha256d(new byte[] {2});
  private static final Address A1 = Address.of(H1);
  private static final Address A2 = Address.of(H2);

  @Test
  void height_equalsByValue() {
    new EqualsTester()
        .addEqualityGroup(Height.of(0), Height.ZERO, new Height(0))
        .addEqualityGroup(Height.of(1), Height.ZERO.next())
        .addEqualityGroup(Height.of(Integer.MAX_VALUE))
        .testEquals();
  }

  @Test
  void amount_equalsByAtoms() {
    new EqualsTester()
        .addEqualityGroup(Amount.ZERO, Amount.ofAtoms(0))
        .addEqualityGroup(Amount.ofCoins(1), Amount.ofAtoms(Amount.COIN), Amount.parse("1"))
        .addEqualityGroup(Amount.MAX_MONEY, Amount.ofCoins(21_000_000))
        .testEquals();
  }

  @Test
  void address_equalsByHash() {
    new EqualsTester()
        .addEqualityGroup(A1, Address.of(Hash.fromBytes(H1.toBytes())), Address.parse(A1.toText()))
        .addEqualityGroup(A2)
        .testEquals();
  }

  @Test
  void outPoint_equalsByTxidAndIndex() {
    new EqualsTester()
        .addEqualityGroup(OutPoint.of(H1, 0), OutPoint.of(H1, 0))
        .addEqualityGroup(OutPoint.of(H1, 1))
        .addEqualityGroup(OutPoint.of(H2, 0))
        .testEquals();
  }

  @Test
  void txOutput_equalsByAmountAndAddress() {
    new EqualsTester()
        .addEqualityGroup(TxOutput.of(Amount.ofCoins(1), A1), TxOutput.of(Amount.ofCoins(1), A1))
        .addEqualityGroup(TxOutput.of(Amount.ofCoins(2), A1))
        .addEqualityGroup(TxOutput.of(Amount.ofCoins(1), A2))
        .testEquals();
  }

  @Test
  void txInput_equalsByContentOfEveryField() {
    OutPoint p = OutPoint.of(H1, 0);
    new EqualsTester()
        .addEqualityGroup(
            TxInput.of(p, (byte) 1, new byte[] {1, 2}, new byte[] {3}),
            TxInput.of(p, (byte) 1, new byte[] {1, 2}, new byte[] {3}))
        .addEqualityGroup(
            TxInput.of(OutPoint.of(H2, 0), (byte) 1, new byte[] {1, 2}, new byte[] {3}))
        .addEqualityGroup(TxInput.of(p, (byte) 2, new byte[] {1, 2}, new byte[] {3}))
        .addEqualityGroup(TxInput.of(p, (byte) 1, new byte[] {1}, new byte[] {3}))
        .addEqualityGroup(TxInput.of(p, (byte) 1, new byte[] {1, 2}, new byte[] {4}))
        .addEqualityGroup(TxInput.unsigned(p), TxInput.of(p, (byte) 0, new byte[0], new byte[0]))
        .testEquals();
  }

  @Test
  void transaction_equalsByEncoding() {
    List<TxOutput> outputs = List.of(TxOutput.of(Amount.ofCoins(1), A1));
    Transaction coinbase = Transaction.coinbase(Height.of(1), new byte[] {9}, outputs);
    Transaction spend =
        Transaction.of(1, List.of(TxInput.unsigned(OutPoint.of(H1, 0))), outputs, Height.ZERO);
    new EqualsTester()
        .addEqualityGroup(
            coinbase,
            Transaction.coinbase(Height.of(1), new byte[] {9}, outputs),
            Transaction.decode(coinbase.encode()))
        .addEqualityGroup(Transaction.coinbase(Height.of(2), new byte[] {9}, outputs))
        .addEqualityGroup(Transaction.coinbase(Height.of(1), new byte[] {8}, outputs))
        .addEqualityGroup(spend, Transaction.decode(spend.encode()))
        .addEqualityGroup(
            Transaction.of(2, List.of(TxInput.unsigned(OutPoint.of(H1, 0))), outputs, Height.ZERO))
        .addEqualityGroup(
            Transaction.of(1, List.of(TxInput.unsigned(OutPoint.of(H1, 0))), outputs, Height.of(5)))
        .addEqualityGroup(
            Transaction.of(
                1,
                List.of(TxInput.of(OutPoint.of(H1, 0), (byte) 1, new byte[1], new byte[1])),
                outputs,
                Height.ZERO))
        .testEquals();
  }

  @Test
  void blockHeader_equalsByEveryField() {
    BlockHeader base = BlockHeader.of(1, H1, H2, 100, 7, 9);
    new EqualsTester()
        .addEqualityGroup(
            base, BlockHeader.of(1, H1, H2, 100, 7, 9), BlockHeader.decode(base.encode()))
        .addEqualityGroup(BlockHeader.of(2, H1, H2, 100, 7, 9))
        .addEqualityGroup(BlockHeader.of(1, H2, H2, 100, 7, 9))
        .addEqualityGroup(base.withMerkleRoot(H1))
        .addEqualityGroup(base.withTimestamp(101))
        .addEqualityGroup(BlockHeader.of(1, H1, H2, 100, 8, 9))
        .addEqualityGroup(base.withNonce(10))
        .addEqualityGroup(
            base.withSeal(new byte[] {1}), BlockHeader.of(1, H1, H2, 100, 7, 9, new byte[] {1}))
        .testEquals();
  }

  @Test
  void block_equalsByHeaderAndTransactions() {
    List<TxOutput> outputs = List.of(TxOutput.of(Amount.ofCoins(1), A1));
    Transaction cb1 = Transaction.coinbase(Height.of(1), new byte[0], outputs);
    Transaction cb2 = Transaction.coinbase(Height.of(2), new byte[0], outputs);
    BlockHeader header = BlockHeader.of(1, H1, H2, 100, 7, 9);
    Block block = Block.of(header, List.of(cb1));
    new EqualsTester()
        .addEqualityGroup(block, Block.of(header, List.of(cb1)), Block.decode(block.encode()))
        .addEqualityGroup(Block.of(header, List.of(cb2)))
        .addEqualityGroup(Block.of(header.withNonce(1), List.of(cb1)))
        .addEqualityGroup(Block.of(header, List.of(cb1, cb2)))
        .testEquals();
  }
}
