package io.elo.p2p.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random frame sequences cross a loopback TCP connection intact and in order: encrypted and
 * plaintext, and with a small receive buffer so that the reads cut frames (and Noise messages)
 * into small, arbitrary pieces.
 */
class TcpFramesPropertyTest {
  private static final int MAX_FRAME = 1024 * 1024;

  private static Loopback encrypted;
  private static Loopback encryptedSmallReads;
  private static Loopback plaintextSmallReads;

  @BeforeContainer
  static void open() throws Exception {
    encrypted = Loopback.ipv4(TcpTransport.builder().maxFrameSize(MAX_FRAME));
    encryptedSmallReads =
        Loopback.ipv4(TcpTransport.builder().maxFrameSize(MAX_FRAME).socketReceiveBuffer(4096));
    plaintextSmallReads =
        new Loopback(
            TcpTransport.builder()
                .security(ChannelSecurity.plaintext())
                .maxFrameSize(MAX_FRAME)
                .socketReceiveBuffer(4096),
            TcpTransport.builder().security(ChannelSecurity.plaintext()).maxFrameSize(MAX_FRAME),
            "127.0.0.1");
  }

  @AfterContainer
  static void close() {
    encrypted.close();
    encryptedSmallReads.close();
    plaintextSmallReads.close();
  }

  @Property(tries = 50)
  void frameSequences_arriveIntactAndInOrder(@ForAll("sequences") List<byte[]> frames)
      throws Exception {
    exchange(encrypted, frames);
  }

  @Property(tries = 30)
  void frameSequences_cutIntoSmallReads_arriveIntactAndInOrder_encrypted(
      @ForAll("sequences") List<byte[]> frames) throws Exception {
    exchange(encryptedSmallReads, frames);
  }

  @Property(tries = 30)
  void frameSequences_cutIntoSmallReads_arriveIntactAndInOrder_plaintext(
      @ForAll("sequences") List<byte[]> frames) throws Exception {
    exchange(plaintextSmallReads, frames);
  }

  private static void exchange(Loopback net, List<byte[]> frames) throws Exception {
    Connection[] pair = net.connect();
    RecordingHandler atServer = new RecordingHandler();
    pair[1].setHandler(atServer);
    pair[0].setHandler(new RecordingHandler());

    for (byte[] frame : frames) {
      pair[0].send(frame);
    }
    for (byte[] frame : frames) {
      assertArrayEquals(frame, atServer.take());
    }
    pair[0].close(DisconnectReason.REQUESTED);

    assertEquals(DisconnectReason.CONNECTION_LOST, atServer.awaitClose().reason());
    assertEquals(List.of(), atServer.violations());
  }

  @Provide
  Arbitrary<List<byte[]>> sequences() {
    // Mostly 0..64 KiB, now and then up to the maximum.
    Arbitrary<Integer> sizes =
        Arbitraries.frequencyOf(
            Tuple.of(30, Arbitraries.integers().between(0, 64 * 1024)),
            Tuple.of(1, Arbitraries.integers().between(64 * 1024, MAX_FRAME)));
    // Contents from a seed: generating megabytes byte by byte would dominate the run.
    Arbitrary<byte[]> frames =
        Combinators.combine(sizes, Arbitraries.longs())
            .as(
                (size, seed) -> {
                  byte[] frame = new byte[size];
                  new SplittableRandom(seed).nextBytes(frame);
                  return frame;
                });
    return frames.list().ofMaxSize(60);
  }
}
