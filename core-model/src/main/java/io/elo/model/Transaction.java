package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.DecodeException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable UTXO transaction: inputs spending earlier outputs, outputs paying addresses, and a
 * lock time; or, with no inputs, a coinbase that commits to its block height.
 *
 * <p>The canonical encoding (see {@code docs/protocol.md}) puts every witness (scheme id, public
 * key, signature) after the lock time, so the txid is the double SHA-256 of a prefix of the
 * encoding that holds no signature, and the wtxid that of the whole encoding. For a coinbase both
 * are equal. The encoding, the txid and the wtxid are computed at most once per instance, lazily;
 * instances are safe to share between threads.
 *
 * <p>The codec checks structure only (counts, lengths, ranges, size); signatures, spent outputs,
 * finality and the sum of outputs are checked by validation.
 */
public final class Transaction {
  /** Largest encoded transaction, in bytes. Consensus parameters may set a smaller limit. */
  public static final int MAX_SIZE = 1_000_000;

  /** Version written by {@link #coinbase(Height, byte[], List)} and the transaction builder. */
  public static final int CURRENT_VERSION = 1;

  /** Largest coinbase extra data, in bytes. */
  public static final int MAX_COINBASE_EXTRA_LENGTH = 100;

  /** Smallest possible encoding: a coinbase with no extra data and one output. */
  static final int MIN_SIZE = 4 + 1 + 4 + 1 + 1 + TxOutput.ENCODED_LENGTH + 4;

  private static final int MIN_INPUT_SIZE = OutPoint.ENCODED_LENGTH + TxInput.MIN_WITNESS_LENGTH;

  private final int version;
  private final List<TxInput> inputs;
  private final List<TxOutput> outputs;
  private final Height lockTime;
  private final Height coinbaseHeight; // null unless coinbase
  private final byte[] coinbaseExtra; // null unless coinbase
  private final int baseSize;
  private final int size;

  // Lazily computed caches; racy initialisation is harmless because every thread computes the
  // same value and the cached objects are never mutated.
  private volatile byte[] encoding;
  private volatile Hash txid;
  private volatile Hash wtxid;

  private Transaction(
      int version,
      List<TxInput> inputs,
      List<TxOutput> outputs,
      Height lockTime,
      Height coinbaseHeight,
      byte[] coinbaseExtra,
      byte[] encoding) {
    this.version = version;
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.lockTime = requireNonNull(lockTime, "lockTime");
    this.coinbaseHeight = coinbaseHeight;
    this.coinbaseExtra = coinbaseExtra;
    checkArgument(!this.outputs.isEmpty(), "a transaction needs at least one output");
    long base =
        4L
            + Writer.varintSize(this.inputs.size())
            + (coinbaseExtra != null
                ? 4L + Writer.varintSize(coinbaseExtra.length) + coinbaseExtra.length
                : (long) OutPoint.ENCODED_LENGTH * this.inputs.size())
            + Writer.varintSize(this.outputs.size())
            + (long) TxOutput.ENCODED_LENGTH * this.outputs.size()
            + 4;
    long total = base;
    for (TxInput input : this.inputs) {
      total += input.witnessSize();
    }
    checkArgument(total <= MAX_SIZE, "transaction of %s bytes exceeds %s", total, MAX_SIZE);
    this.baseSize = (int) base;
    this.size = (int) total;
    this.encoding = encoding;
  }

  /**
   * Returns a transaction spending {@code inputs}.
   *
   * @throws IllegalArgumentException if there is no input or no output, or the encoding would
   *     exceed {@link #MAX_SIZE}
   */
  public static Transaction of(
      int version, List<TxInput> inputs, List<TxOutput> outputs, Height lockTime) {
    checkArgument(!inputs.isEmpty(), "a non-coinbase transaction needs at least one input");
    return new Transaction(version, inputs, outputs, lockTime, null, null, null);
  }

  /**
   * Returns a coinbase of version {@link #CURRENT_VERSION} with lock time 0.
   *
   * @param height the height of the block the coinbase is in; it makes the txid unique
   * @param extra free data for the block producer, at most 100 bytes (copied)
   * @param outputs at least one output
   * @throws IllegalArgumentException if {@code extra} is too long or there is no output
   */
  public static Transaction coinbase(Height height, byte[] extra, List<TxOutput> outputs) {
    return coinbase(CURRENT_VERSION, height, extra, outputs, Height.ZERO);
  }

  /**
   * Returns a coinbase with every field given.
   *
   * @throws IllegalArgumentException if {@code extra} is too long or there is no output
   */
  public static Transaction coinbase(
      int version, Height height, byte[] extra, List<TxOutput> outputs, Height lockTime) {
    requireNonNull(height, "height");
    checkArgument(
        extra.length <= MAX_COINBASE_EXTRA_LENGTH,
        "coinbase extra longer than %s bytes: %s",
        MAX_COINBASE_EXTRA_LENGTH,
        extra.length);
    return new Transaction(version, List.of(), outputs, lockTime, height, extra.clone(), null);
  }

  /**
   * Decodes exactly one transaction.
   *
   * @throws DecodeException if {@code bytes} is not the canonical encoding of a transaction
   */
  public static Transaction decode(byte[] bytes) {
    if (bytes.length > MAX_SIZE) {
      throw Reader.fail(Reason.TOO_LARGE, 0, bytes.length + " bytes > " + MAX_SIZE);
    }
    Reader reader = new Reader(bytes.clone());
    Transaction tx = decodeFrom(reader);
    reader.finish();
    return tx;
  }

  /** Reads one transaction from a reader over a private copy of the input. */
  static Transaction decodeFrom(Reader reader) {
    int start = reader.position();
    int version = reader.u32();
    int inputCount = reader.count("input", 0, MIN_INPUT_SIZE);
    Height coinbaseHeight = null;
    byte[] coinbaseExtra = null;
    List<OutPoint> outPoints = new ArrayList<>(inputCount);
    if (inputCount == 0) {
      coinbaseHeight = Height.of(reader.nonNegativeU32("coinbase height"));
      coinbaseExtra = reader.lengthPrefixed("coinbase extra", MAX_COINBASE_EXTRA_LENGTH);
    } else {
      for (int i = 0; i < inputCount; i++) {
        outPoints.add(OutPoint.decodeFrom(reader));
      }
    }
    int outputCount = reader.count("output", 1, TxOutput.ENCODED_LENGTH);
    List<TxOutput> outputs = new ArrayList<>(outputCount);
    for (int i = 0; i < outputCount; i++) {
      outputs.add(TxOutput.decodeFrom(reader));
    }
    Height lockTime = Height.of(reader.nonNegativeU32("lock time"));
    List<TxInput> inputs = new ArrayList<>(inputCount);
    for (OutPoint outPoint : outPoints) {
      inputs.add(TxInput.unsigned(outPoint).withWitnessFrom(reader));
    }
    int end = reader.position();
    if (end - start > MAX_SIZE) {
      throw Reader.fail(Reason.TOO_LARGE, start, (end - start) + " bytes > " + MAX_SIZE);
    }
    byte[] data = reader.data();
    // Callers hand the reader a private copy of the input, so a whole-input array can be kept.
    byte[] encoding =
        start == 0 && end == data.length ? data : Arrays.copyOfRange(data, start, end);
    return new Transaction(
        version, inputs, outputs, lockTime, coinbaseHeight, coinbaseExtra, encoding);
  }

  /** Returns the version, an unsigned 32-bit value held as an {@code int} bit pattern. */
  public int version() {
    return version;
  }

  /** Returns the inputs in order; empty for a coinbase. */
  public List<TxInput> inputs() {
    return inputs;
  }

  /** Returns the outputs in order; never empty. */
  public List<TxOutput> outputs() {
    return outputs;
  }

  /** Returns the lock time: the transaction is final only in blocks above this height (0: none). */
  public Height lockTime() {
    return lockTime;
  }

  /** Returns whether this is a coinbase (a transaction without inputs). */
  public boolean isCoinbase() {
    return coinbaseHeight != null;
  }

  /**
   * Returns the block height a coinbase commits to.
   *
   * @throws IllegalStateException if this is not a coinbase
   */
  public Height coinbaseHeight() {
    checkState(isCoinbase(), "not a coinbase");
    return coinbaseHeight;
  }

  /**
   * Returns a copy of a coinbase's extra data.
   *
   * @throws IllegalStateException if this is not a coinbase
   */
  public byte[] coinbaseExtra() {
    checkState(isCoinbase(), "not a coinbase");
    return coinbaseExtra.clone();
  }

  /** Returns the id: double SHA-256 of the encoding without witnesses. */
  public Hash txid() {
    Hash result = txid;
    if (result == null) {
      result = isCoinbase() ? wtxid() : Hash.sha256d(encoding(), 0, baseSize);
      txid = result;
    }
    return result;
  }

  /** Returns the witness id: double SHA-256 of the whole encoding. */
  public Hash wtxid() {
    Hash result = wtxid;
    if (result == null) {
      result = Hash.sha256d(encoding());
      wtxid = result;
    }
    return result;
  }

  /** Returns the length of the encoding, in bytes. */
  public int size() {
    return size;
  }

  /** Returns the length of the encoding without witnesses (the txid preimage), in bytes. */
  public int baseSize() {
    return baseSize;
  }

  /** Returns the canonical encoding (a fresh copy). */
  public byte[] encode() {
    return encoding().clone();
  }

  /** Returns the cached encoding without copying; callers in this package never modify it. */
  byte[] encoding() {
    byte[] result = encoding;
    if (result == null) {
      result = write();
      encoding = result;
    }
    return result;
  }

  /** Equal when the encodings are equal. */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Transaction other
            && size == other.size
            && Arrays.equals(encoding(), other.encoding()));
  }

  @Override
  public int hashCode() {
    return wtxid().hashCode();
  }

  @Override
  public String toString() {
    return "Transaction{txid="
        + txid()
        + (isCoinbase() ? ", coinbase at " + coinbaseHeight : ", inputs=" + inputs.size())
        + ", outputs="
        + outputs.size()
        + ", size="
        + size
        + "}";
  }

  private byte[] write() {
    Writer writer = new Writer(size);
    writer.u32(version).varint(inputs.size());
    if (isCoinbase()) {
      writer.u32(coinbaseHeight.value()).lengthPrefixed(coinbaseExtra);
    } else {
      for (TxInput input : inputs) {
        input.outPoint().encodeTo(writer);
      }
    }
    writer.varint(outputs.size());
    for (TxOutput output : outputs) {
      output.encodeTo(writer);
    }
    writer.u32(lockTime.value());
    for (TxInput input : inputs) {
      input.encodeWitnessTo(writer);
    }
    return writer.finish();
  }
}
