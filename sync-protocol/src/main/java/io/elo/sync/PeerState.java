package io.elo.sync;

import io.elo.consensus.ChainWork;
import io.elo.crypto.Hash;
import io.elo.p2p.Peer;

/**
 * One peer of the chain protocol on the protocol thread: its identity, what its status said, and
 * the parts of its state, each owned by one class of the protocol (the others ask it): {@link
 * #chain} what it is known to have, {@link #headers} header sync ({@link HeaderSync}), {@link
 * #download} block download ({@link BlockDownload}), {@link #tx} transaction relay ({@link
 * TxRelay}). Whether it asked for high-bandwidth compact blocks is kept by the {@link
 * CompactRelay}.
 */
final class PeerState {
  final Peer peer;
  final long order;
  /** Written once, by PeerEvents, when the status arrives. */
  boolean statusReceived;
  Hash statusBest;
  ChainWork statusWork = ChainWork.ZERO;
  /** Set once the protocol decided to drop the peer, before the disconnect lands. */
  boolean dropped;
  final KnownChain chain = new KnownChain();
  final HeaderPeer headers = new HeaderPeer();
  final DownloadPeer download;
  /** Transaction relay state, set when the peer connects. */
  TxPeer tx;

  PeerState(Peer peer, long order, int unrequestedBurst, long now) {
    this.peer = peer;
    this.order = order;
    this.download = new DownloadPeer(unrequestedBurst, now);
  }

  @Override
  public String toString() {
    return peer.nodeId().toString();
  }
}
