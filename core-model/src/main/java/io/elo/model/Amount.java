package io.elo.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Optional;

/**
 * An amount of money in atoms, the smallest unit: always within {@code [0, MAX_MONEY]}.
 *
 * <p>Arithmetic that would leave that range throws {@link ArithmeticException} ({@code plus},
 * {@code minus}, {@code times}, {@code sum}) or returns an empty {@link Optional} ({@code tryPlus},
 * {@code tryMinus}), so an overflow can never silently create money.
 *
 * @param atoms the number of atoms, in {@code [0, MAX_MONEY]}
 */
public record Amount(long atoms) implements Comparable<Amount> {
  /** Atoms per coin. */
  public static final long COIN = 100_000_000L;

  /** The largest number of atoms that can ever exist: 21,000,000 coins. */
  public static final long MAX_MONEY_ATOMS = 21_000_000L * COIN;

  /** Nothing. */
  public static final Amount ZERO = new Amount(0);

  /** The largest amount, 21,000,000 coins. */
  public static final Amount MAX_MONEY = new Amount(MAX_MONEY_ATOMS);

  private static final int DECIMALS = 8;

  /**
   * Validates the range.
   *
   * @throws IllegalArgumentException if {@code atoms} is outside {@code [0, MAX_MONEY]}
   */
  public Amount {
    checkArgument(isValidAtoms(atoms), "amount out of range [0, %s]: %s", MAX_MONEY_ATOMS, atoms);
  }

  /**
   * Returns {@code atoms} atoms.
   *
   * @throws IllegalArgumentException if {@code atoms} is outside {@code [0, MAX_MONEY]}
   */
  public static Amount ofAtoms(long atoms) {
    return atoms == 0 ? ZERO : new Amount(atoms);
  }

  /**
   * Returns {@code coins} whole coins.
   *
   * @throws IllegalArgumentException if the amount is outside {@code [0, MAX_MONEY]}
   */
  public static Amount ofCoins(long coins) {
    checkArgument(coins >= 0 && coins <= MAX_MONEY_ATOMS / COIN, "coins out of range: %s", coins);
    return ofAtoms(coins * COIN);
  }

  /** Returns whether {@code atoms} lies in {@code [0, MAX_MONEY]}. */
  public static boolean isValidAtoms(long atoms) {
    return atoms >= 0 && atoms <= MAX_MONEY_ATOMS;
  }

  /**
   * Returns the sum of {@code amounts}.
   *
   * @throws ArithmeticException if the sum exceeds {@code MAX_MONEY}
   */
  public static Amount sum(Iterable<Amount> amounts) {
    long total = 0;
    for (Amount amount : amounts) {
      // Both operands are <= MAX_MONEY, far below Long.MAX_VALUE / 2: the addition cannot wrap.
      total += amount.atoms;
      if (total > MAX_MONEY_ATOMS) {
        throw new ArithmeticException("sum exceeds MAX_MONEY");
      }
    }
    return ofAtoms(total);
  }

  /**
   * Parses a decimal number of coins with at most 8 fractional digits, such as {@code "1.5"} or
   * {@code "0.00000001"}.
   *
   * @throws IllegalArgumentException if {@code text} is not such a number or is out of range
   */
  public static Amount parse(String text) {
    return tryParse(text).orElseThrow(() -> new IllegalArgumentException("not an amount: " + text));
  }

  /** Like {@link #parse}, but returns an empty {@link Optional} instead of throwing. */
  public static Optional<Amount> tryParse(String text) {
    int dot = text.indexOf('.');
    String whole = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : text.substring(dot + 1);
    if (whole.isEmpty()
        || whole.length() > 8
        || fraction.length() > DECIMALS
        || (dot >= 0 && fraction.isEmpty())
        || !isDigits(whole)
        || !isDigits(fraction)) {
      return Optional.empty();
    }
    long atoms = Long.parseLong(whole) * COIN;
    if (!fraction.isEmpty()) {
      atoms += Long.parseLong((fraction + "0".repeat(DECIMALS)).substring(0, DECIMALS));
    }
    return isValidAtoms(atoms) ? Optional.of(ofAtoms(atoms)) : Optional.empty();
  }

  /**
   * Returns {@code this + other}.
   *
   * @throws ArithmeticException if the result exceeds {@code MAX_MONEY}
   */
  public Amount plus(Amount other) {
    return tryPlus(other).orElseThrow(() -> new ArithmeticException(this + " + " + other));
  }

  /**
   * Returns {@code this - other}.
   *
   * @throws ArithmeticException if the result is negative
   */
  public Amount minus(Amount other) {
    return tryMinus(other).orElseThrow(() -> new ArithmeticException(this + " - " + other));
  }

  /**
   * Returns {@code this * factor}.
   *
   * @throws ArithmeticException if the result is negative or exceeds {@code MAX_MONEY}
   */
  public Amount times(long factor) {
    long product = Math.multiplyExact(atoms, factor);
    if (!isValidAtoms(product)) {
      throw new ArithmeticException(this + " * " + factor + " is out of range");
    }
    return ofAtoms(product);
  }

  /** Returns {@code this + other}, or empty if the result exceeds {@code MAX_MONEY}. */
  public Optional<Amount> tryPlus(Amount other) {
    long total = atoms + other.atoms;
    return total <= MAX_MONEY_ATOMS ? Optional.of(ofAtoms(total)) : Optional.empty();
  }

  /** Returns {@code this - other}, or empty if the result would be negative. */
  public Optional<Amount> tryMinus(Amount other) {
    long difference = atoms - other.atoms;
    return difference >= 0 ? Optional.of(ofAtoms(difference)) : Optional.empty();
  }

  /** Returns whether this amount is zero. */
  public boolean isZero() {
    return atoms == 0;
  }

  @Override
  public int compareTo(Amount other) {
    return Long.compare(atoms, other.atoms);
  }

  /** Returns the amount in coins with exactly 8 decimals, such as {@code "1.23456789"}. */
  @Override
  public String toString() {
    String fraction = Long.toString(atoms % COIN);
    return atoms / COIN + "." + "0".repeat(DECIMALS - fraction.length()) + fraction;
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
