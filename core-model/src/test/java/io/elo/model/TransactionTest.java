package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionTest {
  private static final Address PAYEE = Address.of(Hash.sha256d(new byte[] {7}));
  private static final List<TxOutput> ONE_OUTPUT = List.of(TxOutput.of(Amount.ofCoins(1), PAYEE));

  private static Transaction spendWithWitness(byte[] signature) {
    return Transaction.of(
        1,
        List.of(TxInput.of(OutPoint.of(Hash.ZERO, 0), (byte) 1, new byte[32], signature)),
        ONE_OUTPUT,
        Height.ZERO);
  }

  @Test
  void txid_hashesTheEncodingWithoutWitnessesAndWtxidTheWhole() {
    Transaction tx = spendWithWitness(new byte[64]);
    byte[] encoding = tx.encode();
    assertEquals(4 + 1 + 36 + 1 + 40 + 4, tx.baseSize());
    assertEquals(tx.baseSize() + 1 + 1 + 32 + 1 + 64, tx.size());
    assertEquals(Hash.sha256d(encoding, 0, tx.baseSize()), tx.txid());
    assertEquals(Hash.sha256d(encoding), tx.wtxid());
  }

  @Test
  void inputEncodedSize_isWhatOneMoreInputAddsToTheEncoding() {
    for (int keyLength : new int[] {0, 32, 33, 65}) {
      for (int signatureLength : new int[] {0, 64, 72}) {
        TxInput input =
            TxInput.of(
                OutPoint.of(Hash.ZERO, 1),
                (byte) 2,
                new byte[keyLength],
                new byte[signatureLength]);
        Transaction one = spendWithWitness(new byte[64]);
        List<TxInput> inputs = new ArrayList<>(one.inputs());
        inputs.add(input);
        Transaction two = Transaction.of(1, inputs, ONE_OUTPUT, Height.ZERO);
        assertEquals(
            two.size() - one.size(), TxInput.encodedSize(keyLength, signatureLength));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> TxInput.encodedSize(66, 64));
    assertThrows(IllegalArgumentException.class, () -> TxInput.encodedSize(32, -1));
  }

  @Test
  void witness_changesTheWtxidButNotTheTxid() {
    Transaction a = spendWithWitness(new byte[64]);
    Transaction b = spendWithWitness(new byte[63]);
    assertEquals(a.txid(), b.txid());
    assertNotEquals(a.wtxid(), b.wtxid());
    assertNotEquals(a, b);
  }

  @Test
  void coinbase_hasEqualTxidAndWtxidAndExposesHeightAndExtra() {
    Transaction coinbase = Transaction.coinbase(Height.of(5), new byte[] {1, 2}, ONE_OUTPUT);
    assertTrue(coinbase.isCoinbase());
    assertEquals(coinbase.txid(), coinbase.wtxid());
    assertEquals(coinbase.size(), coinbase.baseSize());
    assertEquals(Height.of(5), coinbase.coinbaseHeight());
    assertArrayEquals(new byte[] {1, 2}, coinbase.coinbaseExtra());
    assertEquals(Transaction.CURRENT_VERSION, coinbase.version());
    assertEquals(Height.ZERO, coinbase.lockTime());
    assertTrue(coinbase.inputs().isEmpty());
  }

  @Test
  void coinbaseAccessors_throwOnANonCoinbase() {
    Transaction spend = spendWithWitness(new byte[0]);
    assertFalse(spend.isCoinbase());
    assertThrows(IllegalStateException.class, spend::coinbaseHeight);
    assertThrows(IllegalStateException.class, spend::coinbaseExtra);
  }

  @Test
  void factories_rejectMissingInputsOrOutputsAndOversizedFields() {
    List<TxInput> inputs = List.of(TxInput.unsigned(OutPoint.of(Hash.ZERO, 0)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Transaction.of(1, List.of(), ONE_OUTPUT, Height.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> Transaction.of(1, inputs, List.of(), Height.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> Transaction.coinbase(Height.ZERO, new byte[101], ONE_OUTPUT));
    assertThrows(
        IllegalArgumentException.class,
        () -> TxInput.of(OutPoint.of(Hash.ZERO, 0), (byte) 1, new byte[66], new byte[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> TxInput.of(OutPoint.of(Hash.ZERO, 0), (byte) 1, new byte[0], new byte[73]));
    assertThrows(IllegalArgumentException.class, () -> OutPoint.of(Hash.ZERO, -1));
  }

  @Test
  void of_rejectsTransactionsAboveTheSizeBound() {
    List<TxOutput> outputs = new ArrayList<>();
    for (int i = 0; i < Transaction.MAX_SIZE / TxOutput.ENCODED_LENGTH; i++) {
      outputs.add(ONE_OUTPUT.get(0));
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> Transaction.coinbase(Height.ZERO, new byte[0], outputs));
    Transaction largest =
        Transaction.coinbase(Height.ZERO, new byte[0], outputs.subList(0, outputs.size() - 1));
    assertTrue(largest.size() <= Transaction.MAX_SIZE);
    assertEquals(largest, Transaction.decode(largest.encode()));
  }

  @Test
  void arrays_areCopiedInAndOut() {
    byte[] extra = {1};
    Transaction coinbase = Transaction.coinbase(Height.ZERO, extra, ONE_OUTPUT);
    extra[0] = 9;
    coinbase.coinbaseExtra()[0] = 9;
    assertArrayEquals(new byte[] {1}, coinbase.coinbaseExtra());
    byte[] encoding = coinbase.encode();
    encoding[0] = 9;
    assertEquals(Transaction.CURRENT_VERSION, Transaction.decode(coinbase.encode()).version());

    byte[] key = new byte[32];
    TxInput input = TxInput.of(OutPoint.of(Hash.ZERO, 0), (byte) 1, key, new byte[64]);
    key[0] = 1;
    input.publicKey()[1] = 1;
    input.signature()[0] = 1;
    assertArrayEquals(new byte[32], input.publicKey());
    assertArrayEquals(new byte[64], input.signature());
  }

  @Test
  void decode_doesNotKeepTheCallersArray() {
    Transaction coinbase = Transaction.coinbase(Height.of(3), new byte[0], ONE_OUTPUT);
    byte[] bytes = coinbase.encode();
    Transaction decoded = Transaction.decode(bytes);
    bytes[0] = 9;
    assertEquals(coinbase.wtxid(), decoded.wtxid());
    assertArrayEquals(coinbase.encode(), decoded.encode());
  }

  @Test
  void builder_signsEachInputWithItsOwnSchemeAndKey() {
    KeyPair ed = SignatureSchemes.ED25519.generateKeyPair(ModelArbitraries.deterministicRandom(3));
    KeyPair k1 =
        SignatureSchemes.SECP256K1.generateKeyPair(ModelArbitraries.deterministicRandom(4));
    Hash genesis = Hash.sha256d(new byte[] {42});
    TransactionBuilder builder =
        new TransactionBuilder()
            .version(2)
            .lockTime(Height.of(10))
            .addInput(OutPoint.of(Hash.ZERO, 0), Amount.ofCoins(3), ed)
            .addInput(OutPoint.of(Hash.ZERO, 1), Amount.ofCoins(4), k1)
            .addOutput(Amount.ofCoins(6), PAYEE);
    Transaction tx = builder.build(genesis);
    assertEquals(2, tx.version());
    assertEquals(Height.of(10), tx.lockTime());
    assertEquals(List.of(Amount.ofCoins(3), Amount.ofCoins(4)), builder.spentAmounts());
    assertEquals(SignatureSchemes.ED25519.id(), tx.inputs().get(0).schemeId());
    assertEquals(SignatureSchemes.SECP256K1.id(), tx.inputs().get(1).schemeId());
    assertArrayEquals(k1.publicKey().toBytes(), tx.inputs().get(1).publicKey());
    assertTrue(SignatureChecks.allValid(tx, genesis, builder.spentAmounts()));
    assertTrue(SignatureChecks.noneValid(tx, Hash.ZERO, builder.spentAmounts()));
  }

  @Test
  void builder_rejectsEmptyTransactions() {
    assertThrows(IllegalStateException.class, () -> new TransactionBuilder().build(Hash.ZERO));
    KeyPair ed = SignatureSchemes.ED25519.generateKeyPair(ModelArbitraries.deterministicRandom(5));
    TransactionBuilder noOutputs =
        new TransactionBuilder().addInput(OutPoint.of(Hash.ZERO, 0), Amount.ZERO, ed);
    assertThrows(IllegalStateException.class, () -> noOutputs.build(Hash.ZERO));
  }

  @Test
  void signingMessage_rejectsCoinbasesAndMismatchedAmounts() {
    Transaction coinbase = Transaction.coinbase(Height.ZERO, new byte[0], ONE_OUTPUT);
    Transaction spend = spendWithWitness(new byte[0]);
    assertThrows(
        IllegalArgumentException.class, () -> SigningMessage.of(Hash.ZERO, coinbase, 0, List.of()));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> SigningMessage.of(Hash.ZERO, spend, 1, List.of(Amount.ZERO)));
    assertThrows(
        IllegalArgumentException.class,
        () -> SigningMessage.of(Hash.ZERO, spend, 0, List.of(Amount.ZERO, Amount.ZERO)));
  }
}
