package io.elo.model;

import static java.util.Objects.requireNonNull;

/**
 * A transaction output: an amount paid to an address (a public-key hash).
 *
 * <p>Encoded as the amount (u64, little-endian) followed by the 32-byte public-key hash (40 bytes).
 *
 * @param amount the amount paid, in {@code [0, MAX_MONEY]}
 * @param address who may spend it
 */
public record TxOutput(Amount amount, Address address) {
  /** Encoded length in bytes. */
  public static final int ENCODED_LENGTH = 8 + 32;

  /** Validates the fields. */
  public TxOutput {
    requireNonNull(amount, "amount");
    requireNonNull(address, "address");
  }

  /** Returns an output paying {@code amount} to {@code address}. */
  public static TxOutput of(Amount amount, Address address) {
    return new TxOutput(amount, address);
  }

  void encodeTo(Writer writer) {
    writer.u64(amount.atoms()).hash(address.hash());
  }

  static TxOutput decodeFrom(Reader reader) {
    Amount amount = reader.amount();
    return new TxOutput(amount, Address.of(reader.hash()));
  }
}
