package io.elo.model;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for every core-model type, exported in the test-jar for later modules.
 *
 * <p>Collections are kept small (a few inputs, outputs and transactions) so 10,000-try decoder
 * properties stay fast; bounds (empty and maximal lengths, {@code MAX_MONEY}) are generated as edge
 * cases.
 */
public final class ModelArbitraries {
  private static final List<KeyPair> KEYS = generateKeys();

  private ModelArbitraries() {}

  /** Any 32-byte hash. */
  public static Arbitrary<Hash> hashes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(Hash.LENGTH).map(Hash::fromBytes);
  }

  /** Any height in {@code [0, 2^31-1]}. */
  public static Arbitrary<Height> heights() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE).map(Height::of);
  }

  /** Any amount in {@code [0, MAX_MONEY]}. */
  public static Arbitrary<Amount> amounts() {
    return Arbitraries.longs().between(0, Amount.MAX_MONEY_ATOMS).map(Amount::ofAtoms);
  }

  /** Any address. */
  public static Arbitrary<Address> addresses() {
    return hashes().map(Address::of);
  }

  /** Any out-point. */
  public static Arbitrary<OutPoint> outPoints() {
    return Combinators.combine(hashes(), Arbitraries.integers().between(0, Integer.MAX_VALUE))
        .as(OutPoint::of);
  }

  /** Any output. */
  public static Arbitrary<TxOutput> txOutputs() {
    return Combinators.combine(amounts(), addresses()).as(TxOutput::of);
  }

  /** Any input, with a witness of arbitrary (not necessarily valid) bytes within the bounds. */
  public static Arbitrary<TxInput> txInputs() {
    return Combinators.combine(
            outPoints(),
            Arbitraries.bytes(),
            bytes(TxInput.MAX_PUBLIC_KEY_LENGTH),
            bytes(TxInput.MAX_SIGNATURE_LENGTH))
        .as(TxInput::of);
  }

  /** Any coinbase. */
  public static Arbitrary<Transaction> coinbases() {
    return Combinators.combine(
            Arbitraries.integers(),
            heights(),
            bytes(Transaction.MAX_COINBASE_EXTRA_LENGTH),
            txOutputs().list().ofMinSize(1).ofMaxSize(3),
            heights())
        .as(Transaction::coinbase);
  }

  /** Any non-coinbase transaction, with arbitrary witnesses. */
  public static Arbitrary<Transaction> spends() {
    return Combinators.combine(
            Arbitraries.integers(),
            txInputs().list().ofMinSize(1).ofMaxSize(4),
            txOutputs().list().ofMinSize(1).ofMaxSize(4),
            heights())
        .as(Transaction::of);
  }

  /** Any transaction, coinbase or not. */
  public static Arbitrary<Transaction> transactions() {
    return Arbitraries.frequencyOf(Tuple.of(1, coinbases()), Tuple.of(3, spends()));
  }

  /** Any header, sealed (up to 255 bytes) or not. */
  public static Arbitrary<BlockHeader> blockHeaders() {
    return Combinators.combine(
            Arbitraries.integers(),
            hashes(),
            hashes(),
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            Arbitraries.integers(),
            Arbitraries.integers(),
            Arbitraries.oneOf(Arbitraries.just(new byte[0]), bytes(BlockHeader.MAX_SEAL_LENGTH)))
        .as(BlockHeader::of);
  }

  /** Any block: a coinbase followed by a few transactions, with a matching Merkle root. */
  public static Arbitrary<Block> blocks() {
    return Combinators.combine(blockHeaders(), coinbases(), transactions().list().ofMaxSize(3))
        .as(
            (header, coinbase, rest) -> {
              List<Transaction> transactions = new ArrayList<>();
              transactions.add(coinbase);
              transactions.addAll(rest);
              Hash root = Block.computeMerkleRoot(transactions);
              return Block.of(header.withMerkleRoot(root), transactions);
            });
  }

  /** Key pairs from a fixed pool of Ed25519 and secp256k1 keys (generation is slow). */
  public static Arbitrary<KeyPair> keyPairs() {
    return Arbitraries.of(KEYS);
  }

  /**
   * Signed transactions with 1-3 inputs under real keys of both schemes, paired with the amounts
   * they spend and the genesis hash they were signed for.
   */
  public static Arbitrary<SignedTransaction> signedTransactions() {
    Arbitrary<List<SpentInput>> inputs =
        Combinators.combine(outPoints(), amounts(), keyPairs())
            .as(SpentInput::new)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3);
    return Combinators.combine(
            hashes(),
            Arbitraries.integers(),
            inputs,
            txOutputs().list().ofMinSize(1).ofMaxSize(3),
            heights())
        .as(
            (genesis, version, spent, outputs, lockTime) -> {
              TransactionBuilder builder = new TransactionBuilder().version(version);
              spent.forEach(in -> builder.addInput(in.outPoint(), in.amount(), in.signer()));
              outputs.forEach(out -> builder.addOutput(out.amount(), out.address()));
              builder.lockTime(lockTime);
              return new SignedTransaction(builder.build(genesis), genesis, builder.spentAmounts());
            });
  }

  /** A signed transaction with what is needed to check its signatures. */
  public record SignedTransaction(Transaction tx, Hash genesis, List<Amount> spentAmounts) {}

  private record SpentInput(OutPoint outPoint, Amount amount, KeyPair signer) {}

  private static Arbitrary<byte[]> bytes(int maxLength) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength);
  }

  private static List<KeyPair> generateKeys() {
    // Deterministic keys keep failures reproducible; the pool only feeds tests.
    SecureRandom random = deterministicRandom(42);
    List<KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.add(SignatureSchemes.ED25519.generateKeyPair(random));
      keys.add(SignatureSchemes.SECP256K1.generateKeyPair(random));
    }
    return List.copyOf(keys);
  }

  /** A SecureRandom fed from a seeded {@link Random}: reproducible, for tests only. */
  static SecureRandom deterministicRandom(long seed) {
    Random source = new Random(seed);
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        source.nextBytes(bytes);
      }
    };
  }
}
