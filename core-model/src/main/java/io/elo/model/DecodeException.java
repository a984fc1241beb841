package io.elo.model;

/**
 * Thrown when bytes are not the canonical encoding of a value: the one unchecked exception of the
 * core-model codec. It carries a machine-readable {@link Reason} and the byte offset at which
 * decoding failed, so callers can penalise a peer without parsing messages.
 */
public final class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why decoding failed. */
  public enum Reason {
    /** The input ended before the value did. */
    TRUNCATED,
    /** Bytes remain after a complete value. */
    TRAILING_BYTES,
    /** A varint has a redundant trailing zero group. */
    NON_MINIMAL_VARINT,
    /** A varint is longer than five bytes or exceeds 2^32-1. */
    VARINT_OVERFLOW,
    /** A count is zero where one is required, or larger than the remaining bytes allow. */
    COUNT_OUT_OF_RANGE,
    /** A byte-string length exceeds its bound. */
    LENGTH_OUT_OF_RANGE,
    /** An amount exceeds {@link Amount#MAX_MONEY}. */
    AMOUNT_OUT_OF_RANGE,
    /** An integer field is outside its allowed range (a height, an index, a timestamp). */
    VALUE_OUT_OF_RANGE,
    /** The whole value exceeds its size bound (transaction or block). */
    TOO_LARGE
  }

  private final Reason reason;
  private final int offset;

  /**
   * Creates an exception for a failure at byte {@code offset}.
   *
   * @param reason why decoding failed
   * @param offset the byte offset in the input where the offending field starts
   * @param detail a human-readable detail
   */
  public DecodeException(Reason reason, int offset, String detail) {
    super(reason + " at offset " + offset + ": " + detail);
    this.reason = reason;
    this.offset = offset;
  }

  /** Returns why decoding failed. */
  public Reason reason() {
    return reason;
  }

  /** Returns the byte offset in the input at which decoding failed. */
  public int offset() {
    return offset;
  }
}
