package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.DecodeException.Reason;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * An immutable UTXO transaction: inputs spending earlier outputs, outputs paying addresses, and a
 * lock time; or, with no inputs, a coinbase that commits to its block height.
 *
 * <p>The canonical encoding (see {@code docs/protocol.md}) puts every witness (scheme id, public
 * key, signature) after the lock time, so the txid is the double SHA-256 of a prefix of the
 * encoding that holds no signature, and the wtxid that of the whole encoding. For a coinbase both
 * are equal. A decoded transaction keeps the bytes it was decoded from as its encoding (a block's
 * transactions keep ranges of the block's bytes), so it is hashed, stored and relayed as it
 * arrived: safe because decoding accepts only the canonical encoding. A built transaction encodes
 * itself at most once, lazily; the txid and the wtxid are computed at most once, lazily. Instances
 * are safe to share between threads.
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
  // The encoding is [offset, offset + size) of source (see Encoding); offset is 0 when built.
  private final int offset;

  // Lazily computed caches; racy initialisation is harmless because every thread computes the
  // same value and the cached objects are never mutated.
  private volatile ByteBuffer source;
  private volatile Hash txid;
  private volatile Hash wtxid;

  private Transaction(
      int version,
      List<TxInput> inputs,
      List<TxOutput> outputs,
      Height lockTime,
      Height coinbaseHeight,
      byte[] coinbaseExtra,
      ByteBuffer source,
      int offset) {
    this.version = version;
    // Decoding hands over immutable lists of its own; values from callers are copied.
    this.inputs = source != null ? inputs : List.copyOf(inputs);
    this.outputs = source != null ? outputs : List.copyOf(outputs);
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
    // Indexed: an iterator per decoded transaction was a tenth of a received block's garbage.
    for (int i = 0; i < this.inputs.size(); i++) {
      total += this.inputs.get(i).witnessSize();
    }
    checkArgument(total <= MAX_SIZE, "transaction of %s bytes exceeds %s", total, MAX_SIZE);
    this.baseSize = (int) base;
    this.size = (int) total;
    this.source = source;
    this.offset = offset;
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
    return new Transaction(version, inputs, outputs, lockTime, null, null, null, 0);
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
    return new Transaction(
        version, List.of(), outputs, lockTime, height, extra.clone(), null, 0);
  }

  /**
   * Decodes exactly one transaction from a copy of {@code bytes}.
   *
   * @throws DecodeException if {@code bytes} is not the canonical encoding of a transaction
   */
  public static Transaction decode(byte[] bytes) {
    Reader.checkSize(bytes.length, MAX_SIZE);
    return decodeKept(ByteBuffer.wrap(bytes.clone()));
  }

  /**
   * Decodes exactly one transaction from the remaining bytes of {@code bytes}, leaving its
   * position unchanged. A read-only buffer is kept as the transaction's encoding without copying:
   * whoever made it promises that the bytes behind it never change (the payload views the p2p
   * layer delivers keep that promise). Any other buffer is copied first.
   *
   * @throws DecodeException if the bytes are not the canonical encoding of a transaction
   */
  public static Transaction decode(ByteBuffer bytes) {
    Reader.checkSize(bytes.remaining(), MAX_SIZE);
    return decodeKept(Encoding.adopt(bytes));
  }

  private static Transaction decodeKept(ByteBuffer kept) {
    Reader reader = new Reader(kept);
    Transaction tx = decodeFrom(reader);
    reader.finish();
    return tx;
  }

  /** Reads one transaction, which keeps its range of the reader's input as its encoding. */
  static Transaction decodeFrom(Reader reader) {
    int start = reader.position();
    int version = reader.u32();
    int inputCount = reader.count("input", 0, MIN_INPUT_SIZE);
    Height coinbaseHeight = null;
    byte[] coinbaseExtra = null;
    int outPointsAt = reader.position();
    if (inputCount == 0) {
      coinbaseHeight = Height.of(reader.nonNegativeU32("coinbase height"));
      coinbaseExtra = reader.lengthPrefixed("coinbase extra", MAX_COINBASE_EXTRA_LENGTH);
    } else {
      // Read with their witnesses below, which follow the lock time.
      reader.skip(inputCount * OutPoint.ENCODED_LENGTH);
    }
    int outputCount = reader.count("output", 1, TxOutput.ENCODED_LENGTH);
    List<TxOutput> outputs = outputs(reader, outputCount);
    Height lockTime = Height.of(reader.nonNegativeU32("lock time"));
    List<TxInput> inputs = inputs(reader, inputCount, outPointsAt);
    int end = reader.position();
    if (end - start > MAX_SIZE) {
      throw Reader.fail(Reason.TOO_LARGE, start, (end - start) + " bytes > " + MAX_SIZE);
    }
    Transaction tx =
        new Transaction(
            version, inputs, outputs, lockTime, coinbaseHeight, coinbaseExtra, reader.data(), start);
    // The kept bytes are the encoding only because decoding is canonical; never keep others.
    checkState(tx.size == end - start, "decoded %s bytes, encoding has %s", end - start, tx.size);
    return tx;
  }

  // One and two elements, the common cases, need no array.
  private static List<TxOutput> outputs(Reader reader, int count) {
    if (count == 1) {
      return List.of(TxOutput.decodeFrom(reader));
    }
    if (count == 2) {
      return List.of(TxOutput.decodeFrom(reader), TxOutput.decodeFrom(reader));
    }
    TxOutput[] outputs = new TxOutput[count];
    for (int i = 0; i < count; i++) {
      outputs[i] = TxOutput.decodeFrom(reader);
    }
    return Encoding.listOf(outputs, count);
  }

  private static List<TxInput> inputs(Reader reader, int count, int outPointsAt) {
    if (count == 0) {
      return List.of();
    }
    if (count == 1) {
      return List.of(input(reader, outPointsAt));
    }
    if (count == 2) {
      return List.of(
          input(reader, outPointsAt), input(reader, outPointsAt + OutPoint.ENCODED_LENGTH));
    }
    TxInput[] inputs = new TxInput[count];
    for (int i = 0; i < count; i++) {
      inputs[i] = input(reader, outPointsAt + i * OutPoint.ENCODED_LENGTH);
    }
    return Encoding.listOf(inputs, count);
  }

  /** The input whose out-point is at {@code outPointAt} and whose witness is next. */
  private static TxInput input(Reader reader, int outPointAt) {
    int witnessAt = reader.seek(outPointAt);
    OutPoint outPoint = OutPoint.decodeFrom(reader);
    reader.seek(witnessAt);
    return TxInput.decodeWitness(outPoint, reader);
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
      result = isCoinbase() ? wtxid() : Hash.sha256d(source(), offset, baseSize);
      txid = result;
    }
    return result;
  }

  /** Returns the witness id: double SHA-256 of the whole encoding. */
  public Hash wtxid() {
    Hash result = wtxid;
    if (result == null) {
      result = Hash.sha256d(source(), offset, size);
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
    return Encoding.copy(source(), offset, size);
  }

  /**
   * Returns the canonical encoding as a read-only view, without copying: the bytes the
   * transaction was decoded from, or its own encoding if it was built. For callers that only
   * write or hash the bytes (storage, relay).
   */
  public ByteBuffer encodedView() {
    return Encoding.view(source(), offset, size);
  }

  /** Writes the encoding into {@code writer}. */
  void encodeTo(Writer writer) {
    writer.bytes(source(), offset, size);
  }

  /** The buffer holding the encoding at {@code offset}; encodes a built transaction once. */
  private ByteBuffer source() {
    ByteBuffer result = source;
    if (result == null) {
      result = ByteBuffer.wrap(write());
      source = result;
    }
    return result;
  }

  /** Equal when the encodings are equal. */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Transaction other
            && size == other.size
            && Encoding.equal(source(), offset, other.source(), other.offset, size));
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
