package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worked example in docs/protocol.md: these exact bytes are asserted here, and the document is
 * checked to contain them, so neither can drift from the code. The values were cross-checked with
 * an independent SHA-256 and Ed25519 implementation.
 */
class ProtocolExampleTest {
  static final String COINBASE_HEX =
      "01000000"
          + "00"
          + "01000000"
          + "03"
          + "656c6f"
          + "01"
          + "00f2052a01000000"
          + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
          + "00000000";
  static final String COINBASE_TXID =
      "64c6f47933e5fbf5683994db9b94bac067f957f0364be37c9f127565314cba5c";
  static final String MERKLE_ROOT =
      "86b7ccd5e59fbefb06fdc0c8c9a45c782180bc8a3cd588da8c42874398a78ceb";
  static final String HEADER_HEX =
      "01000000"
          + "0000000000000000000000000000000000000000000000000000000000000000"
          + MERKLE_ROOT
          + "00f1536500000000"
          + "ffff7f20"
          + "07000000"
          + "00";
  static final String BLOCK_HASH =
      "28a6bb9f2278ba5237e34b58c87305a6b0642fba365b1d64e16d9d711522fd8c";
  static final String ADDRESS_TEXT =
      "elo1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v9ccrydpk8qarc0s77npd8";
  static final String PUBLIC_KEY =
      "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
  static final String KEY_ADDRESS_HASH =
      "d6ef0d0edbfcba01000afa5de08c92dc809b488499abbf1700a865362003ddb6";
  static final String KEY_ADDRESS_TEXT =
      "elo16mhs6rkmljaqzqq2lfw7pryjmjqfkjyynx4m79cq4pjnvgqrmkmqkmfk9l";
  static final String SPEND_BASE_HEX =
      "01000000"
          + "01"
          + COINBASE_TXID
          + "00000000"
          + "01"
          + "c0aff62901000000"
          + KEY_ADDRESS_HASH
          + "00000000";
  static final String SIGNATURE =
      "848d90043919d337c3a8c6c5cee63304da6b7c40ea9c3e52670bb7604951801b"
          + "cab0294e32b264a56a81a4bfd388f593fbe4ec6bcdb75250bf043b623935010b";
  static final String SPEND_HEX = SPEND_BASE_HEX + "01" + "20" + PUBLIC_KEY + "40" + SIGNATURE;
  static final String SPEND_TXID =
      "040358b55997fd57842675e210e1f2d208295aabc2fd88106f57235e63a74e0d";
  static final String SPEND_WTXID =
      "8581307a371eb6155237291eb9d8f7dc6f81e929b96bde53c42dc22ae9c6ec79";
  static final String AMOUNTS_DIGEST =
      "977614bfb898b92684a0975b80fae773d7c1c5bf930e7523af69ec876a748df5";
  static final String SIGNING_MESSAGE =
      "454c4f2f74787369672f7631" + BLOCK_HASH + SPEND_TXID + "00000000" + AMOUNTS_DIGEST;

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void coinbase_hasTheDocumentedEncoding() {
    Transaction coinbase = coinbase();
    assertEquals(COINBASE_HEX, HEX.formatHex(coinbase.encode()));
    assertEquals(58, coinbase.size());
    assertEquals(COINBASE_TXID, coinbase.txid().toHex());
    assertEquals(coinbase.txid(), coinbase.wtxid());
    assertEquals(ADDRESS_TEXT, coinbase.outputs().get(0).address().toText());
  }

  @Test
  void header_hasTheDocumentedEncodingAndHash() {
    BlockHeader header = header();
    assertEquals(MERKLE_ROOT, header.merkleRoot().toHex());
    assertEquals(HEADER_HEX, HEX.formatHex(header.encode()));
    assertEquals(HEADER_HEX, HEX.formatHex(header.encodeWithoutSeal()));
    assertEquals(BLOCK_HASH, header.hash().toHex());
    assertEquals(BLOCK_HASH, Block.of(header, List.of(coinbase())).hash().toHex());
  }

  @Test
  void spend_hasTheDocumentedEncodingIdsAndSigningMessage() {
    Transaction spend = spend();
    assertEquals(SPEND_HEX, HEX.formatHex(spend.encode()));
    assertEquals(SPEND_BASE_HEX.length() / 2, spend.baseSize());
    assertEquals(SPEND_TXID, spend.txid().toHex());
    assertEquals(SPEND_WTXID, spend.wtxid().toHex());
    assertEquals(PUBLIC_KEY, key().publicKey().toHex());
    assertEquals(KEY_ADDRESS_TEXT, Address.fromPublicKey(key().publicKey()).toText());
    byte[] message = SigningMessage.of(header().hash(), spend, 0, List.of(Amount.ofCoins(50)));
    assertEquals(SIGNING_MESSAGE, HEX.formatHex(message));
    assertTrue(
        SignatureSchemes.ED25519.verify(key().publicKey(), message, HEX.parseHex(SIGNATURE)));
  }

  @Test
  void protocolDocument_containsEveryExampleValue() throws IOException {
    Path doc = Path.of(System.getProperty("user.dir")).resolve("../docs/protocol.md").normalize();
    String text = Files.readString(doc, StandardCharsets.UTF_8).replaceAll("[\\s|`]", "");
    for (String value :
        List.of(
            COINBASE_HEX,
            COINBASE_TXID,
            HEADER_HEX,
            BLOCK_HASH,
            ADDRESS_TEXT,
            PUBLIC_KEY,
            KEY_ADDRESS_TEXT,
            SPEND_HEX,
            SPEND_TXID,
            SPEND_WTXID,
            SIGNING_MESSAGE)) {
      assertTrue(text.contains(value), "docs/protocol.md lacks " + value);
    }
  }

  static Transaction coinbase() {
    byte[] sequence = new byte[32];
    for (int i = 0; i < 32; i++) {
      sequence[i] = (byte) i;
    }
    return Transaction.coinbase(
        Height.of(1),
        "elo".getBytes(StandardCharsets.US_ASCII),
        List.of(TxOutput.of(Amount.ofCoins(50), Address.of(Hash.fromBytes(sequence)))));
  }

  static BlockHeader header() {
    return BlockHeader.of(
        1, Hash.ZERO, Block.computeMerkleRoot(List.of(coinbase())), 1_700_000_000L, 0x207fffff, 7);
  }

  /** The Ed25519 key whose 32-byte seed is 0x01 repeated. */
  static KeyPair key() {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 1);
    return KeyPair.fromPrivateKey(SignatureSchemes.ED25519.decodePrivateKey(seed));
  }

  /** Spends the coinbase output (50 coins): 49.99 coins to the key's own address. */
  static Transaction spend() {
    return new TransactionBuilder()
        .addInput(OutPoint.of(coinbase().txid(), 0), Amount.ofCoins(50), key())
        .addOutput(Amount.parse("49.99"), Address.fromPublicKey(key().publicKey()))
        .build(header().hash());
  }
}
