package io.elo.validation;

import static java.util.Objects.requireNonNull;

import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Height;
import io.elo.model.TxOutput;

/**
 * An unspent transaction output as the UTXO set holds it: the output, the height of the block that
 * created it and whether that transaction was a coinbase (coinbase outputs mature before they may
 * be spent).
 *
 * <p>Stored with a compact canonical encoding (see docs/storage.md): {@code varint(height * 2 +
 * coinbase) || varint(amount atoms) || 32-byte address hash}, 35 to 45 bytes.
 *
 * @param output the output
 * @param height the height of the block whose transaction created the output
 * @param coinbase whether that transaction was the block's coinbase
 */
public record Coin(TxOutput output, Height height, boolean coinbase) {
  /** Validates the fields. */
  public Coin {
    requireNonNull(output, "output");
    requireNonNull(height, "height");
  }

  /** Returns the coin for {@code output} created at {@code height}. */
  public static Coin of(TxOutput output, Height height, boolean coinbase) {
    return new Coin(output, height, coinbase);
  }

  /** Returns the output's amount. */
  public Amount amount() {
    return output.amount();
  }

  /** Returns the output's address. */
  public Address address() {
    return output.address();
  }
}
