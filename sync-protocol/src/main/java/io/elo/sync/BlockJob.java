package io.elo.sync;

import io.elo.model.Block;
import io.elo.validation.BlockSubmitResult;
import io.elo.validation.ChainState;
import io.elo.validation.StoreException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One block for the chain writer: submits it to the chain state and hands the result (or the
 * failure) back; completes the local submitter's future, if there is one.
 */
final class BlockJob implements WriterQueue.Job {
  private static final Logger LOG = LoggerFactory.getLogger(BlockJob.class);

  private final ChainState chain;
  private final Block block;
  private final CompletableFuture<BlockSubmitResult> future;
  private final Consumer<BlockSubmitResult> onResult;
  private final Runnable onFailure;

  /**
   * A job for {@code block}; {@code onResult} or {@code onFailure} runs on the writer (they post
   * to the protocol thread); {@code future} may be null.
   */
  BlockJob(
      ChainState chain,
      Block block,
      CompletableFuture<BlockSubmitResult> future,
      Consumer<BlockSubmitResult> onResult,
      Runnable onFailure) {
    this.chain = chain;
    this.block = block;
    this.future = future;
    this.onResult = onResult;
    this.onFailure = onFailure;
  }

  @Override
  public long bytes() {
    return block.size();
  }

  @Override
  public void run() {
    BlockSubmitResult result;
    try {
      result = chain.submitBlock(block);
    } catch (StoreException | RuntimeException e) {
      LOG.error("chain state failed on block {}", block.hash(), e);
      if (future != null) {
        future.completeExceptionally(e);
      }
      onFailure.run();
      return;
    }
    onResult.accept(result);
    if (future != null) {
      future.complete(result);
    }
  }

  @Override
  public void cancel() {
    if (future != null) {
      future.completeExceptionally(new IllegalStateException("chain protocol closed"));
    }
  }
}
