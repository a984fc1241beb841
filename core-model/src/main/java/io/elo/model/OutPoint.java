package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;

/**
 * A reference to one output of an earlier transaction: its txid and the output's index.
 *
 * <p>Encoded as the 32 txid bytes followed by the index as a little-endian u32 (36 bytes). The
 * index is limited to {@code [0, 2^31-1]}; no transaction can have more outputs than that.
 *
 * @param txid the id of the transaction that created the output
 * @param index the output's position in that transaction, from 0
 */
public record OutPoint(Hash txid, int index) implements Comparable<OutPoint> {
  /** Encoded length in bytes. */
  public static final int ENCODED_LENGTH = Hash.LENGTH + 4;

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public OutPoint {
    requireNonNull(txid, "txid");
    checkArgument(index >= 0, "output index must be >= 0, got %s", index);
  }

  /** Returns the out-point of output {@code index} of {@code txid}. */
  public static OutPoint of(Hash txid, int index) {
    return new OutPoint(txid, index);
  }

  /** Orders by txid bytes, then index. */
  @Override
  public int compareTo(OutPoint other) {
    int byTxid = txid.compareTo(other.txid);
    return byTxid != 0 ? byTxid : Integer.compare(index, other.index);
  }

  /** Returns {@code txid:index}. */
  @Override
  public String toString() {
    return txid.toHex() + ":" + index;
  }

  void encodeTo(Writer writer) {
    writer.hash(txid).u32(index);
  }

  static OutPoint decodeFrom(Reader reader) {
    Hash txid = reader.hash();
    return new OutPoint(txid, reader.nonNegativeU32("output index"));
  }
}
