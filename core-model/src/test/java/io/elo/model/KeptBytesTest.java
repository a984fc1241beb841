package io.elo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.crypto.Hash;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A decoded block keeps the bytes it arrived in, and nothing reachable through its public API can
 * change them: inputs are copied unless read-only, views are read-only and independent, arrays
 * handed out are copies.
 */
class KeptBytesTest {
  private static final Address PAYEE = Address.of(Hash.sha256d(new byte[] {7}));
  private static final BlockHeader HEADER =
      BlockHeader.of(1, Hash.ZERO, Hash.ZERO, 1_700_000_000L, 0x207fffff, 0, new byte[] {9, 9});

  private static Block sampleBlock() {
    Transaction coinbase =
        Transaction.coinbase(
            Height.of(1), new byte[] {1, 2, 3}, List.of(TxOutput.of(Amount.ofCoins(5), PAYEE)));
    Transaction spend =
        Transaction.of(
            1,
            List.of(
                TxInput.of(OutPoint.of(coinbase.txid(), 0), (byte) 1, new byte[32], new byte[64])),
            List.of(TxOutput.of(Amount.ofCoins(4), PAYEE)),
            Height.ZERO);
    return Block.of(HEADER, List.of(coinbase, spend));
  }

  @Test
  void decodeArray_copiesItsInput() {
    byte[] bytes = sampleBlock().encode();
    byte[] original = bytes.clone();
    Block block = Block.decode(bytes);
    Hash hash = block.hash();
    Hash wtxid = block.transactions().get(1).wtxid();

    Arrays.fill(bytes, (byte) 0x5a);

    assertArrayEquals(original, block.encode());
    assertEquals(hash, block.hash());
    assertEquals(wtxid, Hash.sha256d(block.transactions().get(1).encode()));
  }

  @Test
  void decodeWritableBuffer_copiesIt() {
    byte[] frame = frameAround(sampleBlock().encode());
    ByteBuffer writable = ByteBuffer.wrap(frame, 3, frame.length - 5);
    byte[] original = copyOf(writable);
    Block block = Block.decode(writable);

    Arrays.fill(frame, (byte) 0x5a);

    assertArrayEquals(original, block.encode());
    assertEquals(3, writable.position(), "the caller's position is left alone");
  }

  @Test
  void decodeReadOnlyView_keepsTheBytesWithoutCopying() {
    byte[] frame = frameAround(sampleBlock().encode());
    ByteBuffer view = ByteBuffer.wrap(frame, 3, frame.length - 5).asReadOnlyBuffer();
    Block block = Block.decode(view);

    // Only the frame's owner could write it; the p2p layer never does. Shown here to prove that
    // the block and its transactions share the frame rather than a copy of it.
    frame[3 + block.header().size() + 1] ^= 1;
    assertEquals(frame[3 + block.header().size() + 1], block.encode()[block.header().size() + 1]);
    assertEquals(3, view.position());
  }

  @Test
  void views_areReadOnly_andIndependentOfEachOther() {
    Block block = Block.decode(ByteBuffer.wrap(sampleBlock().encode()).asReadOnlyBuffer());
    ByteBuffer view = block.encodedView();
    Transaction tx = block.transactions().get(1);
    ByteBuffer txView = tx.encodedView();

    assertTrue(view.isReadOnly());
    assertTrue(txView.isReadOnly());
    assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 1));
    assertThrows(ReadOnlyBufferException.class, () -> txView.put(0, (byte) 1));
    assertThrows(UnsupportedOperationException.class, view::array);
    view.position(view.limit());
    txView.get(new byte[txView.remaining()]);

    assertEquals(block.size(), block.encodedView().remaining());
    assertEquals(tx.size(), tx.encodedView().remaining());
    assertArrayEquals(block.encode(), copyOf(block.encodedView()));
    assertArrayEquals(tx.encode(), copyOf(tx.encodedView()));
  }

  @Test
  void arraysHandedOut_areCopies() {
    Block block = Block.decode(ByteBuffer.wrap(sampleBlock().encode()).asReadOnlyBuffer());
    byte[] expected = block.encode();
    Transaction coinbase = block.transactions().get(0);
    TxInput input = block.transactions().get(1).inputs().get(0);

    block.encode()[0] ^= 1;
    block.transactions().get(1).encode()[0] ^= 1;
    coinbase.coinbaseExtra()[0] ^= 1;
    block.header().seal()[0] ^= 1;
    input.publicKey()[0] ^= 1;
    input.signature()[0] ^= 1;

    assertArrayEquals(expected, block.encode());
    assertArrayEquals(new byte[] {1, 2, 3}, coinbase.coinbaseExtra());
    assertArrayEquals(new byte[32], input.publicKey());
    assertArrayEquals(new byte[64], input.signature());
    assertThrows(UnsupportedOperationException.class, () -> block.transactions().remove(0));
    assertThrows(
        UnsupportedOperationException.class, () -> block.transactions().get(1).inputs().clear());
  }

  @Test
  void transactionDecodedFromAView_hashesAndEqualsLikeOneDecodedFromAnArray() {
    Transaction spend = sampleBlock().transactions().get(1);
    byte[] frame = frameAround(spend.encode());
    Transaction fromView =
        Transaction.decode(ByteBuffer.wrap(frame, 3, frame.length - 5).asReadOnlyBuffer());

    assertEquals(spend, fromView);
    assertEquals(spend.hashCode(), fromView.hashCode());
    assertEquals(spend.txid(), fromView.txid());
    assertEquals(spend.wtxid(), fromView.wtxid());
    assertEquals(spend.inputs(), fromView.inputs());
    assertEquals(spend.inputs().get(0).hashCode(), fromView.inputs().get(0).hashCode());
  }

  /** {@code payload} with 3 bytes before and 2 after, as a payload sits inside a frame. */
  private static byte[] frameAround(byte[] payload) {
    byte[] frame = new byte[payload.length + 5];
    frame[0] = 0x11;
    frame[frame.length - 1] = 0x22;
    System.arraycopy(payload, 0, frame, 3, payload.length);
    return frame;
  }

  private static byte[] copyOf(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(buffer.position(), out);
    return out;
  }
}
