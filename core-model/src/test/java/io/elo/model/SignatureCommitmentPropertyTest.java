package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.model.ModelArbitraries.SignedTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The signing message commits to everything that matters: with real Ed25519 and secp256k1 keys, no
 * change to a signed transaction, the spent amounts or the chain leaves a signature valid unless it
 * leaves the txid unchanged (a witness-only change, which changes the wtxid instead). Fewer tries
 * than decoder properties: each try signs and verifies several times.
 */
class SignatureCommitmentPropertyTest {
  @Property(tries = 200)
  void builder_signsEveryInputValidly(@ForAll("signed") SignedTransaction signed) {
    assertTrue(SignatureChecks.allValid(signed.tx(), signed.genesis(), signed.spentAmounts()));
  }

  @Property(tries = 300)
  void changingAnyByte_failsDecodingOrASignatureOrChangesTheIds(
      @ForAll("signed") SignedTransaction signed,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    Transaction original = signed.tx();
    byte[] bytes = original.encode();
    int at = position % bytes.length;
    bytes[at] ^= (byte) xor;
    Transaction mutated;
    try {
      mutated = Transaction.decode(bytes);
    } catch (DecodeException e) {
      return;
    }
    assertNotEquals(original.wtxid(), mutated.wtxid());
    if (mutated.isCoinbase() || mutated.inputs().size() != original.inputs().size()) {
      return; // no longer a transaction these amounts can be checked against
    }
    if (mutated.txid().equals(original.txid())) {
      // Only a witness changed, the one part the txid does not cover: that witness must fail.
      assertTrue(at >= original.baseSize(), "txid unchanged by a change at " + at);
      assertFalse(
          SignatureChecks.allValid(mutated, signed.genesis(), signed.spentAmounts()),
          "every signature still valid after a witness change at " + at);
    } else {
      assertTrue(
          SignatureChecks.noneValid(mutated, signed.genesis(), signed.spentAmounts()),
          "a signature survived a txid change at " + at);
    }
  }

  @Property(tries = 300)
  void changingAnySignedField_invalidatesEverySignature(
      @ForAll("signed") SignedTransaction signed,
      @ForAll Change change,
      @ForAll @IntRange(min = 0, max = 1000) int which,
      @ForAll("hashes") Hash otherHash) {
    Transaction tx = signed.tx();
    List<TxInput> inputs = new ArrayList<>(tx.inputs());
    List<TxOutput> outputs = new ArrayList<>(tx.outputs());
    List<Amount> spent = new ArrayList<>(signed.spentAmounts());
    Hash genesis = signed.genesis();
    int version = tx.version();
    Height lockTime = tx.lockTime();
    switch (change) {
      case VERSION -> version++;
      case LOCK_TIME -> lockTime = Height.of(lockTime.value() == 0 ? 1 : lockTime.value() - 1);
      case OUTPOINT_TXID -> {
        int i = which % inputs.size();
        TxInput in = inputs.get(i);
        Hash txid = otherHash.equals(in.outPoint().txid()) ? Hash.ZERO : otherHash;
        inputs.set(i, withOutPoint(in, OutPoint.of(txid, in.outPoint().index())));
      }
      case OUTPOINT_INDEX -> {
        int i = which % inputs.size();
        TxInput in = inputs.get(i);
        int index = in.outPoint().index() ^ 1;
        inputs.set(i, withOutPoint(in, OutPoint.of(in.outPoint().txid(), index)));
      }
      case OUTPUT_AMOUNT -> {
        int i = which % outputs.size();
        TxOutput out = outputs.get(i);
        outputs.set(i, TxOutput.of(otherAmount(out.amount()), out.address()));
      }
      case OUTPUT_ADDRESS -> {
        int i = which % outputs.size();
        TxOutput out = outputs.get(i);
        Hash other = otherHash.equals(out.address().hash()) ? Hash.ZERO : otherHash;
        outputs.set(i, TxOutput.of(out.amount(), Address.of(other)));
      }
      case OUTPUT_ADDED -> outputs.add(TxOutput.of(Amount.ZERO, Address.of(otherHash)));
      case SPENT_AMOUNT -> {
        int i = which % spent.size();
        spent.set(i, otherAmount(spent.get(i)));
      }
      case GENESIS -> genesis = otherHash.equals(genesis) ? Hash.ZERO : otherHash;
    }
    Transaction changed = Transaction.of(version, inputs, outputs, lockTime);
    assertTrue(
        SignatureChecks.noneValid(changed, genesis, spent),
        "a signature survived changing the " + change);
  }

  @Property(tries = 100)
  void signingMessage_hasTheDocumentedLayout(@ForAll("signed") SignedTransaction signed) {
    Transaction tx = signed.tx();
    List<byte[]> all = SigningMessage.ofAll(signed.genesis(), tx, signed.spentAmounts());
    Writer amounts = new Writer(8 * signed.spentAmounts().size());
    signed.spentAmounts().forEach(amount -> amounts.u64(amount.atoms()));
    Hash amountsDigest = Hash.sha256d(amounts.finish());
    for (int i = 0; i < tx.inputs().size(); i++) {
      byte[] message = SigningMessage.of(signed.genesis(), tx, i, signed.spentAmounts());
      assertEquals(SigningMessage.LENGTH, message.length);
      assertArrayEquals(all.get(i), message);
      assertEquals("ELO/txsig/v1", new String(message, 0, 12, StandardCharsets.US_ASCII));
      assertEquals(signed.genesis(), Hash.fromBytes(message, 12));
      assertEquals(tx.txid(), Hash.fromBytes(message, 44));
      assertEquals(i, new Reader(Arrays.copyOfRange(message, 76, 80)).u32());
      assertEquals(amountsDigest, Hash.fromBytes(message, 80));
    }
  }

  /** A field the signature must commit to. */
  enum Change {
    VERSION,
    LOCK_TIME,
    OUTPOINT_TXID,
    OUTPOINT_INDEX,
    OUTPUT_AMOUNT,
    OUTPUT_ADDRESS,
    OUTPUT_ADDED,
    SPENT_AMOUNT,
    GENESIS
  }

  private static Amount otherAmount(Amount amount) {
    return Amount.ofAtoms(amount.isZero() ? 1 : amount.atoms() - 1);
  }

  private static TxInput withOutPoint(TxInput in, OutPoint outPoint) {
    return TxInput.of(outPoint, in.schemeId(), in.publicKey(), in.signature());
  }

  @Provide
  Arbitrary<SignedTransaction> signed() {
    return ModelArbitraries.signedTransactions();
  }

  @Provide
  Arbitrary<Hash> hashes() {
    return ModelArbitraries.hashes();
  }
}
