package io.elo.validation;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * What disconnecting a block needs to restore the UTXO set: the coins the block's transactions
 * spent, in spend order (transaction by transaction in block order, inputs in input order; the
 * coinbase spends nothing). Disconnect walks the block's inputs backwards and restores {@code
 * coins().get(i)} at the out-point of the i-th spent input.
 *
 * <p>Stored as {@code varint(count) || coin encodings}; see docs/storage.md.
 */
public final class BlockUndo {
  /** An undo record for a block that spent nothing (only a coinbase). */
  public static final BlockUndo EMPTY = new BlockUndo(List.of());

  /** Bound on the coins one block can spend: a 32 MiB block holds fewer inputs than this. */
  public static final int MAX_COINS = 1 << 20;

  private final List<Coin> coins;

  private BlockUndo(List<Coin> coins) {
    this.coins = coins;
  }

  /**
   * Returns the undo record holding {@code coins} in spend order.
   *
   * @throws IllegalArgumentException if there are more than {@link #MAX_COINS}
   */
  public static BlockUndo of(List<Coin> coins) {
    checkArgument(coins.size() <= MAX_COINS, "too many spent coins: %s", coins.size());
    return coins.isEmpty() ? EMPTY : new BlockUndo(List.copyOf(coins));
  }

  /** Returns the spent coins in spend order (immutable). */
  public List<Coin> coins() {
    return coins;
  }

  /** Returns the number of spent coins. */
  public int size() {
    return coins.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockUndo other && coins.equals(other.coins);
  }

  @Override
  public int hashCode() {
    return coins.hashCode();
  }

  @Override
  public String toString() {
    return "BlockUndo[" + coins.size() + " coins]";
  }
}
