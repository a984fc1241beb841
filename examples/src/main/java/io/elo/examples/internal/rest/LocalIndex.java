package io.elo.examples.internal.rest;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.model.TxOutput;
import io.elo.node.Node;
import io.elo.node.NodeListener;
import io.elo.validation.StoreException;
import io.elo.validation.TxLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A transaction and address index the REST server keeps in memory for a node whose chain state
 * has none: txid to location, and per address the txids that touch it and the out-points ever paid
 * to it on the best chain (whether they are unspent is asked of the UTXO set). Built from the best
 * chain at start, then kept current by block connect and disconnect events. Thread-safe.
 */
final class LocalIndex {
  private final Node node;
  private final Map<Hash, TxLocation> locations = new HashMap<>();
  private final Map<Address, List<Hash>> history = new HashMap<>();
  private final Map<Address, Set<OutPoint>> received = new HashMap<>();
  private final List<Hash> indexed = new ArrayList<>();
  private volatile boolean closed;

  private LocalIndex(Node node) {
    this.node = node;
  }

  /** Indexes {@code node}'s best chain and follows it until {@link #close()}. */
  static LocalIndex follow(Node node) throws StoreException {
    LocalIndex index = new LocalIndex(node);
    // Listen first so no block is missed; catchUp skips what the listener already applied.
    node.addListener(
        new NodeListener() {
          @Override
          public void blockConnected(Block block, Height height) {
            index.connected(block, height);
          }

          @Override
          public void blockDisconnected(Block block, Height height) {
            index.disconnected(block, height);
          }
        });
    index.catchUp(node.tip().height().value());
    return index;
  }

  void close() {
    closed = true;
  }

  synchronized Optional<TxLocation> location(Hash txid) {
    return Optional.ofNullable(locations.get(txid));
  }

  synchronized List<Hash> history(Address address) {
    return List.copyOf(history.getOrDefault(address, List.of()));
  }

  synchronized List<OutPoint> received(Address address) {
    return List.copyOf(new TreeSet<>(received.getOrDefault(address, Set.of())));
  }

  // Reads blocks without holding this lock: the chain writer may be waiting for it while holding
  // the chain state.
  private void catchUp(int height) throws StoreException {
    while (true) {
      int next;
      synchronized (this) {
        next = indexed.size();
      }
      if (next > height) {
        return;
      }
      Optional<Block> block = node.blockAt(Height.of(next));
      if (block.isEmpty()) {
        return;
      }
      synchronized (this) {
        if (next == indexed.size()) {
          apply(block.get(), next);
        }
      }
    }
  }

  private void connected(Block block, Height height) {
    if (closed) {
      return;
    }
    int h = height.value();
    try {
      catchUp(h - 1);
    } catch (StoreException e) {
      return;
    }
    synchronized (this) {
      if (h == indexed.size()) {
        apply(block, h);
      }
    }
  }

  private synchronized void disconnected(Block block, Height height) {
    int h = height.value();
    if (closed || h != indexed.size() - 1 || !indexed.get(h).equals(block.hash())) {
      return;
    }
    List<Transaction> txs = block.transactions();
    for (int i = txs.size() - 1; i >= 0; i--) {
      Transaction tx = txs.get(i);
      locations.remove(tx.txid());
      for (Address address : touched(tx)) {
        List<Hash> list = history.get(address);
        if (list != null && !list.isEmpty() && list.get(list.size() - 1).equals(tx.txid())) {
          list.remove(list.size() - 1);
        }
      }
      for (int j = 0; j < tx.outputs().size(); j++) {
        Set<OutPoint> set = received.get(tx.outputs().get(j).address());
        if (set != null) {
          set.remove(OutPoint.of(tx.txid(), j));
        }
      }
    }
    indexed.remove(h);
  }

  private void apply(Block block, int height) {
    List<Transaction> txs = block.transactions();
    for (int i = 0; i < txs.size(); i++) {
      Transaction tx = txs.get(i);
      locations.put(tx.txid(), new TxLocation(block.hash(), Height.of(height), i));
      for (Address address : touched(tx)) {
        history.computeIfAbsent(address, a -> new ArrayList<>()).add(tx.txid());
      }
      for (int j = 0; j < tx.outputs().size(); j++) {
        received
            .computeIfAbsent(tx.outputs().get(j).address(), a -> new TreeSet<>())
            .add(OutPoint.of(tx.txid(), j));
      }
    }
    indexed.add(block.hash());
  }

  private static Set<Address> touched(Transaction tx) {
    Set<Address> addresses = new LinkedHashSet<>();
    if (!tx.isCoinbase()) {
      for (TxInput input : tx.inputs()) {
        addresses.add(Address.fromEncodedPublicKey(input.schemeId(), input.publicKey()));
      }
    }
    for (TxOutput output : tx.outputs()) {
      addresses.add(output.address());
    }
    return addresses;
  }
}
