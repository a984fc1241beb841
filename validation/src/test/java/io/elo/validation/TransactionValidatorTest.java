package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.crypto.SignatureCache;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The mempool's entry point: contextual validation of a loose transaction with its fee. */
class TransactionValidatorTest {
  private static final ChainParams PARAMS =
      ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();
  private static final Address PAYEE = Address.fromPublicKey(TestChainBuilder.key(4).publicKey());

  @Test
  void validate_returnsTheFee_andFillsTheSharedSignatureCache() throws StoreException {
    TestChainBuilder chain = TestChainBuilder.of(PARAMS);
    ChainState state = ChainStates.inMemory(PARAMS, new MutableClock(chain.clockStart()));
    Block a1 = chain.on(chain.genesis()).build();
    state.submitBlock(a1);
    Transaction tx = chain.spendCoinbase(a1, PAYEE, Amount.ofAtoms(1234));
    SignatureCache cache = new SignatureCache(100);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      TransactionValidator validator = TransactionValidator.create(PARAMS, executor, cache);
      TxValidationResult result = validator.validate(tx, state.utxoSnapshot(), Height.of(2));
      assertEquals(TxValidationResult.valid(Amount.ofAtoms(1234)), result);
      assertEquals(1, cache.size(), "a verified signature is cached for the block");
    } finally {
      executor.shutdown();
    }
  }

  @Test
  void validate_refusesWithReasons() throws StoreException {
    TestChainBuilder chain = TestChainBuilder.of(PARAMS);
    ChainState state = ChainStates.inMemory(PARAMS, new MutableClock(chain.clockStart()));
    Block a1 = chain.on(chain.genesis()).build();
    Transaction tx = chain.spendCoinbase(a1, PAYEE, Amount.ZERO);
    TransactionValidator validator = state.transactionValidator();

    TxValidationResult missing = validator.validate(tx, state.utxoSnapshot(), Height.of(1));
    assertEquals(InvalidReason.MISSING_INPUT, missing.result().requireReason());
    assertEquals(Optional.empty(), missing.fee());
    TxValidationResult coinbase =
        validator.validate(a1.transactions().get(0), state.utxoSnapshot(), Height.of(1));
    assertEquals(InvalidReason.UNEXPECTED_COINBASE, coinbase.result().requireReason());

    state.submitBlock(a1);
    assertTrue(validator.validate(tx, state.utxoSnapshot(), Height.of(2)).isValid());
    state.submitBlock(chain.on(a1).add(tx).build());
    TxValidationResult spent = validator.validate(tx, state.utxoSnapshot(), Height.of(3));
    assertEquals(InvalidReason.INPUT_SPENT, spent.result().requireReason());
    assertTrue(spent.result().penalize());
  }

  @Test
  void checkWithoutSignatures_givesTheFee_withoutVerifying_thenVerifySignaturesFillsTheCache()
      throws StoreException {
    TestChainBuilder chain = TestChainBuilder.of(PARAMS);
    ChainState state = ChainStates.inMemory(PARAMS, new MutableClock(chain.clockStart()));
    Block a1 = chain.on(chain.genesis()).build();
    state.submitBlock(a1);
    Transaction tx = chain.spendCoinbase(a1, PAYEE, Amount.ofAtoms(77));
    SignatureCache cache = new SignatureCache(100);
    TransactionValidator validator =
        TransactionValidator.create(PARAMS, ChainStates.DIRECT, cache);

    CheckedTransaction checked =
        validator.checkWithoutSignatures(tx, state.utxoSnapshot(), Height.of(2));
    assertTrue(checked.isValid());
    assertEquals(Optional.of(Amount.ofAtoms(77)), checked.fee());
    assertEquals(1, checked.spentCoins().size());
    assertEquals(0, cache.size(), "nothing verified yet");
    assertEquals(ValidationResult.accept(), validator.verifySignatures(checked));
    assertEquals(1, cache.size());
  }

  @Test
  void verifySignatures_findsABadSignature_thatTheCheapChecksCannotSee() throws StoreException {
    TestChainBuilder chain = TestChainBuilder.of(PARAMS);
    ChainState state = ChainStates.inMemory(PARAMS, new MutableClock(chain.clockStart()));
    Block a1 = chain.on(chain.genesis()).build();
    state.submitBlock(a1);
    Transaction good = chain.spendCoinbase(a1, PAYEE, Amount.ofAtoms(5));
    TxInput in = good.inputs().get(0);
    byte[] signature = in.signature();
    signature[0] ^= 1;
    Transaction bad =
        Transaction.of(
            good.version(),
            List.of(in.withWitness(in.schemeId(), in.publicKey(), signature)),
            good.outputs(),
            good.lockTime());
    TransactionValidator validator = state.transactionValidator();

    CheckedTransaction checked =
        validator.checkWithoutSignatures(bad, state.utxoSnapshot(), Height.of(2));
    assertTrue(checked.isValid());
    assertEquals(
        InvalidReason.BAD_SIGNATURE, validator.verifySignatures(checked).requireReason());
  }

  @Test
  void checkWithoutSignatures_reportsStructureAndInputFaults() throws StoreException {
    TestChainBuilder chain = TestChainBuilder.of(PARAMS);
    ChainState state = ChainStates.inMemory(PARAMS, new MutableClock(chain.clockStart()));
    Block a1 = chain.on(chain.genesis()).build();
    Transaction tx = chain.spendCoinbase(a1, PAYEE, Amount.ZERO);
    TransactionValidator validator = state.transactionValidator();

    CheckedTransaction missing =
        validator.checkWithoutSignatures(tx, state.utxoSnapshot(), Height.of(1));
    assertEquals(InvalidReason.MISSING_INPUT, missing.result().requireReason());
    assertEquals(Optional.empty(), missing.fee());
    assertThrows(IllegalArgumentException.class, () -> validator.verifySignatures(missing));
    CheckedTransaction coinbase =
        validator.checkWithoutSignatures(
            a1.transactions().get(0), state.utxoSnapshot(), Height.of(1));
    assertEquals(InvalidReason.UNEXPECTED_COINBASE, coinbase.result().requireReason());
    TxInput in = tx.inputs().get(0);
    Transaction noWitness =
        Transaction.of(
            tx.version(),
            List.of(in.withWitness(in.schemeId(), new byte[0], in.signature())),
            tx.outputs(),
            tx.lockTime());
    assertEquals(InvalidReason.MISSING_WITNESS, validator.checkStructure(noWitness).requireReason());
  }
}
