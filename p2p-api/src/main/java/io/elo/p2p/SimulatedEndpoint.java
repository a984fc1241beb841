package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * One side of a simulated connection. Every callback runs on the network's scheduler, so the
 * {@link Connection} threading contract holds trivially; state shared with {@link #send} and
 * {@link #close} from other threads is guarded by the network's lock.
 */
final class SimulatedEndpoint implements Connection {
  private final SimulatedNetwork network;
  private final SimulatedTransport transport;
  private final PeerAddress localAddress;
  private final PeerAddress remoteAddress;
  private final boolean inbound;
  private SimulatedDirection out;
  private FrameHandler handler;
  private boolean ready;
  private final Queue<byte[]> pending = new ArrayDeque<>();
  private DisconnectReason pendingCloseReason;
  private boolean pendingCloseByRemote;
  // Guarded by the network lock.
  private boolean closedLocally;
  private boolean finReceived;
  private boolean dead;
  // Scheduler thread only.
  private boolean closeNotified;

  SimulatedEndpoint(
      SimulatedNetwork network,
      SimulatedTransport transport,
      PeerAddress localAddress,
      PeerAddress remoteAddress,
      boolean inbound) {
    this.network = network;
    this.transport = transport;
    this.localAddress = localAddress;
    this.remoteAddress = remoteAddress;
    this.inbound = inbound;
  }

  void connectTo(SimulatedDirection outbound) {
    this.out = outbound;
  }

  SimulatedDirection out() {
    return out;
  }

  SimulatedTransport transport() {
    return transport;
  }

  PeerAddress localAddress() {
    return localAddress;
  }

  @Override
  public PeerAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public boolean isInbound() {
    return inbound;
  }

  @Override
  public int maxFrameSize() {
    return transport.maxFrameSize();
  }

  @Override
  public boolean send(byte[] frame) {
    checkArgument(
        frame.length <= maxFrameSize(), "frame of %s bytes exceeds the maximum", frame.length);
    boolean overflow;
    synchronized (network) {
      if (closedLocally || finReceived || dead) {
        return false;
      }
      overflow = out.bytesInFlight + frame.length > network.sendQueueLimit();
      if (!overflow) {
        network.transmit(out, frame);
        return true;
      }
    }
    close(DisconnectReason.SEND_QUEUE_FULL);
    return false;
  }

  @Override
  public void close(DisconnectReason reason) {
    checkNotNull(reason);
    synchronized (network) {
      if (closedLocally || dead) {
        return;
      }
      closedLocally = true;
      if (!finReceived) {
        network.transmit(out, null);
      }
    }
    network.scheduler().execute(() -> notifyClose(reason, false));
  }

  @Override
  public boolean isOpen() {
    synchronized (network) {
      return !closedLocally && !finReceived && !dead;
    }
  }

  @Override
  public void setHandler(FrameHandler frameHandler) {
    checkNotNull(frameHandler);
    synchronized (network) {
      checkState(handler == null, "handler already set");
      handler = frameHandler;
    }
    network.scheduler().execute(this::flushPending);
  }

  /** Marks this side crashed: it sends, receives and reports nothing any more. */
  void kill() {
    dead = true;
  }

  boolean isDead() {
    return dead;
  }

  /** Called on the scheduler when a frame arrives. */
  void deliverFrame(byte[] frame) {
    synchronized (network) {
      if (closedLocally || dead) {
        return;
      }
    }
    if (frame.length > maxFrameSize()) {
      // A stream transport rejects the length prefix before buffering the payload.
      close(DisconnectReason.FRAME_TOO_LARGE);
      return;
    }
    if (!ready) {
      pending.add(frame);
      return;
    }
    dispatch(frame);
  }

  /** Called on the scheduler when the peer's end of stream arrives. */
  void deliverFin() {
    synchronized (network) {
      if (closedLocally || dead || finReceived) {
        return;
      }
      finReceived = true;
    }
    notifyClose(DisconnectReason.CONNECTION_LOST, true);
  }

  private void dispatch(byte[] frame) {
    try {
      handler.onFrame(frame);
    } catch (RuntimeException e) {
      close(DisconnectReason.PROTOCOL_ERROR);
    }
  }

  private void flushPending() {
    while (!pending.isEmpty()) {
      byte[] frame = pending.poll();
      synchronized (network) {
        if (closedLocally || dead) {
          pending.clear();
          break;
        }
      }
      dispatch(frame);
    }
    ready = true;
    if (pendingCloseReason != null) {
      DisconnectReason reason = pendingCloseReason;
      pendingCloseReason = null;
      closeNotified = false;
      notifyClose(reason, pendingCloseByRemote);
    }
  }

  private void notifyClose(DisconnectReason reason, boolean byRemote) {
    if (closeNotified || dead) {
      return;
    }
    closeNotified = true;
    if (!ready) {
      pendingCloseReason = reason;
      pendingCloseByRemote = byRemote;
      return;
    }
    transport.forget(this);
    handler.onClose(reason, byRemote);
  }

  @Override
  public String toString() {
    return (inbound ? "in " : "out ") + localAddress + " <-> " + remoteAddress;
  }
}
