package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Strictness of the decoders: every accepted byte string re-encodes to itself, and no input makes a
 * decoder throw anything but {@link DecodeException}.
 */
class CanonicalDecodingPropertyTest {
  @Property(tries = 10000)
  void transaction_acceptedMutantsReencodeIdentically(@ForAll("txMutants") byte[] bytes) {
    checkCanonical(bytes, Transaction::decode, Transaction::encode);
  }

  @Property(tries = 10000)
  void blockHeader_acceptedMutantsReencodeIdentically(@ForAll("headerMutants") byte[] bytes) {
    checkCanonical(bytes, BlockHeader::decode, BlockHeader::encode);
  }

  @Property(tries = 10000)
  void block_acceptedMutantsReencodeIdentically(@ForAll("blockMutants") byte[] bytes) {
    checkCanonical(bytes, Block::decode, Block::encode);
  }

  @Property(tries = 10000)
  void transaction_randomBytesThrowOnlyDecodeException(@ForAll("randomBytes") byte[] bytes) {
    checkCanonical(bytes, Transaction::decode, Transaction::encode);
  }

  @Property(tries = 10000)
  void blockHeader_randomBytesThrowOnlyDecodeException(@ForAll("randomBytes") byte[] bytes) {
    checkCanonical(bytes, BlockHeader::decode, BlockHeader::encode);
  }

  @Property(tries = 10000)
  void block_randomBytesThrowOnlyDecodeException(@ForAll("randomBytes") byte[] bytes) {
    checkCanonical(bytes, Block::decode, Block::encode);
  }

  /**
   * Decodes {@code bytes}; a {@link DecodeException} is fine, any other exception fails the
   * property, and a decoded value must re-encode to exactly {@code bytes}.
   */
  private static <T> void checkCanonical(
      byte[] bytes, Function<byte[], T> decoder, Function<T, byte[]> encoder) {
    T value;
    try {
      value = decoder.apply(bytes);
    } catch (DecodeException e) {
      Statistics.label("outcome").collect("rejected: " + e.reason());
      return;
    }
    Statistics.label("outcome").collect("accepted");
    assertArrayEquals(bytes, encoder.apply(value));
  }

  @Provide
  Arbitrary<byte[]> txMutants() {
    return Mutations.mutantsOf(ModelArbitraries.transactions().map(Transaction::encode));
  }

  @Provide
  Arbitrary<byte[]> headerMutants() {
    return Mutations.mutantsOf(ModelArbitraries.blockHeaders().map(BlockHeader::encode));
  }

  @Provide
  Arbitrary<byte[]> blockMutants() {
    return Mutations.mutantsOf(ModelArbitraries.blocks().map(Block::encode));
  }

  @Provide
  Arbitrary<byte[]> randomBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
  }
}
