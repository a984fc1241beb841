package io.elo.validation;

import io.elo.model.Height;
import java.nio.file.Path;

/**
 * The child process of {@link MapDbChainStoreCrashIT}: opens the store (resetting it if corrupt),
 * prints "open" and its flushed batch, then commits {@link
 * CrashBatches} one after another from the one after its flushed tip, printing each batch number
 * once its commit has returned, until it is killed.
 *
 * <p>Arguments: the store file, the {@link MapDbChainStore.Access} and the {@link
 * MapDbChainStore.Layout}.
 */
public final class CrashChild {
  private CrashChild() {}

  /** Runs until killed. */
  public static void main(String[] args) throws StoreException {
    MapDbChainStore.Options options =
        new MapDbChainStore.Options(
            MapDbChainStore.Access.valueOf(args[1]), MapDbChainStore.Layout.valueOf(args[2]));
    // As a node opens its store: a corruption detected at open resets it (and "open 0" says so).
    MapDbChainStore store = MapDbChainStore.openOrReset(Path.of(args[0]), options);
    int k = store.flushedHeight().map(Height::value).orElse(0);
    System.out.println("open " + k);
    System.out.flush();
    while (true) {
      store.commit(CrashBatches.batch(++k));
      System.out.println(k);
      System.out.flush();
    }
  }
}
