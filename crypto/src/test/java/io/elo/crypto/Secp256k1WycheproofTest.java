package io.elo.crypto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof's ecdsa_secp256k1_sha256_bitcoin vectors (low-S variant), converted from DER
 * signatures and uncompressed keys to Elo's 64-byte r || s and 33-byte compressed keys.
 */
class Secp256k1WycheproofTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final SignatureScheme SECP256K1 = SignatureSchemes.SECP256K1;

  record Case(long tcId, String comment, String result, byte[] key, byte[] msg, byte[] der) {
    @Override
    public String toString() {
      return "tcId " + tcId + " (" + result + "): " + comment;
    }
  }

  @SuppressWarnings("unchecked")
  static Stream<Case> cases() {
    Map<String, Object> root =
        (Map<String, Object>)
            MiniJson.parse(TestVectors.resource("ecdsa_secp256k1_sha256_bitcoin_test.json"));
    List<Case> cases = new ArrayList<>();
    for (Object g : (List<Object>) root.get("testGroups")) {
      Map<String, Object> group = (Map<String, Object>) g;
      Map<String, Object> key = (Map<String, Object>) group.get("publicKey");
      byte[] compressed = compress(HEX.parseHex((String) key.get("uncompressed")));
      for (Object t : (List<Object>) group.get("tests")) {
        Map<String, Object> test = (Map<String, Object>) t;
        cases.add(
            new Case(
                (Long) test.get("tcId"),
                (String) test.get("comment"),
                (String) test.get("result"),
                compressed,
                HEX.parseHex((String) test.get("msg")),
                HEX.parseHex((String) test.get("sig"))));
      }
    }
    return cases.stream();
  }

  @Test
  void vectors_areAFaithfulSubsetOfAtLeast150Cases() {
    List<Case> all = cases().toList();
    assertTrue(all.size() >= 150);
    assertEquals(all.size(), all.stream().map(Case::tcId).distinct().count());
    assertTrue(all.stream().filter(c -> c.result().equals("valid")).count() >= 60);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void verify_agreesWithWycheproof(Case c) {
    PublicKey key = SECP256K1.decodePublicKey(c.key());
    Optional<byte[]> signature = StrictDer.parse(c.der());
    switch (c.result()) {
      case "valid" -> {
        assertTrue(signature.isPresent(), "valid DER must parse");
        assertTrue(SECP256K1.verify(key, c.msg(), signature.get()));
      }
      case "invalid" ->
          assertFalse(signature.isPresent() && SECP256K1.verify(key, c.msg(), signature.get()));
      default -> assertDoesNotThrow(() -> signature.map(s -> SECP256K1.verify(key, c.msg(), s)));
    }
  }

  static byte[] compress(byte[] uncompressed) {
    byte[] out = new byte[33];
    out[0] = (byte) ((uncompressed[64] & 1) == 0 ? 0x02 : 0x03);
    System.arraycopy(uncompressed, 1, out, 1, 32);
    return out;
  }

  /** Strict DER ECDSA-Sig-Value parsing into a 64-byte r || s (test code only). */
  static final class StrictDer {
    private StrictDer() {}

    static Optional<byte[]> parse(byte[] der) {
      if (der.length < 2 || der[0] != 0x30 || (der[1] & 0x80) != 0 || der[1] != der.length - 2) {
        return Optional.empty();
      }
      byte[] out = new byte[64];
      int pos = 2;
      for (int i = 0; i < 2; i++) {
        if (pos + 2 > der.length || der[pos] != 0x02 || (der[pos + 1] & 0x80) != 0) {
          return Optional.empty();
        }
        int length = der[pos + 1];
        int start = pos + 2;
        if (length == 0 || start + length > der.length) {
          return Optional.empty();
        }
        if ((der[start] & 0x80) != 0) {
          return Optional.empty(); // negative
        }
        if (length > 1 && der[start] == 0 && (der[start + 1] & 0x80) == 0) {
          return Optional.empty(); // non-minimal leading zero
        }
        byte[] value = Arrays.copyOfRange(der, start, start + length);
        if (value.length == 33 && value[0] == 0) {
          value = Arrays.copyOfRange(value, 1, 33);
        }
        if (value.length > 32) {
          return Optional.empty();
        }
        System.arraycopy(value, 0, out, 32 * i + 32 - value.length, value.length);
        pos = start + length;
      }
      return pos == der.length ? Optional.of(out) : Optional.empty();
    }
  }
}
