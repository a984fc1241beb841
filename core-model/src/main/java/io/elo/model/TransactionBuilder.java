package io.elo.model;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.PrivateKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and signs a transaction: add inputs with the amount each spends and the key that owns it,
 * add outputs, then {@link #build} signs every input over its {@link SigningMessage}.
 *
 * <p>A builder is mutable and not thread-safe; the transactions it builds are immutable. It checks
 * structure only: that the keys own the spent outputs and that inputs cover outputs are checked by
 * validation (and by the wallet that chose the inputs).
 */
public final class TransactionBuilder {
  private int version = Transaction.CURRENT_VERSION;
  private Height lockTime = Height.ZERO;
  private final List<OutPoint> outPoints = new ArrayList<>();
  private final List<Amount> spentAmounts = new ArrayList<>();
  private final List<KeyPair> signers = new ArrayList<>();
  private final List<TxOutput> outputs = new ArrayList<>();

  /** Returns an empty builder (version {@link Transaction#CURRENT_VERSION}, lock time 0). */
  public TransactionBuilder() {}

  /** Sets the version (unsigned 32-bit bit pattern). */
  public TransactionBuilder version(int newVersion) {
    this.version = newVersion;
    return this;
  }

  /** Sets the lock time: the transaction is final only in blocks above this height. */
  public TransactionBuilder lockTime(Height newLockTime) {
    this.lockTime = requireNonNull(newLockTime, "lockTime");
    return this;
  }

  /**
   * Adds an input spending {@code outPoint}, which holds {@code spentAmount}, signed by {@code
   * signer}.
   */
  public TransactionBuilder addInput(OutPoint outPoint, Amount spentAmount, KeyPair signer) {
    outPoints.add(requireNonNull(outPoint, "outPoint"));
    spentAmounts.add(requireNonNull(spentAmount, "spentAmount"));
    signers.add(requireNonNull(signer, "signer"));
    return this;
  }

  /** Adds an output paying {@code amount} to {@code address}. */
  public TransactionBuilder addOutput(Amount amount, Address address) {
    outputs.add(TxOutput.of(amount, address));
    return this;
  }

  /** Returns the amounts spent so far, one per input in order (what validation will look up). */
  public List<Amount> spentAmounts() {
    return List.copyOf(spentAmounts);
  }

  /**
   * Signs every input for the chain with genesis hash {@code genesisHash} and returns the
   * transaction.
   *
   * @throws IllegalStateException if there is no input or no output
   * @throws IllegalArgumentException if the transaction would exceed {@link Transaction#MAX_SIZE}
   *     or a signature or key is longer than the codec allows
   */
  public Transaction build(Hash genesisHash) {
    checkState(!outPoints.isEmpty(), "no inputs");
    checkState(!outputs.isEmpty(), "no outputs");
    List<TxInput> unsigned = new ArrayList<>(outPoints.size());
    for (OutPoint outPoint : outPoints) {
      unsigned.add(TxInput.unsigned(outPoint));
    }
    // Witnesses are outside the txid, so the unsigned transaction has the final txid.
    Transaction draft = Transaction.of(version, unsigned, outputs, lockTime);
    List<byte[]> messages = SigningMessage.ofAll(genesisHash, draft, spentAmounts);
    List<TxInput> signed = new ArrayList<>(outPoints.size());
    for (int i = 0; i < outPoints.size(); i++) {
      PrivateKey key = signers.get(i).privateKey();
      byte[] signature = key.scheme().sign(key, messages.get(i));
      signed.add(
          unsigned.get(i).withWitness(key.scheme().id(), key.publicKey().toBytes(), signature));
    }
    return Transaction.of(version, signed, outputs, lockTime);
  }
}
