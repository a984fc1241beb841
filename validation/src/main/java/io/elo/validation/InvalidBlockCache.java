package io.elo.validation;

import io.elo.crypto.Hash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hashes of blocks known to be invalid, so a resent invalid block is refused without being
 * validated again. Bounded: at the bound the least recently seen hash is evicted. A block from the
 * future is never added (it may become valid), nor a block whose Merkle root does not commit to its
 * content (a mutated copy must not blacklist the real block). Not thread-safe.
 */
final class InvalidBlockCache {
  private final Map<Hash, InvalidReason> entries;

  InvalidBlockCache(int maxEntries) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Hash, InvalidReason> eldest) {
            return size() > maxEntries;
          }
        };
  }

  void add(Hash hash, InvalidReason reason) {
    entries.put(hash, reason);
  }

  InvalidReason get(Hash hash) {
    return entries.get(hash);
  }

  int size() {
    return entries.size();
  }
}
