package io.elo.sync;

import com.google.protobuf.ByteString;
import io.elo.consensus.ChainParams;
import io.elo.consensus.ChainWork;
import io.elo.consensus.ConsensusRules;
import io.elo.crypto.Hash;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Transaction;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.ProtocolHandler;
import io.elo.p2p.SimulatedNetwork;
import io.elo.sync.internal.proto.ChainMessage;
import io.elo.sync.internal.proto.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shared fixture (test-jar): a peer that speaks the chain protocol from a fixed list of blocks
 * (index = height) and misbehaves as told: it serves headers honestly, and blocks honestly, never,
 * or with a tampered body (the hash still matches, the Merkle root does not).
 */
public final class ScriptedPeer implements ProtocolHandler {
  /** How the peer answers GetBlocks. */
  public enum Blocks {
    /** Serves the blocks. */
    HONEST,
    /** Never answers: a stalling peer. */
    STALL,
    /** Serves blocks whose transactions do not match the header. */
    CORRUPT
  }

  private final ChainParams params;
  private final List<Block> chain;
  private final Blocks behaviour;
  private final Map<Hash, Integer> heights = new HashMap<>();
  private final PeerNetwork network;
  private final InstantSource clock;
  private Instant firstBlockRequest;
  private int blockRequests;
  private int headerRequests;
  private int txRequests;
  private volatile ChainWork claimedWork;
  private volatile Hash claimedGenesis;
  private final List<Peer> connected = new java.util.concurrent.CopyOnWriteArrayList<>();

  private ScriptedPeer(
      ChainParams params,
      List<Block> chain,
      Blocks behaviour,
      PeerNetwork net,
      InstantSource clock) {
    this.params = params;
    this.clock = clock;
    this.chain = List.copyOf(chain);
    this.behaviour = behaviour;
    this.network = net;
    for (int i = 0; i < chain.size(); i++) {
      heights.put(chain.get(i).hash(), i);
    }
  }

  /**
   * Starts a scripted peer on a new host of {@code sim}; {@code chain} starts with genesis.
   */
  public static ScriptedPeer start(
      SimulatedNetwork sim, ChainParams params, List<Block> chain, Blocks behaviour) {
    InetAddress host = sim.newHost();
    PeerNetwork net =
        PeerNetwork.builder()
            .transport(sim.newTransport(host))
            .identity(sim.newIdentity())
            .networkId(params.networkId())
            .genesisHash(params.genesisHash())
            .clock(sim.scheduler())
            .scheduler(sim.scheduler())
            .random(sim.newRandom())
            .listenAddress(new PeerAddress(host, 9000))
            .build();
    ScriptedPeer peer = new ScriptedPeer(params, chain, behaviour, net, sim.scheduler());
    net.registerProtocol(ChainProtocol.ID, peer);
    try {
      net.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return peer;
  }

  /** The peer's network (its node id and listen address). */
  public PeerNetwork network() {
    return network;
  }

  /** Makes the Status claim {@code work} instead of the chain's real work. */
  public void claimWork(ChainWork work) {
    this.claimedWork = work;
  }

  /** Makes the Status name {@code genesis} (the handshake still carries the real one). */
  public void claimGenesis(Hash genesis) {
    this.claimedGenesis = genesis;
  }

  /** Sends a raw chain protocol payload to every connected peer. */
  public void sendRaw(byte[] payload) {
    connected.forEach(p -> p.send(ChainProtocol.ID, payload));
  }

  /** GetHeaders messages received. */
  public synchronized int headerRequests() {
    return headerRequests;
  }

  /** Wtxids asked for in GetTx messages (the peer never serves them: it censors). */
  public synchronized int txRequests() {
    return txRequests;
  }

  /** When the first GetBlocks arrived (virtual time), if one did. */
  public synchronized Optional<Instant> firstBlockRequest() {
    return Optional.ofNullable(firstBlockRequest);
  }

  /** GetBlocks messages received. */
  public synchronized int blockRequests() {
    return blockRequests;
  }

  @Override
  public void onPeerConnected(Peer peer) {
    connected.add(peer);
    ConsensusRules rules = ConsensusRules.forParams(params);
    ChainWork work = ChainWork.ZERO;
    for (Block block : chain) {
      work = work.add(rules.weight(block.header()));
    }
    if (claimedWork != null) {
      work = claimedWork;
    }
    Block tip = chain.get(chain.size() - 1);
    Status status =
        Status.newBuilder()
            .setGenesisHash(
                ByteString.copyFrom(
                    (claimedGenesis != null ? claimedGenesis : params.genesisHash()).toBytes()))
            .setBestHash(ByteString.copyFrom(tip.hash().toBytes()))
            .setBestHeight(chain.size() - 1)
            .setTotalWork(ByteString.copyFrom(TestMessages.encodeWork(work)))
            .build();
    peer.send(ChainProtocol.ID, ChainMessage.newBuilder().setStatus(status).build().toByteArray());
  }

  @Override
  public void onMessage(Peer peer, byte[] payload) {
    ChainMessage message;
    try {
      message = TestMessages.parse(payload);
    } catch (ProtocolViolation e) {
      throw new IllegalStateException(e);
    }
    if (message.hasGetHeaders()) {
      synchronized (this) {
        headerRequests++;
      }
      int start = 1;
      for (ByteString hash : message.getGetHeaders().getLocatorList()) {
        Integer height = heights.get(Hash.fromBytes(hash.toByteArray()));
        if (height != null) {
          start = height + 1;
          break;
        }
      }
      List<BlockHeader> reply = new ArrayList<>();
      for (int h = start; h < chain.size() && reply.size() < TestMessages.MAX_HEADERS; h++) {
        reply.add(chain.get(h).header());
      }
      peer.send(ChainProtocol.ID, TestMessages.headers(reply));
    } else if (message.hasGetTx()) {
      synchronized (this) {
        txRequests += message.getGetTx().getWtxidsCount();
      }
    } else if (message.hasGetBlocks()) {
      synchronized (this) {
        blockRequests++;
        if (firstBlockRequest == null) {
          firstBlockRequest = clock.instant();
        }
      }
      for (ByteString bytes : message.getGetBlocks().getHashesList()) {
        Integer height = heights.get(Hash.fromBytes(bytes.toByteArray()));
        if (height == null || behaviour == Blocks.STALL) {
          continue;
        }
        Block block = chain.get(height);
        if (behaviour == Blocks.CORRUPT) {
          block = tamper(block);
        }
        peer.send(ChainProtocol.ID, TestMessages.block(block));
      }
    }
  }

  /** The same header over a different coinbase: the Merkle root no longer matches. */
  static Block tamper(Block block) {
    List<Transaction> txs = new ArrayList<>(block.transactions());
    Transaction coinbase = txs.get(0);
    txs.set(
        0,
        Transaction.coinbase(
            coinbase.coinbaseHeight(),
            "tampered".getBytes(StandardCharsets.US_ASCII),
            coinbase.outputs()));
    return Block.of(block.header(), txs);
  }
}
