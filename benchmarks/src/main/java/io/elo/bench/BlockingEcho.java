package io.elo.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The baseline: a plain blocking-socket server, one thread per connection, that echoes every
 * length-prefixed frame (4-byte big-endian length, then the payload) with TCP_NODELAY on. With
 * {@code ackEvery > 1} it answers only every n-th frame, with a 4-byte frame (for streaming).
 */
final class BlockingEcho implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final int ackEvery;

  BlockingEcho(int ackEvery) throws IOException {
    this.ackEvery = ackEvery;
    this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "blocking-echo-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Opens a client socket to the echo server, TCP_NODELAY on. */
  Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port());
    socket.setTcpNoDelay(true);
    sockets.add(socket);
    return socket;
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        Thread echo = new Thread(() -> echo(socket), "blocking-echo");
        echo.setDaemon(true);
        echo.start();
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void echo(Socket socket) {
    try (socket) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      byte[] buffer = new byte[64 * 1024];
      long count = 0;
      while (true) {
        int length = in.readInt();
        byte[] frame = length <= buffer.length ? buffer : new byte[length];
        in.readFully(frame, 0, length);
        count++;
        if (ackEvery == 1) {
          out.writeInt(length);
          out.write(frame, 0, length);
          out.flush();
        } else if (count % ackEvery == 0) {
          out.writeInt(4);
          out.writeInt((int) count);
          out.flush();
        }
      }
    } catch (IOException e) {
      // peer gone
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
