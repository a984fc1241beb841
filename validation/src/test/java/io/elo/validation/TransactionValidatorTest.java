package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.crypto.SignatureCache;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.Transaction;
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
}
