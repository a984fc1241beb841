package io.elo.validation;

import io.elo.consensus.ChainParams;
import io.elo.crypto.SignatureCache;
import io.elo.model.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link ChainStateCrashIT}: opens a chain state on MapDB and block files in a
 * directory, resubmits the blocks of a chain file after its tip and reports progress on standard
 * output, one line each, until it is killed:
 *
 * <ul>
 *   <li>{@code OPENED <height>}: the chain state is open at that tip;
 *   <li>{@code DURABLE <height>}: {@code submitBlock} returned, so the block is fsynced;
 *   <li>{@code FLUSH_START <height>} / {@code FLUSH_END <height>}: a UTXO flush (one MapDB commit
 *       recording that flushed tip) begins / completed;
 *   <li>{@code DONE}: every block of the file is connected.
 * </ul>
 *
 * <p>The UTXO cache is small and its flush interval short, so flushes happen every few dozen
 * blocks. The clock is the chain's test start time plus real elapsed time.
 */
public final class ChainStateCrashChild {
  /** Regtest with coinbase maturity 1, so {@link SpendingChain} can spend every block. */
  public static final ChainParams PARAMS =
      ChainParams.regtest().toBuilder().coinbaseMaturity(1).build();

  /** Small bounds and a short interval: frequent flushes of a few hundred coin changes. */
  static final CoinsCache.Limits LIMITS =
      new CoinsCache.Limits(1L << 30, 300, Duration.ofMillis(400));

  private ChainStateCrashChild() {}

  /** Arguments: the state directory and the chain file written by {@link #writeChain}. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    List<Block> blocks = readChain(Path.of(args[1]));
    PrintStream out = System.out;
    Instant start = TestChainBuilder.of(PARAMS).clockStart();
    long origin = System.nanoTime();
    InstantSource clock = () -> start.plusNanos(System.nanoTime() - origin);
    ChainStore store =
        new AnnouncingChainStore(
            MapDbChainStore.openOrReset(dir.resolve("chain.db"), MapDbChainStore.Options.DEFAULT), out);
    ChainState state =
        ChainState.builder(PARAMS)
            .blockStore(FileBlockStore.open(dir.resolve("blocks")))
            .chainStore(store)
            .executor(Runnable::run)
            .signatureCache(new SignatureCache(100_000))
            .clock(clock)
            .cacheLimits(LIMITS)
            .build();
    int tip = state.tip().height().value();
    out.println("OPENED " + tip);
    for (int height = tip + 1; height <= blocks.size(); height++) {
      BlockSubmitResult result = state.submitBlock(blocks.get(height - 1));
      if (!(result instanceof BlockSubmitResult.Connected)) {
        out.println("FAILED " + height + " " + result);
        System.exit(3);
      }
      out.println("DURABLE " + height);
    }
    out.println("DONE");
    state.close();
  }

  /** Writes {@code blocks} (heights 1 to n, in order) as length-prefixed encodings. */
  static void writeChain(Path file, List<Block> blocks) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(os))) {
      data.writeInt(blocks.size());
      for (Block block : blocks) {
        byte[] encoded = block.encode();
        data.writeInt(encoded.length);
        data.write(encoded);
      }
    }
  }

  static List<Block> readChain(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(new BufferedInputStream(is))) {
      int count = data.readInt();
      List<Block> blocks = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] encoded = new byte[data.readInt()];
        data.readFully(encoded);
        blocks.add(Block.decode(encoded));
      }
      return blocks;
    }
  }

  /** A chain store that announces each commit (a UTXO flush) on a stream before and after it. */
  static final class AnnouncingChainStore extends ForwardingChainStore {
    private final PrintStream out;

    AnnouncingChainStore(ChainStore delegate, PrintStream out) {
      super(delegate);
      this.out = out;
    }

    @Override
    public void commit(StoreBatch batch) throws StoreException {
      out.println("FLUSH_START " + batch.tipHeight().value());
      out.flush();
      super.commit(batch);
      out.println("FLUSH_END " + batch.tipHeight().value());
    }
  }
}
