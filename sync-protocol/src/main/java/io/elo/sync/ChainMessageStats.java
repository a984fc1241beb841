package io.elo.sync;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * Traffic of one chain protocol message kind since the protocol was built: whole payloads (the
 * protobuf envelope), not counting the p2p frame around them.
 *
 * @param kind the message kind in lower snake case as in chain.proto ({@code status},
 *     {@code headers}, {@code compact_block}, {@code inv_tx}, ...), or {@code unknown} for
 *     payloads of no known kind
 * @param messagesIn messages received
 * @param bytesIn bytes received
 * @param messagesOut messages sent
 * @param bytesOut bytes sent
 */
public record ChainMessageStats(
    String kind, long messagesIn, long bytesIn, long messagesOut, long bytesOut) {
  /** Checks the kind is present and the counts are not negative. */
  public ChainMessageStats {
    requireNonNull(kind, "kind");
    checkArgument(
        messagesIn >= 0 && bytesIn >= 0 && messagesOut >= 0 && bytesOut >= 0,
        "counts must be >= 0");
  }
}
