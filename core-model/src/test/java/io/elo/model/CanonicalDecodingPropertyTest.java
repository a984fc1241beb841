package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Strictness of the decoders: every accepted byte string re-encodes to itself, and no input makes a
 * decoder throw anything but {@link DecodeException}. This is what makes keeping the bytes a value
 * arrived in safe, so the re-encoding is made from the decoded fields (a value rebuilt through the
 * public factories), never from the kept bytes; and decoding a read-only view of the bytes inside
 * a larger frame, which keeps them without copying, gives the same outcome as decoding an array.
 */
class CanonicalDecodingPropertyTest {
  @Property(tries = 10000)
  void transaction_acceptedMutantsReencodeIdentically(@ForAll("txMutants") byte[] bytes) {
    checkCanonical(
        bytes, Transaction::decode, Transaction::decode, CanonicalDecodingPropertyTest::reencode);
  }

  @Property(tries = 10000)
  void blockHeader_acceptedMutantsReencodeIdentically(@ForAll("headerMutants") byte[] bytes) {
    checkCanonical(bytes, BlockHeader::decode, null, BlockHeader::encode);
  }

  @Property(tries = 10000)
  void block_acceptedMutantsReencodeIdentically(@ForAll("blockMutants") byte[] bytes) {
    checkCanonical(bytes, Block::decode, Block::decode, CanonicalDecodingPropertyTest::reencode);
  }

  @Property(tries = 10000)
  void transaction_randomBytesThrowOnlyDecodeException(@ForAll("randomBytes") byte[] bytes) {
    checkCanonical(
        bytes, Transaction::decode, Transaction::decode, CanonicalDecodingPropertyTest::reencode);
  }

  @Property(tries = 10000)
  void blockHeader_randomBytesThrowOnlyDecodeException(@ForAll("randomBytes") byte[] bytes) {
    checkCanonical(bytes, BlockHeader::decode, null, BlockHeader::encode);
  }

  @Property(tries = 10000)
  void block_randomBytesThrowOnlyDecodeException(@ForAll("randomBytes") byte[] bytes) {
    checkCanonical(bytes, Block::decode, Block::decode, CanonicalDecodingPropertyTest::reencode);
  }

  /**
   * Decodes {@code bytes}; a {@link DecodeException} is fine, any other exception fails the
   * property, and a decoded value must re-encode from its fields to exactly {@code bytes}. With a
   * {@code viewDecoder}, a read-only view of the bytes amid other bytes decodes to the same
   * outcome, and the value decoded from it hands back exactly those bytes.
   */
  private static <T> void checkCanonical(
      byte[] bytes,
      Function<byte[], T> decoder,
      Function<ByteBuffer, T> viewDecoder,
      Function<T, byte[]> fieldEncoder) {
    T value;
    try {
      value = decoder.apply(bytes);
    } catch (DecodeException e) {
      Statistics.label("outcome").collect("rejected: " + e.reason());
      if (viewDecoder != null) {
        DecodeException fromView = viewRejection(bytes, viewDecoder);
        assertEquals(e.reason(), fromView.reason());
        assertEquals(e.offset(), fromView.offset());
      }
      return;
    }
    Statistics.label("outcome").collect("accepted");
    assertArrayEquals(bytes, fieldEncoder.apply(value));
    if (viewDecoder != null) {
      T fromView = viewDecoder.apply(inFrame(bytes));
      assertEquals(value, fromView);
      assertArrayEquals(bytes, fieldEncoder.apply(fromView));
    }
  }

  private static <T> DecodeException viewRejection(
      byte[] bytes, Function<ByteBuffer, T> viewDecoder) {
    try {
      viewDecoder.apply(inFrame(bytes));
    } catch (DecodeException e) {
      return e;
    }
    throw new AssertionError("the array was rejected, its view accepted");
  }

  /** A read-only view of {@code bytes} inside a larger array, as a payload sits in a frame. */
  private static ByteBuffer inFrame(byte[] bytes) {
    byte[] frame = new byte[bytes.length + 7];
    frame[0] = 0x55;
    frame[frame.length - 1] = 0x66;
    System.arraycopy(bytes, 0, frame, 3, bytes.length);
    return ByteBuffer.wrap(frame, 3, bytes.length).asReadOnlyBuffer();
  }

  /** The encoding of a copy of {@code tx} built from its fields: nothing of its kept bytes. */
  static byte[] reencode(Transaction tx) {
    return rebuild(tx).encode();
  }

  /** The encoding of a copy of {@code block} built from its fields. */
  static byte[] reencode(Block block) {
    List<Transaction> rebuilt = new ArrayList<>();
    for (Transaction tx : block.transactions()) {
      rebuilt.add(rebuild(tx));
    }
    return Block.of(block.header(), rebuilt).encode();
  }

  private static Transaction rebuild(Transaction tx) {
    List<TxInput> inputs = new ArrayList<>();
    for (TxInput in : tx.inputs()) {
      inputs.add(TxInput.of(in.outPoint(), in.schemeId(), in.publicKey(), in.signature()));
    }
    return tx.isCoinbase()
        ? Transaction.coinbase(
            tx.version(), tx.coinbaseHeight(), tx.coinbaseExtra(), tx.outputs(), tx.lockTime())
        : Transaction.of(tx.version(), inputs, tx.outputs(), tx.lockTime());
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
