package io.elo.bench;

import io.elo.consensus.ChainParams;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureCache;
import io.elo.crypto.SignatureSchemes;
import io.elo.mempool.Mempool;
import io.elo.mempool.MempoolChain;
import io.elo.mempool.MempoolPolicy;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TransactionBuilder;
import io.elo.model.TxOutput;
import io.elo.validation.Coin;
import io.elo.validation.TransactionValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Signed transactions over a synthetic UTXO set for the mempool benchmarks: {@code count}
 * transactions, a share of them children of earlier ones (so templates have packages to rank),
 * fee rates spread over two orders of magnitude. Every transaction has one Ed25519 input, signed by
 * one shared key or, with distinct keys, by a key of its own (each funding coin and each
 * transaction's outputs belong to a fresh key), so every admission decodes a key nobody decoded
 * before.
 */
final class MempoolWorkload {
  static final ChainParams PARAMS = ChainParams.regtest();
  static final Height TIP = Height.of(1_000);

  final Map<OutPoint, Coin> coins = new HashMap<>();
  final List<Transaction> transactions = new ArrayList<>();
  /** The value each transaction's input spends. */
  final List<Amount> spentValues = new ArrayList<>();
  /** Per transaction, the index of the funding coin its chain started from. */
  final List<Integer> families = new ArrayList<>();
  private final SecureRandom keyRandom;
  private final KeyPair sharedKey;

  /** {@code count} transactions signed by one key. */
  MempoolWorkload(int count, double childShare, long seed) {
    this(count, childShare, seed, false);
  }

  MempoolWorkload(int count, double childShare, long seed, boolean distinctKeys) {
    try {
      keyRandom = SecureRandom.getInstance("SHA1PRNG");
      keyRandom.setSeed(seed);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    sharedKey = distinctKeys ? null : SignatureSchemes.ED25519.generateKeyPair(keyRandom);
    SplittableRandom random = new SplittableRandom(seed);
    List<OutPoint> spendable = new ArrayList<>();
    List<KeyPair> owners = new ArrayList<>();
    List<Amount> values = new ArrayList<>();
    List<Integer> spendableFamily = new ArrayList<>();
    List<Integer> spendableDepth = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      OutPoint input;
      KeyPair owner;
      Amount value;
      int family;
      int depth = 0;
      if (i > 0 && random.nextDouble() < childShare && !spendable.isEmpty()) {
        int pick = random.nextInt(spendable.size());
        input = spendable.remove(pick);
        owner = owners.remove(pick);
        value = values.remove(pick);
        family = spendableFamily.remove(pick);
        depth = spendableDepth.remove(pick) + 1;
      } else {
        byte[] seedBytes = new byte[32];
        random.nextBytes(seedBytes);
        input = OutPoint.of(io.elo.crypto.Hash.sha256d(seedBytes), 0);
        owner = newKey();
        value = Amount.ofAtoms(100_000_000);
        coins.put(
            input,
            Coin.of(TxOutput.of(value, Address.fromPublicKey(owner.publicKey())), Height.of(1), false));
        family = i;
      }
      long size = 250; // above every transaction's size, so every rate is >= 1 atom per byte
      long fee = size * (1 + random.nextInt(100));
      long left = value.atoms() - fee;
      KeyPair next = newKey();
      Address address = Address.fromPublicKey(next.publicKey());
      Transaction tx =
          new TransactionBuilder()
              .addInput(input, value, owner)
              .addOutput(Amount.ofAtoms(left / 2), address)
              .addOutput(Amount.ofAtoms(left - left / 2), address)
              .build(PARAMS.genesisHash());
      transactions.add(tx);
      spentValues.add(value);
      families.add(family);
      // Chains stay within the 25-ancestor limit and outputs well above the fees.
      if (spendable.size() < 4_000 && depth < 20 && left / 2 > 1_000_000) {
        spendable.add(OutPoint.of(tx.txid(), 0));
        owners.add(next);
        values.add(Amount.ofAtoms(left / 2));
        spendableFamily.add(family);
        spendableDepth.add(depth);
      }
    }
  }

  private KeyPair newKey() {
    return sharedKey != null ? sharedKey : SignatureSchemes.ED25519.generateKeyPair(keyRandom);
  }

  /**
   * Splits the transactions into {@code parts} lists by family, each in generation order, so a
   * parent is always submitted before its children by the same thread.
   */
  List<List<Transaction>> byFamily(int parts) {
    List<List<Transaction>> split = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      split.add(new ArrayList<>());
    }
    for (int i = 0; i < transactions.size(); i++) {
      split.get(families.get(i) % parts).add(transactions.get(i));
    }
    return split;
  }

  /** A pool over this workload's coins with a fresh signature cache of {@code cacheSize}. */
  Mempool newPool(MempoolPolicy policy, int cacheSize) throws IOException {
    return newPool(policy, cacheSize, null);
  }

  /** The same, journaled in {@code journal} if not null. */
  Mempool newPool(MempoolPolicy policy, int cacheSize, Path journal) throws IOException {
    TransactionValidator validator =
        TransactionValidator.create(PARAMS, Runnable::run, new SignatureCache(cacheSize));
    MempoolChain chain =
        () ->
            new MempoolChain.Snapshot(
                PARAMS.genesisHash(), TIP, outPoint -> Optional.ofNullable(coins.get(outPoint)));
    Mempool.Builder builder =
        Mempool.builder(validator, chain)
            .policy(policy)
            .clock(InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z")))
            .executor(Runnable::run);
    if (journal != null) {
      builder.journal(journal);
    }
    return builder.build();
  }
}
