/**
 * The chain protocol ({@code elo-chain/1}): status exchange, headers-first sync with anti-DoS
 * header presync, parallel block download with stall detection, and block announcement. {@link
 * io.elo.sync.ChainProtocol} is registered on a {@link io.elo.p2p.PeerNetwork}; {@link
 * io.elo.sync.SyncConfig} holds its limits. Wire messages are protobuf; generated classes live in
 * {@code io.elo.sync.internal.proto} and never appear in public signatures.
 */
package io.elo.sync;
