package io.elo.bench;

import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Who signs a benchmark's transactions. With {@link #ONE} every transaction is signed by one key,
 * so a node decodes it once and then only verifies; with {@link #DISTINCT} every transaction has
 * its own key, so each node's work per transaction is a full key decode (the subgroup check costs
 * about one verification) plus a verification, as with real users' transactions.
 */
enum KeyMode {
  /** One key for every transaction: the bound is verifications per second. */
  ONE("one", "one key"),
  /** A key per transaction: the bound is (full key decode + verification) per second. */
  DISTINCT("distinct", "a key per transaction");

  private static final byte[] SEED_PREFIX = "elo-bench-coin-k".getBytes(StandardCharsets.US_ASCII);

  private final String label;
  private final String description;

  KeyMode(String label, String description) {
    this.label = label;
    this.description = description;
  }

  /** The name used in options and {@code RESULT} lines: {@code one} or {@code distinct}. */
  String label() {
    return label;
  }

  /** Who signs, in words: {@code one key} or {@code a key per transaction}. */
  String description() {
    return description;
  }

  /** The mode named {@code text} ({@code one} or {@code distinct}). */
  static KeyMode parse(String text) {
    for (KeyMode mode : values()) {
      if (mode.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "keys must be one of "
            + Arrays.stream(values()).map(KeyMode::label).collect(Collectors.joining(", "))
            + ": "
            + text);
  }

  /**
   * The Ed25519 key of coin {@code index} of the distinct-key workloads: a fixed prefix and the
   * index make its 32-byte seed, so runs are reproducible and no two coins share a key.
   */
  static KeyPair coinKey(long index) {
    byte[] seed =
        ByteBuffer.allocate(32).put(SEED_PREFIX).position(24).putLong(index).array();
    return KeyPair.fromPrivateKey(SignatureSchemes.ED25519.decodePrivateKey(seed));
  }
}
