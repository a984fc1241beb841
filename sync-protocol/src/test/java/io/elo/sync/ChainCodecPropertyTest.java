package io.elo.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elo.consensus.ChainWork;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Transaction;
import io.elo.p2p.Severity;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The chain codec: every message record encodes and decodes to itself (and to the same bytes), and
 * every other payload, random or a mutation of a valid one, raises the codec's violation.
 */
class ChainCodecPropertyTest {
  private static final CompactFixtures FIXTURES = new CompactFixtures(6);
  private static final Block BLOCK = FIXTURES.blockWith(FIXTURES.spends);
  private static final List<BlockHeader> HEADERS = headerChain();

  private static List<BlockHeader> headerChain() {
    List<BlockHeader> out = new ArrayList<>();
    for (Block b : FIXTURES.chain.extend(FIXTURES.chain.genesis(), 12)) {
      out.add(b.header());
    }
    return out;
  }

  private static Hash hash(Random r) {
    byte[] b = new byte[Hash.LENGTH];
    r.nextBytes(b);
    return Hash.fromBytes(b);
  }

  private static List<Hash> hashes(Random r, int max) {
    List<Hash> out = new ArrayList<>();
    for (int i = 1 + r.nextInt(max); i > 0; i--) {
      out.add(hash(r));
    }
    return out;
  }

  private static Transaction tx(Random r) {
    return BLOCK.transactions().get(r.nextInt(BLOCK.transactions().size()));
  }

  /** A valid message of kind {@code kind} (0..13) drawn from {@code seed}. */
  static ChainMessage message(int kind, long seed) {
    Random r = new Random(seed);
    return switch (kind) {
      case 0 ->
          new ChainMessage.Status(
              hash(r), hash(r), r.nextInt(1 << 30), ChainWork.of(new BigInteger(r.nextInt(257), r)));
      case 1 -> new ChainMessage.GetHeaders(hashes(r, ChainCodec.MAX_LOCATOR));
      case 2 -> {
        int from = r.nextInt(HEADERS.size());
        yield new ChainMessage.Headers(HEADERS.subList(from, from + r.nextInt(HEADERS.size() - from)));
      }
      case 3 -> new ChainMessage.GetBlocks(hashes(r, ChainCodec.MAX_BLOCK_HASHES), r.nextBoolean());
      case 4 -> new ChainMessage.FullBlock(BLOCK);
      case 5 -> new ChainMessage.NotFound(hashes(r, ChainCodec.MAX_BLOCK_HASHES));
      case 6 -> new ChainMessage.SendCompact(r.nextBoolean());
      case 7 -> CompactCodec.of(BLOCK, r.nextLong());
      case 8 -> {
        int[] indexes = new int[1 + r.nextInt(20)];
        int at = -1;
        for (int i = 0; i < indexes.length; i++) {
          at += 1 + r.nextInt(1000);
          indexes[i] = at;
        }
        yield new ChainMessage.GetBlockTxn(hash(r), indexes);
      }
      case 9 -> new ChainMessage.BlockTxn(hash(r), List.of(tx(r), tx(r)));
      case 10 -> new ChainMessage.InvTx(hashes(r, ChainCodec.MAX_TX_INVENTORY));
      case 11 -> new ChainMessage.GetTx(hashes(r, ChainCodec.MAX_TX_INVENTORY));
      case 12 -> new ChainMessage.Tx(tx(r));
      default -> new ChainMessage.NotFoundTx(hashes(r, ChainCodec.MAX_TX_INVENTORY));
    };
  }

  @Property(tries = 2000)
  void everyRecord_encodesAndDecodesToItself(
      @ForAll @IntRange(min = 0, max = 13) int kind, @ForAll long seed) throws ProtocolViolation {
    ChainMessage message = message(kind, seed);
    byte[] encoded = ChainCodec.encode(message);
    ChainMessage decoded = ChainCodec.decode(encoded.clone());
    assertEquals(message, decoded);
    assertArrayEquals(encoded, ChainCodec.encode(decoded));
  }

  @Property(tries = 10000)
  void mutatedMessages_decodeToAValidRecordOrRaiseTheViolation(
      @ForAll @IntRange(min = 0, max = 13) int kind,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 1 << 20) int at,
      @ForAll byte value) {
    byte[] payload = ChainCodec.encode(message(kind, seed));
    payload[at % payload.length] ^= (byte) (value == 0 ? 1 : value);
    decodeOrViolation(payload);
  }

  @Property(tries = 10000)
  void arbitraryPayloads_decodeToAValidRecordOrRaiseTheViolation(
      @ForAll @Size(max = 300) byte[] payload) {
    decodeOrViolation(payload);
  }

  /** A payload that decodes is a record that encodes and decodes back to itself. */
  private static void decodeOrViolation(byte[] payload) {
    ChainMessage decoded;
    try {
      decoded = ChainCodec.decode(payload);
    } catch (ProtocolViolation v) {
      assertEquals(Severity.SERIOUS, v.severity());
      return;
    }
    if (decoded instanceof ChainMessage.Unknown) {
      return;
    }
    try {
      assertEquals(decoded, ChainCodec.decode(ChainCodec.encode(decoded)));
    } catch (ProtocolViolation v) {
      throw new AssertionError("a decoded record must encode to a valid payload", v);
    }
  }
}
