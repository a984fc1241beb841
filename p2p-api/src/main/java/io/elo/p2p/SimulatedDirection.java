package io.elo.p2p;

import java.util.ArrayDeque;
import java.util.Deque;

/** One direction of a simulated connection: the frames on the wire from one endpoint to the other. */
final class SimulatedDirection {
  /** A frame (or, with a null frame, the end of the stream) on its way. */
  static final class Packet {
    final byte[] frame;
    // Bumped on every (re)scheduling, so a stale delivery task recognises itself.
    int epoch;

    Packet(byte[] frame) {
      this.frame = frame;
    }

    int size() {
      return frame == null ? 0 : frame.length;
    }
  }

  final SimulatedEndpoint from;
  final SimulatedEndpoint to;
  final Deque<Packet> queue = new ArrayDeque<>();
  long lastDueNanos;
  long busyUntilNanos;
  long bytesInFlight;
  boolean stalled;

  SimulatedDirection(SimulatedEndpoint from, SimulatedEndpoint to) {
    this.from = from;
    this.to = to;
  }
}
