package io.elo.consensus;

import static com.google.common.base.Preconditions.checkArgument;

import io.elo.model.BlockHeader;
import io.elo.model.Height;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A {@link HeaderChain} over a list of headers starting at genesis; a shared test fixture. */
public final class ListHeaderChain implements HeaderChain {
  private final List<BlockHeader> headers;
  private final int window;

  private ListHeaderChain(List<BlockHeader> headers, int window) {
    checkArgument(!headers.isEmpty(), "a chain has at least the genesis header");
    this.headers = List.copyOf(headers);
    this.window = window;
  }

  /** Returns the chain of {@code headers} (genesis first) with an 11-block median window. */
  public static ListHeaderChain of(List<BlockHeader> headers) {
    return new ListHeaderChain(headers, 11);
  }

  /** Returns the chain holding only the genesis header of {@code params}. */
  public static ListHeaderChain genesis(ChainParams params) {
    return new ListHeaderChain(List.of(params.genesis().header()), params.medianTimePastWindow());
  }

  /** Returns this chain extended by {@code header}. */
  public ListHeaderChain extend(BlockHeader header) {
    List<BlockHeader> longer = new ArrayList<>(headers);
    longer.add(header);
    return new ListHeaderChain(longer, window);
  }

  @Override
  public Height height() {
    return Height.of(headers.size() - 1);
  }

  @Override
  public BlockHeader header() {
    return headers.get(headers.size() - 1);
  }

  @Override
  public Optional<BlockHeader> ancestor(Height height) {
    return height.value() < headers.size()
        ? Optional.of(headers.get(height.value()))
        : Optional.empty();
  }

  @Override
  public long medianTimePast() {
    int from = Math.max(0, headers.size() - window);
    long[] times =
        headers.subList(from, headers.size()).stream().mapToLong(BlockHeader::timestamp).toArray();
    Arrays.sort(times);
    return times[times.length / 2];
  }
}
