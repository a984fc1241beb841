package io.elo.node;

import static java.util.Objects.requireNonNull;

/**
 * Why a {@link Node} stopped itself: the part that failed and what it threw. Handed to the handler
 * set with {@link NodeBuilder#onFatalError} once the node has been closed (docs/node.md, "Fatal
 * errors").
 *
 * @param source the part of the node that failed
 * @param cause the error or exception that ended it
 */
public record NodeFailure(Source source, Throwable cause) {
  /** The part of a node that failed. */
  public enum Source {
    /** A thread of the transport (the TCP transport's I/O loop), which carries every peer. */
    NETWORK_IO("network I/O thread"),
    /**
     * The chain writer (block and header submissions) or the transaction admission queue, or the
     * chain state itself (a write that failed, possibly half-way through a change).
     */
    CHAIN_WRITER("chain writer"),
    /** The scheduler the node created for its timers and network callbacks. */
    SCHEDULER("scheduler"),
    /** Another thread the node created: a signature-check worker or a miner. */
    NODE_THREAD("node thread");

    private final String description;

    Source(String description) {
      this.description = description;
    }

    /** A short name for logs, such as "chain writer". */
    public String description() {
      return description;
    }
  }

  /** Validates the fields. */
  public NodeFailure {
    requireNonNull(source, "source");
    requireNonNull(cause, "cause");
  }
}
