package io.elo.bench;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TransactionBuilder;
import io.elo.model.TxOutput;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The canonical codec: a signed single-input Ed25519 transaction with two outputs, and a block of
 * 1,000 such transactions plus a coinbase. Decoding includes every structural check; encoding of a
 * fresh (uncached) value is measured by decoding first.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
  private static final int BLOCK_TRANSACTIONS = 1_000;

  private byte[] txBytes;
  private byte[] blockBytes;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(5);
    KeyPair key = SignatureSchemes.ED25519.generateKeyPair(random);
    Address to = Address.fromPublicKey(key.publicKey());
    Hash genesis = Hash.sha256d(new byte[] {1});
    List<Transaction> txs = new ArrayList<>();
    txs.add(Transaction.coinbase(Height.of(1), new byte[8], List.of(new TxOutput(Amount.ofCoins(50), to))));
    for (int i = 0; i < BLOCK_TRANSACTIONS; i++) {
      txs.add(
          new TransactionBuilder()
              .addInput(new OutPoint(Hash.sha256d(new byte[] {(byte) i, (byte) (i >> 8)}), 0), Amount.ofCoins(2), key)
              .addOutput(Amount.ofCoins(1), to)
              .addOutput(Amount.ofAtoms(Amount.COIN - 1_000), to)
              .build(genesis));
    }
    txBytes = txs.get(1).encode();
    BlockHeader header = BlockHeader.of(1, genesis, Block.computeMerkleRoot(txs), 1_700_000_000L, 0x207fffff, 0);
    blockBytes = Block.of(header, txs).encode();
  }

  @Benchmark
  public Transaction transactionDecode() {
    return Transaction.decode(txBytes);
  }

  @Benchmark
  public byte[] transactionEncode() {
    return Transaction.decode(txBytes).encode();
  }

  @Benchmark
  public Hash transactionDecodeAndTxid() {
    return Transaction.decode(txBytes).txid();
  }

  @Benchmark
  public Block blockDecode() {
    return Block.decode(blockBytes);
  }

  @Benchmark
  public byte[] blockEncode() {
    return Block.decode(blockBytes).encode();
  }
}
