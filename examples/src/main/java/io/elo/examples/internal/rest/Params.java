package io.elo.examples.internal.rest;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import java.util.Optional;

/** Parses path and body values, answering 400 with a code naming the problem. */
final class Params {
  private Params() {}

  static Hash hash(String text, String what) {
    if (text.length() != 2 * Hash.LENGTH) {
      throw ApiException.badRequest(
          "bad-hash", what + " must be " + 2 * Hash.LENGTH + " hex digits, got " + text.length()
              + " characters");
    }
    try {
      return Hash.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad-hash", what + " is not hexadecimal");
    }
  }

  static Address address(String text, String prefix) {
    Optional<Address> address = Address.tryParse(text, prefix);
    if (address.isEmpty()) {
      throw ApiException.badRequest(
          "bad-address", "not a Bech32m address with prefix '" + prefix + "': " + shorten(text));
    }
    return address.get();
  }

  static byte[] hex(String text, String what) {
    if (text.length() % 2 != 0) {
      throw ApiException.badRequest("bad-hex", what + " has an odd number of hex digits");
    }
    try {
      return Json.HEX.parseHex(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad-hex", what + " is not hexadecimal");
    }
  }

  /** Echoes at most 100 characters of client input back. */
  static String shorten(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "…";
  }
}
