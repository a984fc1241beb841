package io.elo.p2p;

/**
 * How bad a peer's misbehaviour is, as reported to {@link Peer#reportMisbehaviour}. The {@link
 * ReputationManager} turns reports into disconnects and bans; docs/p2p.md has the table.
 */
public enum Severity {
  /** A small fault that may be honest (a stale or useless message): adds a little to the score. */
  MINOR,
  /** A clear fault (an invalid but cheap message, an unsolicited reply): adds a lot. */
  MAJOR,
  /** Provably malicious (an invalid block or signature, a protocol breach): disconnect and ban. */
  SERIOUS
}
