package io.elo.node;

import static com.google.common.base.Preconditions.checkState;

import io.elo.consensus.BlockProducer;
import io.elo.consensus.BlockSink;
import io.elo.consensus.ConsensusKind;
import io.elo.consensus.Miner;
import io.elo.consensus.Sealer;
import io.elo.crypto.PublicKeyCache;
import io.elo.crypto.SignatureCache;
import io.elo.mempool.Mempool;
import io.elo.node.NodeFailure.Source;
import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerManager;
import io.elo.p2p.PeerManagerBuilder;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.PeerNetworkBuilder;
import io.elo.p2p.Transport;
import io.elo.sync.ChainProtocol;
import io.elo.validation.BlockStore;
import io.elo.validation.ChainListener;
import io.elo.validation.ChainState;
import io.elo.validation.ChainStore;
import io.elo.validation.FileBlockStore;
import io.elo.validation.InMemoryBlockStore;
import io.elo.validation.InMemoryChainStore;
import io.elo.validation.MapDbChainStore;
import io.elo.validation.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Turns a {@link NodeBuilder}'s settings into a {@link Node}, undoing everything on failure. */
final class NodeAssembly {
  private NodeAssembly() {}

  static Node assemble(NodeBuilder b) throws StoreException, IOException {
    checkState(b.params != null, "params not set");
    checkState(b.transport != null || b.transportFactory != null, "transport not set");
    checkState(
        !(b.plaintext && b.transport != null),
        "plaintext() applies to transport(TransportFactory); a prebuilt transport brings its own"
            + " security");
    checkState(
        b.identity != null || b.dataDirectory != null,
        "identity not set (required without a data directory)");
    checkProduction(b);
    Resources resources = new Resources();
    try {
      return open(b, resources, new FatalErrors(b.onFatalError));
    } catch (StoreException | IOException | RuntimeException | Error e) {
      resources.closeAll();
      throw e;
    }
  }

  private static void checkProduction(NodeBuilder b) {
    ConsensusKind kind = b.params.consensusKind();
    checkState(
        b.miningReward == null || b.sealingKey == null, "set either mining(...) or sealing(...)");
    checkState(
        b.miningReward == null || kind == ConsensusKind.PROOF_OF_WORK,
        "mining(...) needs a proof-of-work chain; %s is %s: use sealing(...)",
        b.params.name(),
        kind);
    checkState(
        b.sealingKey == null || kind == ConsensusKind.PROOF_OF_AUTHORITY,
        "sealing(...) needs a proof-of-authority chain; %s is %s: use mining(...)",
        b.params.name(),
        kind);
  }

  private static Node open(NodeBuilder b, Resources res, FatalErrors fatal)
      throws StoreException, IOException {
    // Each node owns its randomness: a DRBG of its own (no JVM-wide lock, as NativePRNG has)
    // for secrets and, unless a seeded source is given, for every other choice too.
    SecureRandom secure = b.secureRandom != null ? b.secureRandom : drbg();
    DataDirectory dir = null;
    if (b.dataDirectory != null) {
      dir = DataDirectory.lock(b.dataDirectory);
      res.onFailure(dir::close);
    }
    NodeIdentity identity = b.identity != null ? b.identity : dir.loadOrCreateIdentity(secure);
    InstantSource clock = b.clock != null ? b.clock : Clock.systemUTC();
    ScheduledExecutorService scheduler =
        b.scheduler != null
            ? b.scheduler
            : res.executor(fatal.scheduler("elo-scheduler"));
    Executor executor =
        b.executor != null
            ? b.executor
            : res.executor(
                Executors.newFixedThreadPool(
                    Runtime.getRuntime().availableProcessors(),
                    fatal.threads("elo-worker", Source.NODE_THREAD)));
    Executor writer =
        b.writer != null
            ? b.writer
            : res.executor(
                Executors.newSingleThreadExecutor(
                    fatal.threads("elo-chain", Source.CHAIN_WRITER)));
    Random random = b.random != null ? b.random : secure;

    ChainState chainState = openChainState(b, dir, executor, clock);
    res.onFailure(chainState::close);
    chainState.addListener(
        new ChainListener() {
          @Override
          public void chainStateFailed(Throwable cause) {
            fatal.report(Source.CHAIN_WRITER, cause);
          }
        });
    Path journal = b.mempoolJournal != null ? b.mempoolJournal : dir != null ? dir.mempool() : null;
    Mempool.Builder mb =
        Mempool.forChain(chainState).policy(b.mempoolPolicy).clock(clock).executor(executor);
    if (journal != null) {
      mb.journal(journal);
    }
    Mempool mempool = mb.build();
    res.onFailure(mempool::close);

    Transport transport =
        b.transport != null
            ? b.transport
            : b.transportFactory.create(
                b.plaintext
                    ? ChannelSecurity.plaintext()
                    : ChannelSecurity.encrypted(identity, secure));
    res.onFailure(transport::close);
    transport.onFatalError(e -> fatal.report(Source.NETWORK_IO, e));
    PeerNetworkBuilder nb =
        PeerNetwork.builder()
            .transport(transport)
            .identity(identity)
            .networkId(b.params.networkId())
            .genesisHash(b.params.genesisHash())
            .clock(clock)
            .scheduler(scheduler)
            .random(random);
    if (b.listenAddress != null) {
      nb.listenAddress(b.listenAddress);
    }
    if (dir != null) {
      nb.banListFile(dir.banList());
    }
    b.networkOptions.accept(nb);
    PeerNetwork network = nb.build();
    res.onFailure(network::close);

    PeerManagerBuilder pmb = PeerManager.builder(network).discovery(true).peerExchange(true);
    for (PeerAddress address : b.bootstrap) {
      pmb.bootstrap(address);
    }
    if (dir != null) {
      pmb.addressBookFile(dir.addressBook());
    }
    b.peerManagerOptions.accept(pmb);
    PeerManager peerManager = pmb.build();

    RecentBlocks recent = new RecentBlocks(clock);
    ChainProtocol protocol =
        ChainProtocol.builder(chainState)
            .config(b.syncConfig)
            .clock(clock)
            .scheduler(scheduler)
            .writer(writer)
            .random(random)
            .secureRandom(secure)
            .blockAnnounced(recent::announced)
            .relayExecutor(executor)
            .servingExecutor(executor)
            .mempool(mempool)
            .onFatalError(e -> fatal.report(Source.CHAIN_WRITER, e))
            .build();
    res.onFailure(protocol::close);
    BlockSink sink =
        block -> {
          recent.markLocal(block.hash());
          protocol.submitBlock(block);
        };
    BlockProducer producer =
        producer(b, chainState, mempool, sink, clock, scheduler, random, fatal);
    BlockProduction production = producer == null ? null : new BlockProduction(producer);
    SyncWatch syncWatch =
        new SyncWatch(
            protocol,
            b.productionMaxLag,
            scheduler,
            inSync -> {
              if (production != null) {
                production.syncChanged(inSync);
              }
            });
    return new Node(
        new NodeParts(
            b.params,
            chainState,
            mempool,
            network,
            protocol,
            peerManager,
            production,
            b.produceBlocks,
            recent,
            syncWatch,
            b.meterRegistry,
            List.copyOf(b.listeners),
            dir,
            scheduler,
            res,
            fatal));
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no DRBG SecureRandom in this JVM", e);
    }
  }

  private static ChainState openChainState(
      NodeBuilder b, DataDirectory dir, Executor executor, InstantSource clock)
      throws StoreException {
    BlockStore blocks;
    ChainStore coins;
    if (dir == null) {
      blocks = InMemoryBlockStore.create();
      coins = new InMemoryChainStore();
    } else {
      blocks = FileBlockStore.open(dir.blocks());
      try {
        coins = MapDbChainStore.openOrReset(dir.chainStore(), MapDbChainStore.Options.DEFAULT);
      } catch (StoreException | RuntimeException e) {
        Resources.closeQuietly(blocks::close, "block store");
        throw e;
      }
    }
    try {
      return ChainState.builder(b.params)
          .blockStore(blocks)
          .chainStore(coins)
          .executor(executor)
          .signatureCache(new SignatureCache(b.signatureCacheSize))
          .keyCache(new PublicKeyCache(b.keyCacheSize))
          .clock(clock)
          .txIndex(b.txIndex)
          .addressIndex(b.addressIndex)
          .build();
    } catch (StoreException | RuntimeException e) {
      Resources.closeQuietly(coins::close, "chain store");
      Resources.closeQuietly(blocks::close, "block store");
      throw e;
    }
  }

  private static BlockProducer producer(
      NodeBuilder b,
      ChainState chainState,
      Mempool mempool,
      BlockSink sink,
      InstantSource clock,
      ScheduledExecutorService scheduler,
      Random random,
      FatalErrors fatal) {
    if (b.miningReward != null) {
      return Miner.builder(b.params)
          .tips(chainState)
          .templates(mempool)
          .sink(sink)
          .payTo(b.miningReward)
          .threads(b.miningThreads)
          .clock(clock)
          .threadFactory(fatal.threads("elo-miner", Source.NODE_THREAD))
          .build();
    }
    if (b.sealingKey != null) {
      return Sealer.builder(b.params, b.sealingKey)
          .tips(chainState)
          .templates(mempool)
          .sink(sink)
          .payTo(b.sealingReward)
          .clock(clock)
          .scheduler(scheduler)
          .random(random)
          .build();
    }
    return null;
  }
}
