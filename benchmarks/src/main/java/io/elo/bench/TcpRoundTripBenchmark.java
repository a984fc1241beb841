package io.elo.bench;

import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.Connection;
import io.elo.p2p.DisconnectReason;
import io.elo.p2p.FrameHandler;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.tcp.TcpTransport;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
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
 * Loopback round trips of a 100-byte frame through {@link TcpTransport} (an echoing handler on
 * the other side), against a plain blocking-socket ping-pong with TCP_NODELAY measured in the same
 * run. SampleTime mode: JMH prints p50/p99 for each.
 *
 * <p>Two views of Elo: {@code eloRoundTrip} is a caller thread that sends and waits for the reply
 * (the reply is handed over from the I/O thread, one thread wake-up more than the baseline);
 * {@code eloPingPong100} is 100 round trips driven by the handlers themselves, which is how
 * protocols use the transport.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TcpRoundTripBenchmark {
  private static final int FRAME = 100;
  private static final int PING_PONGS = 100;

  private final byte[] frame = new byte[FRAME];
  private TcpTransport server;
  private TcpTransport client;
  private Connection connection;
  private final BlockingQueue<byte[]> replies = new ArrayBlockingQueue<>(1);
  private volatile int pingPongsLeft;
  private volatile CompletableFuture<Void> pingPongDone;
  private BlockingEcho echo;
  private Socket raw;
  private DataInputStream rawIn;
  private DataOutputStream rawOut;

  @Setup
  public void setUp() throws Exception {
    server = TcpTransport.builder().security(ChannelSecurity.plaintext()).build();
    client = TcpTransport.builder().security(ChannelSecurity.plaintext()).build();
    server.listen(PeerAddress.of("127.0.0.1", 0), c -> c.setHandler(new Echo(c)));
    connection =
        client
            .dial(server.listenAddress().orElseThrow(), Duration.ofSeconds(10))
            .get(10, TimeUnit.SECONDS);
    connection.setHandler(new ClientHandler());
    echo = new BlockingEcho(1);
    raw = echo.connect();
    rawIn = new DataInputStream(new BufferedInputStream(raw.getInputStream()));
    rawOut = new DataOutputStream(raw.getOutputStream());
  }

  @TearDown
  public void tearDown() throws IOException {
    client.close();
    server.close();
    echo.close();
  }

  /** Elo: the caller sends, the I/O thread hands it the echoed frame. */
  @Benchmark
  public byte[] eloRoundTrip() throws InterruptedException {
    connection.send(frame);
    return replies.take();
  }

  /** Baseline: blocking write, blocking read of the echo. */
  @Benchmark
  public byte[] rawRoundTrip() throws IOException {
    return rawPing();
  }

  /** Elo: 100 round trips, each pong's handler sending the next ping. */
  @Benchmark
  public void eloPingPong100() throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    pingPongDone = done;
    pingPongsLeft = PING_PONGS;
    connection.send(frame);
    done.get(10, TimeUnit.SECONDS);
  }

  /** Baseline: 100 blocking round trips. */
  @Benchmark
  public void rawPingPong100() throws IOException {
    for (int i = 0; i < PING_PONGS; i++) {
      rawPing();
    }
  }

  private byte[] rawPing() throws IOException {
    byte[] framed = new byte[4 + FRAME];
    framed[3] = FRAME;
    rawOut.write(framed);
    byte[] reply = new byte[rawIn.readInt()];
    rawIn.readFully(reply);
    return reply;
  }

  private final class ClientHandler implements FrameHandler {
    @Override
    public void onFrame(byte[] reply) {
      if (pingPongsLeft > 0) {
        if (--pingPongsLeft == 0) {
          pingPongDone.complete(null);
        } else {
          connection.send(frame);
        }
        return;
      }
      replies.add(reply);
    }

    @Override
    public void onClose(DisconnectReason reason, boolean byRemote) {}
  }

  /** Sends every frame back. */
  private record Echo(Connection connection) implements FrameHandler {
    @Override
    public void onFrame(byte[] frame) {
      connection.send(frame);
    }

    @Override
    public void onClose(DisconnectReason reason, boolean byRemote) {}
  }
}
