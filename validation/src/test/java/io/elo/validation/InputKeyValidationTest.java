package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.consensus.ChainParams;
import io.elo.crypto.PublicKeyCache;
import io.elo.crypto.SignatureCache;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.model.TxOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each input's key is decoded at most once per validation, a cached signature needs no decode, and
 * with keys and signatures checked in parallel the reported failure is still the first one.
 */
class InputKeyValidationTest {
  private static final int FUNDED = 8;
  private static final Address PAYEE = Address.fromPublicKey(TestChainBuilder.key(2).publicKey());

  private final CountingScheme counting = new CountingScheme();
  private final ChainParams params =
      ChainParams.regtest().toBuilder()
          .coinbaseMaturity(1)
          .allowedSchemes(Set.of(counting))
          .build();
  private final TestChainBuilder chain = TestChainBuilder.of(params);
  private ForkJoinPool pool;
  private Block first;
  private Block funding;
  private Transaction fan;
  private Amount share;

  @BeforeEach
  void build() {
    pool = new ForkJoinPool(4);
    first = chain.on(chain.genesis()).build();
    Transaction coinbase = first.transactions().get(0);
    Amount value = coinbase.outputs().get(0).amount();
    share = Amount.ofAtoms(value.atoms() / FUNDED);
    Address owner = Address.fromPublicKey(TestChainBuilder.key(1).publicKey());
    List<TxOutput> outputs = new ArrayList<>();
    for (int i = 0; i < FUNDED; i++) {
      outputs.add(TxOutput.of(share, owner));
    }
    fan = chain.spend(coinbase, 0, value, TestChainBuilder.key(0), outputs);
    funding = chain.on(first).add(fan).build();
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** Spends funded outputs {@code from..to-1} in one transaction. */
  private Transaction spend(int from, int to) {
    List<OutPoint> outPoints = new ArrayList<>();
    List<Amount> values = new ArrayList<>();
    for (int i = from; i < to; i++) {
      outPoints.add(OutPoint.of(fan.txid(), i));
      values.add(share);
    }
    Amount out = Amount.ofAtoms(share.atoms() * (to - from) - 100);
    return chain.spend(
        outPoints, values, TestChainBuilder.key(1), List.of(TxOutput.of(out, PAYEE)));
  }

  /** The funded outputs as a UTXO view, as the mempool would see them. */
  private UtxoView fundedView() {
    Map<OutPoint, Coin> coins = new HashMap<>();
    for (int i = 0; i < FUNDED; i++) {
      coins.put(OutPoint.of(fan.txid(), i), Coin.of(fan.outputs().get(i), Height.of(2), false));
    }
    return outPoint -> Optional.ofNullable(coins.get(outPoint));
  }

  private static Transaction withInput(Transaction tx, int index, TxInput input) {
    List<TxInput> inputs = new ArrayList<>(tx.inputs());
    inputs.set(index, input);
    return Transaction.of(tx.version(), inputs, tx.outputs(), tx.lockTime());
  }

  private static Transaction withBadKey(Transaction tx, int index) {
    TxInput input = tx.inputs().get(index);
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0xff); // y above the field prime: not a canonical Ed25519 point
    return withInput(tx, index, input.withWitness(input.schemeId(), key, input.signature()));
  }

  private static Transaction withoutWitness(Transaction tx, int index) {
    return withInput(tx, index, TxInput.unsigned(tx.inputs().get(index).outPoint()));
  }

  private static Transaction withBadSignature(Transaction tx, int index) {
    TxInput input = tx.inputs().get(index);
    byte[] signature = input.signature();
    signature[7] ^= 1;
    return withInput(tx, index, input.withWitness(input.schemeId(), input.publicKey(), signature));
  }

  /** A chain state at the funding block; no key cache, so every decode reaches the scheme. */
  private ChainState openAtFunding() throws StoreException {
    return openAtFunding(
        ChainStates.builder(params, new MutableClock(chain.clockStart()))
            .executor(pool)
            .keyCache(new PublicKeyCache(0)));
  }

  private ChainState openAtFunding(ChainState.Builder builder) throws StoreException {
    ChainState state =
        builder.blockStore(InMemoryBlockStore.create()).chainStore(new InMemoryChainStore()).build();
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(first));
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(funding));
    return state;
  }

  /** A validator without a key cache, so every decode reaches the scheme. */
  private TransactionValidator validator(SignatureCache cache) {
    return TransactionValidator.create(params, pool, cache, new PublicKeyCache(0));
  }

  @Test
  void chainStates_doNotShareDecodedKeys() throws StoreException {
    // Default key caches: each chain state builds its own. A direct executor, so the inputs
    // sharing a key are checked one after the other (concurrent misses may each decode).
    ChainState one = openAtFunding(ChainStates.builder(params, new MutableClock(chain.clockStart())));
    ChainState other =
        openAtFunding(ChainStates.builder(params, new MutableClock(chain.clockStart())));
    PublicKeyCache oneKeys = one.transactionValidator().keyCache();
    PublicKeyCache otherKeys = other.transactionValidator().keyCache();
    assertNotSame(oneKeys, otherKeys);
    Block block = chain.on(funding).add(spend(0, 2), spend(2, 3)).build();
    long oneBefore = oneKeys.decodeCount();
    long otherBefore = otherKeys.decodeCount();
    counting.reset();
    assertInstanceOf(BlockSubmitResult.Connected.class, one.submitBlock(block));
    // Three inputs, one key: the first chain state decodes it once and keeps it.
    assertEquals(1, counting.decodes());
    assertEquals(oneBefore + 1, oneKeys.decodeCount());
    counting.reset();
    assertInstanceOf(BlockSubmitResult.Connected.class, other.submitBlock(block));
    assertEquals(1, counting.decodes(), "the other chain state decodes the key again");
    assertEquals(otherBefore + 1, otherKeys.decodeCount());
    // The mempool validates with the chain state's validator: admission finds the key decoded.
    counting.reset();
    TxValidationResult loose =
        one.transactionValidator().validate(spend(3, 4), one.utxoSnapshot(), Height.of(4));
    assertTrue(loose.isValid(), loose.toString());
    assertEquals(0, counting.decodes());
    one.close();
    other.close();
  }

  @Test
  void submitBlock_decodesEachInputKeyOnce() throws StoreException {
    ChainState state = openAtFunding();
    Block block = chain.on(funding).add(spend(0, 1), spend(1, 2), spend(2, 5), spend(5, 8)).build();
    counting.reset();
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(block));
    assertEquals(FUNDED, counting.decodes());
    state.close();
  }

  @Test
  void validate_decodesEachInputKeyOnce() throws StoreException {
    Transaction tx = spend(0, 3);
    counting.reset();
    TxValidationResult result =
        validator(new SignatureCache(100)).validate(tx, fundedView(), Height.of(3));
    assertTrue(result.isValid(), result.toString());
    assertEquals(3, counting.decodes());
  }

  @Test
  void signatureChecks_decodeNoKeyWhenTheSignatureIsCached() throws StoreException {
    TransactionValidator validator = validator(new SignatureCache(100));
    Transaction tx = spend(0, 4);
    TransactionValidator.CheckedInputs inputs =
        validator.checkInputs(tx, fundedView(), Height.of(3), Set.of(), null);
    assertTrue(inputs.result().isAccept());
    counting.reset();
    assertTrue(validator.verifySignatures(inputs.checks(), List.of(tx)).isAccept());
    assertEquals(4, counting.decodes(), "cold: each key decoded once");
    counting.reset();
    assertTrue(validator.verifySignatures(inputs.checks(), List.of(tx)).isAccept());
    assertEquals(0, counting.decodes(), "warm: the cache answers before any decode");
  }

  @Test
  void signatureChecks_reportTheLowestFailedInputWithItsReason() throws StoreException {
    TransactionValidator validator = validator(new SignatureCache(100));
    Transaction badSignatureFirst = withBadKey(withBadSignature(spend(0, 4), 1), 2);
    Transaction badKeyFirst = withBadSignature(withBadKey(spend(0, 4), 1), 2);
    for (int round = 0; round < 5; round++) {
      ValidationResult signature = stage3(validator, badSignatureFirst);
      assertEquals(InvalidReason.BAD_SIGNATURE, signature.requireReason());
      assertTrue(signature.message().endsWith(" input 1"), signature.message());
      ValidationResult key = stage3(validator, badKeyFirst);
      assertEquals(InvalidReason.BAD_PUBLIC_KEY, key.requireReason());
      assertTrue(key.message().endsWith(" input 1"), key.message());
    }
  }

  /** Stage 3 alone, keys still encoded (as for a block read back from the store). */
  private ValidationResult stage3(TransactionValidator validator, Transaction tx)
      throws StoreException {
    // The bad key's address does not own the coin, so build the view from the inputs' own keys.
    Map<OutPoint, Coin> coins = new HashMap<>();
    for (TxInput input : tx.inputs()) {
      Address owner = Address.fromEncodedPublicKey(input.schemeId(), input.publicKey());
      coins.put(input.outPoint(), Coin.of(TxOutput.of(share, owner), Height.of(2), false));
    }
    TransactionValidator.CheckedInputs inputs =
        validator.checkInputs(
            tx, outPoint -> Optional.ofNullable(coins.get(outPoint)), Height.of(3), Set.of(), null);
    assertTrue(inputs.result().isAccept(), inputs.result().toString());
    return validator.verifySignatures(inputs.checks(), List.of(tx));
  }

  @Test
  void checkContextFree_reportsTheFirstFailureInTransactionAndInputOrder() {
    TransactionValidator validator = validator(new SignatureCache(100));
    Transaction keyThenWitness = withoutWitness(withBadKey(spend(0, 3), 0), 1);
    Transaction witnessThenKey = withBadKey(withoutWitness(spend(0, 3), 0), 1);
    Transaction laterBadKey = withBadKey(spend(3, 6), 2);
    Transaction clean = spend(6, 8);
    for (int round = 0; round < 5; round++) {
      assertFailure(
          validator,
          List.of(clean, keyThenWitness),
          InvalidReason.BAD_PUBLIC_KEY,
          keyThenWitness,
          0);
      assertFailure(
          validator,
          List.of(clean, witnessThenKey),
          InvalidReason.MISSING_WITNESS,
          witnessThenKey,
          0);
      assertFailure(
          validator,
          List.of(laterBadKey, witnessThenKey),
          InvalidReason.BAD_PUBLIC_KEY,
          laterBadKey,
          2);
      assertFailure(
          validator,
          List.of(witnessThenKey, laterBadKey),
          InvalidReason.MISSING_WITNESS,
          witnessThenKey,
          0);
    }
    TransactionValidator.ContextFree ok = validator.checkContextFree(List.of(clean));
    assertTrue(ok.result().isAccept());
    assertEquals(2, ok.keys().of(0, clean).length);
  }

  private static void assertFailure(
      TransactionValidator validator,
      List<Transaction> txs,
      InvalidReason reason,
      Transaction culprit,
      int input) {
    ValidationResult result = validator.checkContextFree(txs).result();
    assertEquals(reason, result.requireReason(), result.toString());
    assertEquals(culprit.txid().toHex() + " input " + input, result.message());
    // The one-transaction form agrees with the batch form.
    assertEquals(result, validator.checkContextFree(culprit));
  }
}
