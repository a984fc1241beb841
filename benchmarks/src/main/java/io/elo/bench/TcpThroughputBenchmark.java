package io.elo.bench;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One-way frame rate over loopback: 1,000 frames of 1 KiB, then the receiver's 4-byte
 * acknowledgement (frames per second = 1,000 / time per operation). Baseline: a blocking socket
 * writing through a {@link BufferedOutputStream} to a thread-per-connection reader.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TcpThroughputBenchmark {
  private static final int FRAMES = 1000;
  private static final int FRAME = 1024;

  private final byte[] frame = new byte[FRAME];
  private TcpTransport server;
  private TcpTransport client;
  private Connection connection;
  private final BlockingQueue<byte[]> acks = new ArrayBlockingQueue<>(1);
  private BlockingEcho sink;
  private Socket raw;
  private DataInputStream rawIn;
  private DataOutputStream rawOut;

  @Setup
  public void setUp() throws Exception {
    server = TcpTransport.builder().security(ChannelSecurity.plaintext()).build();
    client = TcpTransport.builder().security(ChannelSecurity.plaintext()).build();
    server.listen(PeerAddress.of("127.0.0.1", 0), c -> c.setHandler(new Acknowledger(c)));
    connection =
        client
            .dial(server.listenAddress().orElseThrow(), Duration.ofSeconds(10))
            .get(10, TimeUnit.SECONDS);
    connection.setHandler(
        new FrameHandler() {
          @Override
          public void onFrame(byte[] ack) {
            acks.add(ack);
          }

          @Override
          public void onClose(DisconnectReason reason, boolean byRemote) {}
        });
    sink = new BlockingEcho(FRAMES);
    raw = sink.connect();
    rawIn = new DataInputStream(new BufferedInputStream(raw.getInputStream()));
    rawOut = new DataOutputStream(new BufferedOutputStream(raw.getOutputStream(), 64 * 1024));
  }

  @TearDown
  public void tearDown() throws IOException {
    client.close();
    server.close();
    sink.close();
  }

  /** Elo: 1,000 sends, then wait for the acknowledgement. */
  @Benchmark
  public byte[] eloStream1000() throws InterruptedException {
    for (int i = 0; i < FRAMES; i++) {
      connection.send(frame);
    }
    return acks.take();
  }

  /** Baseline: 1,000 buffered blocking writes, a flush, then a blocking read of the ack. */
  @Benchmark
  public int rawStream1000() throws IOException {
    for (int i = 0; i < FRAMES; i++) {
      rawOut.writeInt(FRAME);
      rawOut.write(frame);
    }
    rawOut.flush();
    rawIn.readInt();
    return rawIn.readInt();
  }

  /** Counts frames and acknowledges every thousandth. */
  private static final class Acknowledger implements FrameHandler {
    private final Connection connection;
    private long count;

    Acknowledger(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void onFrame(byte[] frame) {
      if (++count % FRAMES == 0) {
        connection.send(new byte[4]);
      }
    }

    @Override
    public void onClose(DisconnectReason reason, boolean byRemote) {}
  }
}
