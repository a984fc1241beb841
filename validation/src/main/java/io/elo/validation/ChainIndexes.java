package io.elo.validation;

import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Block;
import io.elo.model.Height;
import io.elo.model.OutPoint;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The optional transaction index (txid to location) and address index (unspent outputs and history
 * of each address) of the best chain. Both live in memory and are derived: updated on every connect
 * and disconnect, and rebuilt on start-up by replaying the stored best chain, so they need no
 * storage of their own and can never disagree with the blocks. They grow with the chain (a txid per
 * transaction, an entry per output), which suits the private and test chains they are meant for.
 * Guarded by the chain state's lock.
 */
final class ChainIndexes {
  private final boolean txIndex;
  private final boolean addressIndex;
  private final Map<Hash, TxLocation> locations = new HashMap<>();
  private final Map<Address, Map<OutPoint, Coin>> unspent = new HashMap<>();
  private final Map<Address, List<Hash>> history = new HashMap<>();

  ChainIndexes(boolean txIndex, boolean addressIndex) {
    this.txIndex = txIndex;
    this.addressIndex = addressIndex;
  }

  boolean enabled() {
    return txIndex || addressIndex;
  }

  boolean txIndexEnabled() {
    return txIndex;
  }

  boolean addressIndexEnabled() {
    return addressIndex;
  }

  void connect(Block block, Height height) {
    List<Transaction> txs = block.transactions();
    for (int position = 0; position < txs.size(); position++) {
      Transaction tx = txs.get(position);
      if (txIndex) {
        locations.put(tx.txid(), new TxLocation(block.hash(), height, position));
      }
      if (addressIndex) {
        Set<Address> touched = new LinkedHashSet<>();
        for (TxInput input : tx.inputs()) {
          // Validation proved the key hashes to the spent output's address.
          Address owner = Address.fromEncodedPublicKey(input.schemeId(), input.publicKey());
          Map<OutPoint, Coin> coins = unspent.get(owner);
          if (coins != null) {
            coins.remove(input.outPoint());
          }
          touched.add(owner);
        }
        for (int i = 0; i < tx.outputs().size(); i++) {
          Coin coin = Coin.of(tx.outputs().get(i), height, tx.isCoinbase());
          unspent
              .computeIfAbsent(coin.address(), a -> new TreeMap<>())
              .put(OutPoint.of(tx.txid(), i), coin);
          touched.add(coin.address());
        }
        for (Address address : touched) {
          history.computeIfAbsent(address, a -> new ArrayList<>()).add(tx.txid());
        }
      }
    }
  }

  void disconnect(Block block, BlockUndo undo) {
    List<Transaction> txs = block.transactions();
    int undoIndex = undo.size();
    for (int position = txs.size() - 1; position >= 0; position--) {
      Transaction tx = txs.get(position);
      if (txIndex) {
        locations.remove(tx.txid());
      }
      if (!addressIndex) {
        continue;
      }
      Set<Address> touched = new LinkedHashSet<>();
      for (int i = 0; i < tx.outputs().size(); i++) {
        Address address = tx.outputs().get(i).address();
        Map<OutPoint, Coin> coins = unspent.get(address);
        if (coins != null) {
          coins.remove(OutPoint.of(tx.txid(), i));
        }
        touched.add(address);
      }
      for (int i = tx.inputs().size() - 1; i >= 0; i--) {
        Coin coin = undo.coins().get(--undoIndex);
        unspent
            .computeIfAbsent(coin.address(), a -> new TreeMap<>())
            .put(tx.inputs().get(i).outPoint(), coin);
        touched.add(coin.address());
      }
      for (Address address : touched) {
        List<Hash> txids = history.get(address);
        if (txids != null && !txids.isEmpty() && txids.get(txids.size() - 1).equals(tx.txid())) {
          txids.remove(txids.size() - 1);
        }
      }
    }
  }

  Optional<TxLocation> location(Hash txid) {
    return Optional.ofNullable(locations.get(txid));
  }

  Map<OutPoint, Coin> unspent(Address address) {
    Map<OutPoint, Coin> coins = unspent.get(address);
    return coins == null ? Map.of() : new TreeMap<>(coins);
  }

  List<Hash> history(Address address) {
    List<Hash> txids = history.get(address);
    return txids == null ? List.of() : List.copyOf(txids);
  }
}
