package io.elo.examples.internal.rest;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.OutPoint;
import io.elo.node.Node;
import io.elo.validation.Coin;
import io.elo.validation.StoreException;
import io.elo.validation.TxLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Transaction and address lookups: through the chain state's own indexes when it keeps them,
 * otherwise through a {@link LocalIndex} the server builds.
 */
final class ChainQueries {
  private final Node node;
  private final LocalIndex local;

  private ChainQueries(Node node, LocalIndex local) {
    this.node = node;
    this.local = local;
  }

  static ChainQueries create(Node node) throws StoreException {
    boolean indexed;
    try {
      node.chainState().transactionLocation(Hash.ZERO);
      node.chainState().addressHistory(Address.of(Hash.ZERO));
      indexed = true;
    } catch (IllegalStateException e) {
      indexed = false; // the chain state keeps no indexes
    }
    return new ChainQueries(node, indexed ? null : LocalIndex.follow(node));
  }

  void close() {
    if (local != null) {
      local.close();
    }
  }

  Optional<TxLocation> location(Hash txid) {
    return local != null ? local.location(txid) : node.chainState().transactionLocation(txid);
  }

  List<Hash> history(Address address) {
    return local != null ? local.history(address) : node.chainState().addressHistory(address);
  }

  Map<OutPoint, Coin> unspent(Address address) throws StoreException {
    if (local == null) {
      return node.chainState().addressUnspent(address);
    }
    Map<OutPoint, Coin> coins = new LinkedHashMap<>();
    for (OutPoint outPoint : local.received(address)) {
      Optional<Coin> coin = node.chainState().coin(outPoint);
      if (coin.isPresent()) {
        coins.put(outPoint, coin.get());
      }
    }
    return coins;
  }
}
