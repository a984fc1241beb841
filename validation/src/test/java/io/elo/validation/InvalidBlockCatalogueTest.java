package io.elo.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TransactionBuilder;
import io.elo.model.TxInput;
import io.elo.model.TxOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of invalid block is refused with its own reason, the tip does not move, and only
 * consensus faults penalise.
 */
class InvalidBlockCatalogueTest {
  private static final Set<InvalidReason> SEEN = EnumSet.noneOf(InvalidReason.class);
  private static final Address OTHER = Address.fromPublicKey(TestChainBuilder.key(1).publicKey());

  private static TestChainBuilder chain;
  private static List<Block> base;

  private MutableClock clock;
  private ChainState state;
  private Block tip;

  @BeforeAll
  static void buildBase() {
    chain = TestChainBuilder.regtest();
    // Twelve blocks: the first coinbases are mature (maturity 10) at height 13.
    base = chain.extend(chain.genesis(), 12);
  }

  @BeforeEach
  void open() throws StoreException {
    clock = new MutableClock(chain.clockStart());
    state = ChainStates.inMemory(chain.params(), clock);
    for (Block block : base) {
      assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(block));
    }
    tip = base.get(base.size() - 1);
  }

  @AfterAll
  static void everyReasonWasDistinct() {
    assertTrue(SEEN.size() >= 25, "distinct reasons seen: " + SEEN);
  }

  private Transaction coinbase(int height) {
    return base.get(height - 1).transactions().get(0);
  }

  private Transaction spendFirstCoinbase(Amount fee) {
    return chain.spendCoinbase(base.get(0), OTHER, fee);
  }

  private void assertRefused(Block block, InvalidReason reason) throws StoreException {
    assertRefused(state.submitBlock(block), reason);
  }

  private void assertRefused(BlockSubmitResult result, InvalidReason reason) {
    ChainTip before = state.tip();
    BlockSubmitResult.Invalid invalid = assertInstanceOf(BlockSubmitResult.Invalid.class, result);
    assertEquals(reason, invalid.reason(), invalid.message());
    assertTrue(invalid.penalize(), "consensus faults penalise");
    assertEquals(before, state.tip());
    SEEN.add(reason);
  }

  @Test
  void badProofOfWork() throws StoreException {
    assertRefused(chain.withBadProofOfWork(chain.on(tip).build()), InvalidReason.BAD_PROOF_OF_WORK);
  }

  @Test
  void wrongTarget() throws StoreException {
    assertRefused(chain.on(tip).bits(0x2100ffff).build(), InvalidReason.WRONG_TARGET);
  }

  @Test
  void timestampAtMedianTimePast() throws StoreException {
    long mtp = state.tip().medianTimePast();
    assertRefused(chain.on(tip).timestamp(mtp).build(), InvalidReason.TIME_TOO_OLD);
  }

  @Test
  void blockFromTheFuture_isIgnoredNotCached_andAcceptedLater() throws StoreException {
    Duration drift = chain.params().maxFutureDrift();
    long time = clock.instant().plus(drift).getEpochSecond() + 30;
    Block future = chain.on(tip).timestamp(time).build();

    for (int attempt = 0; attempt < 2; attempt++) {
      BlockSubmitResult.Ignored ignored =
          assertInstanceOf(BlockSubmitResult.Ignored.class, state.submitBlock(future));
      assertEquals(InvalidReason.TIME_TOO_NEW, ignored.reason());
      assertTrue(state.status(future.hash()).isEmpty(), "neither stored nor marked invalid");
    }
    SEEN.add(InvalidReason.TIME_TOO_NEW);
    clock.advance(Duration.ofSeconds(31));
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(future));
  }

  @Test
  void badMerkleRoot_isNotRememberedAsInvalid() throws StoreException {
    Block good = chain.on(tip).build();
    Transaction extra =
        Transaction.coinbase(Height.of(99), new byte[0], good.transactions().get(0).outputs());
    // Same header (so the same hash), other transactions: a mutated copy of a valid block.
    Block mutated = Block.of(good.header(), List.of(good.transactions().get(0), extra));
    assertRefused(mutated, InvalidReason.MULTIPLE_COINBASES);
    Block wrongRoot = chain.withHeader(good, h -> h.withMerkleRoot(Hash.ZERO));
    assertRefused(wrongRoot, InvalidReason.BAD_MERKLE_ROOT);
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(good));
  }

  @Test
  void secondCoinbase() throws StoreException {
    Block block = chain.on(tip).build();
    Transaction second =
        Transaction.coinbase(
            Height.of(13), new byte[] {1}, List.of(TxOutput.of(Amount.ofAtoms(1), OTHER)));
    assertRefused(
        chain.withTransactions(block, List.of(block.transactions().get(0), second)),
        InvalidReason.MULTIPLE_COINBASES);
  }

  @Test
  void coinbaseNotFirst() throws StoreException {
    Block block = chain.on(tip).build();
    Transaction spend = spendFirstCoinbase(Amount.ZERO);
    assertRefused(
        chain.withTransactions(block, List.of(spend, block.transactions().get(0))),
        InvalidReason.FIRST_NOT_COINBASE);
  }

  @Test
  void wrongCoinbaseHeight() throws StoreException {
    assertRefused(chain.on(tip).coinbaseHeight(5).build(), InvalidReason.BAD_COINBASE_HEIGHT);
  }

  @Test
  void coinbaseOverpaying() throws StoreException {
    Amount tooMuch = chain.params().subsidy(Height.of(13)).plus(Amount.ofAtoms(1));
    Block block = chain.on(tip).coinbaseOutputs(List.of(TxOutput.of(tooMuch, OTHER))).build();
    assertRefused(block, InvalidReason.COINBASE_OVERPAYS);
    assertEquals(BlockStatus.INVALID, state.status(block.hash()).orElseThrow());
  }

  @Test
  void childOfInvalidBlock_andResubmission() throws StoreException {
    Amount tooMuch = chain.params().subsidy(Height.of(13)).plus(Amount.ofAtoms(1));
    Block bad = chain.on(tip).coinbaseOutputs(List.of(TxOutput.of(tooMuch, OTHER))).build();
    Block child = chain.on(bad).build();
    assertRefused(bad, InvalidReason.COINBASE_OVERPAYS);
    assertRefused(child, InvalidReason.INVALID_PARENT);
    assertRefused(bad, InvalidReason.KNOWN_INVALID);
  }

  @Test
  void missingInput() throws StoreException {
    Transaction spend =
        chain.spend(
            List.of(OutPoint.of(Hash.sha256d(new byte[] {42}), 0)),
            List.of(Amount.ofCoins(1)),
            TestChainBuilder.key(0),
            List.of(TxOutput.of(Amount.ofCoins(1), OTHER)));
    assertRefused(chain.on(tip).add(spend).build(), InvalidReason.MISSING_INPUT);
  }

  @Test
  void spentInput() throws StoreException {
    Block first = chain.on(tip).add(spendFirstCoinbase(Amount.ZERO)).build();
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(first));
    Block again = chain.on(first).add(spendFirstCoinbase(Amount.ofAtoms(5))).build();
    assertRefused(again, InvalidReason.INPUT_SPENT);
  }

  @Test
  void doubleSpendInsideBlock() throws StoreException {
    Block block =
        chain
            .on(tip)
            .add(spendFirstCoinbase(Amount.ZERO), spendFirstCoinbase(Amount.ofAtoms(5)))
            .build();
    assertRefused(block, InvalidReason.DOUBLE_SPEND_IN_BLOCK);
  }

  @Test
  void duplicateInputInsideTransaction() throws StoreException {
    OutPoint outPoint = OutPoint.of(coinbase(1).txid(), 0);
    Amount value = coinbase(1).outputs().get(0).amount();
    Transaction tx =
        chain.spend(
            List.of(outPoint, outPoint),
            List.of(value, value),
            TestChainBuilder.key(0),
            List.of(TxOutput.of(value, OTHER)));
    assertRefused(chain.on(tip).add(tx).build(), InvalidReason.DUPLICATE_INPUT);
  }

  @Test
  void immatureCoinbaseSpend() throws StoreException {
    Transaction spend = chain.spendCoinbase(base.get(11), OTHER, Amount.ZERO);
    assertRefused(chain.on(tip).add(spend).build(), InvalidReason.IMMATURE_COINBASE_SPEND);
  }

  @Test
  void nonFinalLockTime_isFinalOnlyAboveIt() throws StoreException {
    Amount value = coinbase(1).outputs().get(0).amount();
    Transaction locked =
        new TransactionBuilder()
            .lockTime(Height.of(13))
            .addInput(OutPoint.of(coinbase(1).txid(), 0), value, TestChainBuilder.key(0))
            .addOutput(value, OTHER)
            .build(chain.params().genesisHash());
    assertRefused(chain.on(tip).add(locked).build(), InvalidReason.NON_FINAL);
    Block at13 = chain.on(tip).build();
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(at13));
    assertInstanceOf(
        BlockSubmitResult.Connected.class, state.submitBlock(chain.on(at13).add(locked).build()));
  }

  @Test
  void badSignature() throws StoreException {
    Transaction valid = spendFirstCoinbase(Amount.ZERO);
    TxInput input = valid.inputs().get(0);
    byte[] signature = input.signature();
    signature[0] ^= 1;
    Transaction forged =
        replaceInput(valid, input.withWitness(input.schemeId(), input.publicKey(), signature));
    assertRefused(chain.on(tip).add(forged).build(), InvalidReason.BAD_SIGNATURE);
  }

  @Test
  void keyNotMatchingSpentOutput() throws StoreException {
    Transaction coinbase = coinbase(1);
    Amount value = coinbase.outputs().get(0).amount();
    Transaction theft =
        chain.spend(
            coinbase, 0, value, TestChainBuilder.key(1), List.of(TxOutput.of(value, OTHER)));
    assertRefused(chain.on(tip).add(theft).build(), InvalidReason.KEY_MISMATCH);
  }

  @Test
  void outputsOverflowingMaxMoney() throws StoreException {
    Transaction tx =
        chain.spend(
            coinbase(1),
            0,
            coinbase(1).outputs().get(0).amount(),
            TestChainBuilder.key(0),
            List.of(TxOutput.of(Amount.MAX_MONEY, OTHER), TxOutput.of(Amount.MAX_MONEY, OTHER)));
    assertRefused(chain.on(tip).add(tx).build(), InvalidReason.OUTPUTS_OVERFLOW);
  }

  @Test
  void outputsExceedingInputs() throws StoreException {
    Amount value = coinbase(1).outputs().get(0).amount();
    Transaction tx =
        chain.spend(
            coinbase(1),
            0,
            value,
            TestChainBuilder.key(0),
            List.of(TxOutput.of(value.plus(Amount.ofAtoms(1)), OTHER)));
    assertRefused(chain.on(tip).add(tx).build(), InvalidReason.INSUFFICIENT_INPUTS);
  }

  @Test
  void oversizeBlock() throws StoreException {
    TestChainBuilder small =
        TestChainBuilder.of(chain.params().toBuilder().maxBlockSize(1000).build());
    ChainState smallState =
        ChainStates.inMemory(small.params(), new MutableClock(small.clockStart()));
    List<TxOutput> outputs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      outputs.add(TxOutput.of(Amount.ofAtoms(1), OTHER));
    }
    Block big = small.on(small.genesis()).coinbaseOutputs(outputs).build();
    BlockSubmitResult.Invalid invalid =
        assertInstanceOf(BlockSubmitResult.Invalid.class, smallState.submitBlock(big));
    assertEquals(InvalidReason.BLOCK_TOO_LARGE, invalid.reason());
    SEEN.add(InvalidReason.BLOCK_TOO_LARGE);
  }

  @Test
  void duplicateTxid() throws StoreException {
    Transaction spend = spendFirstCoinbase(Amount.ZERO);
    assertRefused(chain.on(tip).add(spend, spend).build(), InvalidReason.DUPLICATE_TXID);
  }

  @Test
  void unknownSchemeId() throws StoreException {
    Transaction valid = spendFirstCoinbase(Amount.ZERO);
    TxInput input = valid.inputs().get(0);
    Transaction odd =
        replaceInput(valid, input.withWitness((byte) 7, input.publicKey(), input.signature()));
    assertRefused(chain.on(tip).add(odd).build(), InvalidReason.UNKNOWN_SCHEME);
  }

  @Test
  void missingWitness() throws StoreException {
    Transaction valid = spendFirstCoinbase(Amount.ZERO);
    Transaction unsigned = replaceInput(valid, TxInput.unsigned(valid.inputs().get(0).outPoint()));
    assertRefused(chain.on(tip).add(unsigned).build(), InvalidReason.MISSING_WITNESS);
  }

  @Test
  void undecodablePublicKey() throws StoreException {
    Transaction valid = spendFirstCoinbase(Amount.ZERO);
    TxInput input = valid.inputs().get(0);
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0xff); // y above the field prime: not a canonical Ed25519 point
    Transaction bad =
        replaceInput(valid, input.withWitness(input.schemeId(), key, input.signature()));
    assertRefused(chain.on(tip).add(bad).build(), InvalidReason.BAD_PUBLIC_KEY);
  }

  @Test
  void sealOnProofOfWork() throws StoreException {
    Block sealed = chain.withHeader(chain.on(tip).build(), h -> h.withSeal(new byte[] {1, 2}));
    assertRefused(sealed, InvalidReason.UNEXPECTED_SEAL);
  }

  @Test
  void blockWithoutTransactions() throws StoreException {
    byte[] header = chain.on(tip).build().header().encode();
    byte[] encoded = Arrays.copyOf(header, header.length + 1); // transaction count 0
    assertRefused(state.submitEncodedBlock(encoded), InvalidReason.NO_TRANSACTIONS);
  }

  @Test
  void undecodableBytes() throws StoreException {
    byte[] encoded = chain.on(tip).build().encode();
    byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
    assertRefused(state.submitEncodedBlock(trailing), InvalidReason.MALFORMED_ENCODING);
  }

  @Test
  void proofOfAuthorityFaults() throws StoreException {
    TestChainBuilder poa = TestChainBuilder.proofOfAuthority(3);
    state = ChainStates.inMemory(poa.params(), new MutableClock(poa.clockStart()));
    Block first = poa.on(poa.genesis()).build(); // signer 1 in turn
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(first));

    Block good = poa.on(first).build();
    byte[] seal = good.header().seal();
    seal[seal.length - 1] ^= 1;
    assertRefused(poa.withRawHeader(good, h -> h.withSeal(seal)), InvalidReason.BAD_SEAL);

    byte[] stranger = good.header().seal();
    stranger[0] = 3; // three authorities: index 3 names none
    assertRefused(
        poa.withRawHeader(good, h -> h.withSeal(stranger)), InvalidReason.UNAUTHORIZED_SIGNER);

    assertRefused(poa.on(first).signer(1).build(), InvalidReason.SIGNER_OVER_LIMIT);
    assertRefused(poa.on(first).bits(1).build(), InvalidReason.WRONG_SEAL_WEIGHT);
    long early = first.header().timestamp() + 1;
    assertRefused(poa.on(first).timestamp(early).build(), InvalidReason.POA_TIME_TOO_EARLY);
    assertRefused(
        poa.withRawHeader(good, h -> h.withSeal(new byte[0])), InvalidReason.MISSING_SEAL);

    byte[] truncated = Arrays.copyOf(good.header().seal(), 1);
    assertRefused(
        poa.withRawHeader(good, h -> h.withSeal(truncated)), InvalidReason.MALFORMED_SEAL);
    assertInstanceOf(BlockSubmitResult.Connected.class, state.submitBlock(good));
  }

  private static Transaction replaceInput(Transaction tx, TxInput input) {
    List<TxInput> inputs = new ArrayList<>(tx.inputs());
    inputs.set(0, input);
    return Transaction.of(tx.version(), inputs, tx.outputs(), tx.lockTime());
  }
}
