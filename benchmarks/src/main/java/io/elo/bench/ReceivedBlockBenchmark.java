package io.elo.bench;

import io.elo.crypto.Hash;
import io.elo.crypto.KeyPair;
import io.elo.crypto.SignatureSchemes;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TransactionBuilder;
import io.elo.model.TxOutput;
import io.elo.p2p.ChannelSecurity;
import io.elo.p2p.NodeIdentity;
import io.elo.p2p.Peer;
import io.elo.p2p.PeerAddress;
import io.elo.p2p.PeerNetwork;
import io.elo.p2p.ProtocolHandler;
import io.elo.p2p.ProtocolId;
import io.elo.p2p.tcp.TcpTransport;
import io.elo.validation.FileBlockStore;
import io.elo.validation.StoreException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * What a block received from a peer costs the receiving side between the socket and storage: a
 * sender node sends blocks over an encrypted TCP link; the receiver's network hands each payload
 * as a view of the frame to a protocol handler that decodes the block from it (kept bytes) and
 * hands it to a store thread that appends it to a {@link FileBlockStore}. Allocated bytes are
 * summed over every receiver thread ({@code com.sun.management.ThreadMXBean}: I/O, scheduler,
 * store) and divided by the blocks' total size. Prints {@code RESULT received-block ...}.
 *
 * <p>Usage: {@code ReceivedBlockBenchmark [transactions per block] [blocks]} (default 6,000 and
 * 40, after 10 warm-up blocks).
 */
public final class ReceivedBlockBenchmark {
  private static final ProtocolId BLOCKS = ProtocolId.of("blocks", 1);
  private static final String RECEIVER = "recv-";
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private ReceivedBlockBenchmark() {}

  public static void main(String[] args) throws Exception {
    int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 6_000;
    int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int warmup = 10;
    List<byte[]> encoded = blocks(transactions, warmup + blocks);
    Path dir = Files.createTempDirectory("received-block");
    List<Thread> receiverThreads = new ArrayList<>();
    ThreadFactory receiverFactory =
        task -> {
          Thread thread = new Thread(task, RECEIVER + receiverThreads.size());
          thread.setDaemon(true);
          receiverThreads.add(thread);
          return thread;
        };
    ScheduledExecutorService receiverScheduler =
        Executors.newSingleThreadScheduledExecutor(receiverFactory);
    ScheduledExecutorService senderScheduler = Executors.newSingleThreadScheduledExecutor();
    BlockingQueue<Block> toStore = new ArrayBlockingQueue<>(16);
    CountDownLatch warm = new CountDownLatch(warmup);
    CountDownLatch done = new CountDownLatch(warmup + blocks);
    try (FileBlockStore store = FileBlockStore.open(dir);
        PeerNetwork receiver = network(receiverScheduler, receiverFactory);
        PeerNetwork sender = network(senderScheduler, null)) {
      Thread storeThread =
          receiverFactory.newThread(() -> storeLoop(toStore, store, warm, done));
      storeThread.start();
      receiver.registerProtocol(
          BLOCKS,
          new ProtocolHandler() {
            @Override
            public void onMessage(Peer peer, byte[] payload) {
              throw new AssertionError("the network hands payloads as views");
            }

            @Override
            public void onMessage(Peer peer, ByteBuffer payload) {
              Block decoded = Block.decode(payload.asReadOnlyBuffer());
              decoded.hash();
              if (!toStore.offer(decoded)) {
                // Bounded like the node's writer queue: the sender waits for the latch below.
                throw new IllegalStateException("store queue full");
              }
            }
          });
      sender.registerProtocol(BLOCKS, (peer, payload) -> {});
      receiver.start();
      sender.start();
      Peer link = sender.connect(receiver.listenAddress().orElseThrow()).get(30, TimeUnit.SECONDS);
      send(link, encoded.subList(0, warmup), warm);
      warm.await(60, TimeUnit.SECONDS);
      Thread.sleep(200);
      long before = allocated(receiverThreads);
      long start = System.nanoTime();
      send(link, encoded.subList(warmup, warmup + blocks), done);
      if (!done.await(300, TimeUnit.SECONDS)) {
        throw new IllegalStateException("blocks did not arrive");
      }
      long elapsed = System.nanoTime() - start;
      long perBlock = (allocated(receiverThreads) - before) / blocks;
      storeThread.interrupt();
      System.out.printf(
          "RESULT received-block blockBytes=%d transactions=%d blocks=%d allocatedPerBlock=%d"
              + " allocatedPerBlockByte=%.2f blocksPerSecond=%.1f%n",
          encoded.get(0).length,
          transactions + 1,
          blocks,
          perBlock,
          (double) perBlock / encoded.get(0).length,
          blocks * 1e9 / elapsed);
    } finally {
      receiverScheduler.shutdownNow();
      senderScheduler.shutdownNow();
    }
  }

  /** Sends {@code count} blocks, never more than the store queue holds ahead of storage. */
  private static void send(Peer link, List<byte[]> blocks, CountDownLatch stored)
      throws InterruptedException {
    int count = blocks.size();
    long target = stored.getCount() - count;
    for (int i = 0; i < count; i++) {
      // At most 8 blocks between the sender and storage.
      while (stored.getCount() - target >= count - i + 8) {
        Thread.sleep(1);
      }
      if (!link.send(BLOCKS, blocks.get(i))) {
        throw new IllegalStateException("send refused");
      }
    }
  }

  private static void storeLoop(
      BlockingQueue<Block> queue, FileBlockStore store, CountDownLatch warm, CountDownLatch done) {
    try {
      while (true) {
        store.put(queue.take());
        warm.countDown();
        done.countDown();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (StoreException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long allocated(List<Thread> threads) {
    long sum = 0;
    for (Thread thread : threads) {
      sum += THREADS.getThreadAllocatedBytes(thread.getId());
    }
    return sum;
  }

  private static PeerNetwork network(ScheduledExecutorService scheduler, ThreadFactory io) {
    SecureRandom random = new SecureRandom();
    NodeIdentity identity = NodeIdentity.generate(random);
    var transport =
        TcpTransport.builder().security(ChannelSecurity.encrypted(identity, random));
    if (io != null) {
      transport.threadFactory(io);
    }
    return PeerNetwork.builder()
        .transport(transport.build())
        .identity(identity)
        .networkId(Funding.PARAMS.networkId())
        .genesisHash(Funding.PARAMS.genesisHash())
        .clock(Clock.systemUTC())
        .scheduler(scheduler)
        .random(random)
        .listenAddress(PeerAddress.of("127.0.0.1", 0))
        .build();
  }

  /**
   * {@code blocks} blocks (differing in the header's nonce) of {@code count} signed one-input
   * two-output transactions plus a coinbase.
   */
  private static List<byte[]> blocks(int count, int blocks) {
    Random random = new Random(5);
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    KeyPair key = SignatureSchemes.ED25519.generateKeyPair(new SecureRandom(seed));
    Address to = Address.fromPublicKey(key.publicKey());
    Hash genesis = Funding.PARAMS.genesisHash();
    List<Transaction> txs = new ArrayList<>();
    txs.add(
        Transaction.coinbase(
            Height.of(1), new byte[8], List.of(new TxOutput(Amount.ofCoins(50), to))));
    for (int i = 0; i < count; i++) {
      txs.add(
          new TransactionBuilder()
              .addInput(
                  new OutPoint(Hash.sha256d(new byte[] {(byte) i, (byte) (i >> 8)}), 0),
                  Amount.ofCoins(2),
                  key)
              .addOutput(Amount.ofCoins(1), to)
              .addOutput(Amount.ofAtoms(Amount.COIN - 1_000), to)
              .build(genesis));
    }
    Hash root = Block.computeMerkleRoot(txs);
    List<byte[]> encoded = new ArrayList<>();
    for (int nonce = 0; nonce < blocks; nonce++) {
      BlockHeader header = BlockHeader.of(1, genesis, root, 1_700_000_000L, 0x207fffff, nonce);
      encoded.add(Block.of(header, txs).encode());
    }
    return encoded;
  }
}
