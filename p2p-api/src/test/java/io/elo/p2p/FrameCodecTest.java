package io.elo.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  private final FrameCodec codec = FrameCodec.of(1024);

  @Test
  void encode_prefixesBigEndianLength() {
    assertArrayEquals(new byte[] {0, 0, 0, 2, 7, 8}, codec.encode(new byte[] {7, 8}));
    assertArrayEquals(new byte[] {0, 0, 0, 0}, codec.encode(new byte[0]));
  }

  @Test
  void encode_rejectsOversizeFrame() {
    assertThrows(IllegalArgumentException.class, () -> codec.encode(new byte[1025]));
  }

  @Test
  void decode_oneChunkWithSeveralFramesIncludingEmpty() {
    byte[] stream = concat(codec.encode(new byte[] {1}), codec.encode(new byte[0]),
        codec.encode(new byte[] {2, 3}));
    List<byte[]> out = new ArrayList<>();

    codec.newDecoder().feed(stream, 0, stream.length, out::add);

    assertEquals(3, out.size());
    assertArrayEquals(new byte[] {1}, out.get(0));
    assertArrayEquals(new byte[0], out.get(1));
    assertArrayEquals(new byte[] {2, 3}, out.get(2));
  }

  @Test
  void decode_rejectsOversizeLengthBeforeBufferingPayload() {
    FrameDecoder decoder = codec.newDecoder();
    byte[] header = {0, 0, 4, 1}; // 1025 bytes announced

    FrameException e =
        assertThrows(FrameException.class, () -> decoder.feed(header, 0, 4, f -> {}));

    assertEquals(DisconnectReason.FRAME_TOO_LARGE, e.reason());
    assertThrows(IllegalStateException.class, () -> decoder.feed(new byte[1], 0, 1, f -> {}));
  }

  @Test
  void decode_maxLengthPrefix_rejectedWithoutAllocating() {
    FrameDecoder decoder = FrameCodec.withDefaultLimit().newDecoder();
    byte[] header = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};

    assertThrows(FrameException.class, () -> decoder.feed(header, 0, 4, f -> {}));
    assertEquals(4, decoder.bufferedBytes());
  }

  @Test
  void decode_largeAnnouncedFrame_buffersOnlyWhatArrived() {
    FrameCodec big = FrameCodec.withDefaultLimit();
    FrameDecoder decoder = big.newDecoder();
    byte[] header = new byte[4];
    big.encodeHeader(FrameCodec.DEFAULT_MAX_FRAME_SIZE, header, 0);

    decoder.feed(header, 0, 4, f -> {});
    decoder.feed(new byte[10], 0, 10, f -> {});

    assertEquals(14, decoder.bufferedBytes());
    assertTrue(!decoder.isAtFrameBoundary());
  }

  @Test
  void decode_byteBuffer_consumesAll() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(7);
    buffer.put(codec.encode(new byte[] {5, 6, 7})).flip();
    List<byte[]> out = new ArrayList<>();
    FrameDecoder decoder = codec.newDecoder();

    decoder.feed(buffer, out::add);

    assertEquals(0, buffer.remaining());
    assertArrayEquals(new byte[] {5, 6, 7}, out.get(0));
    assertTrue(decoder.isAtFrameBoundary());
  }

  @Test
  void of_rejectsNonPositiveLimit() {
    assertThrows(IllegalArgumentException.class, () -> FrameCodec.of(0));
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
