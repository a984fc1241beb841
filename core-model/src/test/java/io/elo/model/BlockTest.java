package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elo.crypto.Hash;
import io.elo.crypto.HeaderHasher;
import io.elo.crypto.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockTest {
  private static final Address PAYEE = Address.of(Hash.sha256d(new byte[] {7}));
  private static final List<TxOutput> ONE_OUTPUT = List.of(TxOutput.of(Amount.ofCoins(1), PAYEE));
  private static final BlockHeader HEADER =
      BlockHeader.of(1, Hash.ZERO, Hash.ZERO, 1_700_000_000L, 0x207fffff, 0);

  @Test
  void header_patchingTheNonceAtItsOffsetEqualsWithNonce() {
    byte[] bytes = HEADER.encode();
    bytes[BlockHeader.NONCE_OFFSET] = 0x78;
    bytes[BlockHeader.NONCE_OFFSET + 1] = 0x56;
    bytes[BlockHeader.NONCE_OFFSET + 2] = 0x34;
    bytes[BlockHeader.NONCE_OFFSET + 3] = 0x12;
    assertArrayEquals(HEADER.withNonce(0x12345678).encode(), bytes);
  }

  @Test
  void header_midstateHashOfTheTailEqualsTheBlockHash() {
    BlockHeader header = HEADER.withSeal(new byte[] {1, 2, 3}).withNonce(99);
    byte[] bytes = header.encode();
    HeaderHasher hasher = HeaderHasher.forPrefix(bytes);
    byte[] tail = Arrays.copyOfRange(bytes, BlockHeader.MIDSTATE_PREFIX_LENGTH, bytes.length);
    assertEquals(header.hash(), hasher.hashWithTail(tail));
    assertEquals(Hash.sha256d(bytes), header.hash());
  }

  @Test
  void header_hashCoversTheSealAndEncodeWithoutSealDropsIt() {
    BlockHeader sealed = HEADER.withSeal(new byte[] {5});
    assertNotEquals(HEADER.hash(), sealed.hash());
    assertArrayEquals(HEADER.encode(), sealed.encodeWithoutSeal());
    assertEquals(BlockHeader.ENCODED_LENGTH_WITHOUT_SEAL, sealed.encodeWithoutSeal().length);
    assertEquals(BlockHeader.FIXED_LENGTH + 2, sealed.size());
    assertEquals(
        BlockHeader.MAX_ENCODED_LENGTH,
        HEADER.withSeal(new byte[BlockHeader.MAX_SEAL_LENGTH]).encode().length);
  }

  @Test
  void header_rejectsInvalidFields() {
    assertThrows(IllegalArgumentException.class, () -> HEADER.withTimestamp(-1));
    assertThrows(IllegalArgumentException.class, () -> HEADER.withSeal(new byte[256]));
    byte[] seal = {1};
    BlockHeader sealed = HEADER.withSeal(seal);
    seal[0] = 2;
    sealed.seal()[0] = 3;
    assertArrayEquals(new byte[] {1}, sealed.seal());
    assertEquals(1_700_000_000L, HEADER.time().getEpochSecond());
  }

  @Test
  void merkleRoot_isTheRfc6962RootOfTheWtxids() {
    Transaction coinbase = Transaction.coinbase(Height.of(1), new byte[0], ONE_OUTPUT);
    Transaction spend = spend(new byte[64]);
    assertEquals(
        MerkleTree.root(List.of(coinbase.wtxid(), spend.wtxid())),
        Block.computeMerkleRoot(List.of(coinbase, spend)));
    assertThrows(IllegalArgumentException.class, () -> Block.computeMerkleRoot(List.of()));
  }

  @Test
  void merkleRoot_changesWhenAnyTransactionChangesEvenOnlyItsWitness() {
    List<Transaction> txs = new ArrayList<>();
    txs.add(Transaction.coinbase(Height.of(1), new byte[0], ONE_OUTPUT));
    for (int i = 0; i < 4; i++) {
      txs.add(spend(new byte[] {(byte) i}));
    }
    Hash root = Block.computeMerkleRoot(txs);
    for (int i = 0; i < txs.size(); i++) {
      List<Transaction> changed = new ArrayList<>(txs);
      Transaction tx = txs.get(i);
      changed.set(
          i,
          tx.isCoinbase()
              ? Transaction.coinbase(Height.of(1), new byte[] {1}, ONE_OUTPUT)
              : spend(new byte[] {(byte) i, 1}));
      assertNotEquals(root, Block.computeMerkleRoot(changed), "changing transaction " + i);
    }
    List<Transaction> swapped = new ArrayList<>(txs);
    swapped.set(1, txs.get(2));
    swapped.set(2, txs.get(1));
    assertNotEquals(root, Block.computeMerkleRoot(swapped));
    List<Transaction> duplicatedLast = new ArrayList<>(txs);
    duplicatedLast.add(txs.get(txs.size() - 1));
    assertNotEquals(root, Block.computeMerkleRoot(duplicatedLast));
  }

  @Test
  void coinbaseTxid_isUniquePerHeight() {
    Hash previous = null;
    for (int height = 0; height < 1000; height++) {
      Hash txid = Transaction.coinbase(Height.of(height), new byte[0], ONE_OUTPUT).txid();
      assertNotEquals(previous, txid);
      previous = txid;
    }
    assertNotEquals(
        Transaction.coinbase(Height.of(1), new byte[0], ONE_OUTPUT).txid(),
        Transaction.coinbase(Height.of(2), new byte[0], ONE_OUTPUT).txid());
  }

  @Test
  void block_exposesHeaderTransactionsHashAndSize() {
    Transaction coinbase = Transaction.coinbase(Height.of(1), new byte[0], ONE_OUTPUT);
    Block block = Block.of(HEADER, List.of(coinbase));
    assertEquals(HEADER.hash(), block.hash());
    assertEquals(HEADER.size() + 1 + coinbase.size(), block.size());
    assertEquals(List.of(coinbase), block.transactions());
    assertThrows(IllegalArgumentException.class, () -> Block.of(HEADER, List.of()));
  }

  private static Transaction spend(byte[] signature) {
    return Transaction.of(
        1,
        List.of(TxInput.of(OutPoint.of(Hash.ZERO, 0), (byte) 1, new byte[32], signature)),
        ONE_OUTPUT,
        Height.ZERO);
  }
}
