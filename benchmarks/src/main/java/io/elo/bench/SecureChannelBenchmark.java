package io.elo.bench;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The secure channel's cost, in one run: 1,000 one-way frames over loopback through a plaintext
 * and an encrypting {@link TcpTransport} (the receiver acknowledges the thousandth), a 100-byte
 * round trip over each, and the raw cipher alone on the same frames (the JDK's ChaCha20-Poly1305,
 * which the channel uses, sealing and opening each frame with its length prefix, as the channel's
 * two ends do, in one thread). Frames
 * per second = 1,000 / time per operation. Target: encrypted stream time at most 1.25 x the
 * cipher alone (throughput at least 0.8 of it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SecureChannelBenchmark {
  private static final int FRAMES = 1000;

  @Param({"1024", "16384"})
  int frameSize;

  private byte[] frame;
  private byte[] header;
  private final BlockingQueue<byte[]> acks = new ArrayBlockingQueue<>(4);
  private Side plain;
  private Side encrypted;

  // Raw cipher state.
  private Cipher sealer;
  private Cipher opener;
  private final SecretKeySpec key = new SecretKeySpec(new byte[32], "ChaCha20");
  private final byte[] nonce = new byte[12];
  private long counter;
  private byte[] sealed;
  private byte[] opened;

  /** A client transport connected to an acknowledging server. */
  private final class Side {
    final TcpTransport server;
    final TcpTransport client;
    final Connection connection;

    Side(ChannelSecurity serverSecurity, ChannelSecurity clientSecurity) throws Exception {
      // 1,000 frames go out in one burst: room for all of them (16 MiB at 16 KiB frames).
      server = TcpTransport.builder().security(serverSecurity).sendQueueBytes(64 << 20).build();
      client = TcpTransport.builder().security(clientSecurity).sendQueueBytes(64 << 20).build();
      server.listen(PeerAddress.of("127.0.0.1", 0), c -> c.setHandler(new Acknowledger(c)));
      connection =
          client
              .dial(server.listenAddress().orElseThrow(), Duration.ofSeconds(10))
              .get(10, TimeUnit.SECONDS);
      connection.setHandler(
          new FrameHandler() {
            @Override
            public void onFrame(byte[] reply) {
              acks.add(reply);
            }

            @Override
            public void onClose(DisconnectReason reason, boolean byRemote) {}
          });
    }

    byte[] stream() throws InterruptedException {
      for (int i = 0; i < FRAMES; i++) {
        connection.send(frame);
      }
      return acks.take();
    }

    byte[] roundTrip() throws InterruptedException {
      connection.send(new byte[100]);
      return acks.take();
    }

    void close() {
      client.close();
      server.close();
    }
  }

  @Setup
  public void setUp() throws Exception {
    // One cipher per end, as the channel has (the JDK refuses a repeated key and nonce).
    sealer = Cipher.getInstance("ChaCha20-Poly1305");
    opener = Cipher.getInstance("ChaCha20-Poly1305");
    frame = new byte[frameSize];
    header = ByteBuffer.allocate(4).putInt(frameSize).array();
    sealed = new byte[4 + frameSize + 16];
    opened = new byte[4 + frameSize];
    plain = new Side(ChannelSecurity.plaintext(), ChannelSecurity.plaintext());
    SecureRandom random = new SecureRandom();
    encrypted =
        new Side(
            ChannelSecurity.encrypted(NodeIdentity.generate(random), random),
            ChannelSecurity.encrypted(NodeIdentity.generate(random), random));
  }

  @TearDown
  public void tearDown() {
    plain.close();
    encrypted.close();
  }

  /** 1,000 frames through the plaintext transport. */
  @Benchmark
  public byte[] plainStream1000() throws InterruptedException {
    return plain.stream();
  }

  /** 1,000 frames through the encrypting transport (Noise transport messages). */
  @Benchmark
  public byte[] encryptedStream1000() throws InterruptedException {
    return encrypted.stream();
  }

  /** The cipher alone: seal and open 1,000 frames (header and payload) with ChaCha20-Poly1305. */
  @Benchmark
  public byte[] cipherAlone1000() throws Exception {
    for (int i = 0; i < FRAMES; i++) {
      nextNonce();
      sealer.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
      int n = sealer.update(header, 0, 4, sealed, 0);
      n += sealer.update(frame, 0, frame.length, sealed, n);
      sealer.doFinal(sealed, n);
      opener.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
      opener.doFinal(sealed, 0, sealed.length, opened, 0);
    }
    return opened;
  }

  /** A 100-byte round trip over the plaintext transport (frame size ignored). */
  @Benchmark
  public byte[] plainRoundTrip() throws InterruptedException {
    return plain.roundTrip();
  }

  /** A 100-byte round trip over the encrypting transport (frame size ignored). */
  @Benchmark
  public byte[] encryptedRoundTrip() throws InterruptedException {
    return encrypted.roundTrip();
  }

  private void nextNonce() {
    long n = counter++;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (n >>> (8 * i));
    }
  }

  /** Acknowledges every thousandth frame of the stream and echoes every 100-byte frame. */
  private static final class Acknowledger implements FrameHandler {
    private final Connection connection;
    private long count;

    Acknowledger(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void onFrame(byte[] received) {
      if (received.length == 100) {
        connection.send(received);
      } else if (++count % FRAMES == 0) {
        connection.send(new byte[4]);
      }
    }

    @Override
    public void onClose(DisconnectReason reason, boolean byRemote) {}
  }
}
