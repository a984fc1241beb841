package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.elo.crypto.Hash;
import io.elo.model.Height;

/**
 * Where a confirmed transaction is: the block on the best chain that holds it and its position.
 *
 * @param block the block's hash
 * @param height the block's height
 * @param position the transaction's index in the block (0 for the coinbase)
 */
public record TxLocation(Hash block, Height height, int position) {
  /** Validates the fields. */
  public TxLocation {
    requireNonNull(block, "block");
    requireNonNull(height, "height");
    checkArgument(position >= 0, "position must be >= 0: %s", position);
  }
}
