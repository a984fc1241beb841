package io.elo.examples.internal.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.OutPoint;
import io.elo.node.Node;
import io.elo.validation.Coin;
import io.elo.validation.StoreException;
import java.util.List;
import java.util.Map;

/** Unspent outputs, balance and history of an address (confirmed, best chain). */
final class AddressEndpoints {
  /** Largest page of {@code /history}. */
  static final int MAX_HISTORY_PAGE = 1000;

  private final Node node;
  private final Json json;
  private final ChainQueries queries;

  AddressEndpoints(Node node, Json json, ChainQueries queries) {
    this.node = node;
    this.json = json;
    this.queries = queries;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/api/v1/addresses/{address}/utxos", this::utxos),
        Route.of("GET", "/api/v1/addresses/{address}/balance", this::balance),
        Route.of("GET", "/api/v1/addresses/{address}/history", this::history));
  }

  private Address address(Request request) {
    return Params.address(request.param("address"), node.params().addressPrefix());
  }

  private Response utxos(Request request) throws StoreException {
    Address address = address(request);
    int tip = node.tip().height().value();
    JsonArray utxos = new JsonArray();
    for (Map.Entry<OutPoint, Coin> e : queries.unspent(address).entrySet()) {
      JsonObject utxo = new JsonObject();
      utxo.addProperty("txid", e.getKey().txid().toHex());
      utxo.addProperty("index", e.getKey().index());
      utxo.addProperty("amount", e.getValue().amount().atoms());
      utxo.addProperty("height", e.getValue().height().value());
      utxo.addProperty("confirmations", tip - e.getValue().height().value() + 1);
      utxo.addProperty("coinbase", e.getValue().coinbase());
      utxos.add(utxo);
    }
    JsonObject out = new JsonObject();
    out.addProperty("address", json.address(address));
    out.add("utxos", utxos);
    return Response.ok(out);
  }

  private Response balance(Request request) throws StoreException {
    Address address = address(request);
    Map<OutPoint, Coin> coins = queries.unspent(address);
    Amount total = Amount.ZERO;
    for (Coin coin : coins.values()) {
      total = total.plus(coin.amount());
    }
    JsonObject out = new JsonObject();
    out.addProperty("address", json.address(address));
    out.addProperty("confirmed", total.atoms());
    out.addProperty("utxoCount", coins.size());
    out.addProperty("height", node.tip().height().value());
    return Response.ok(out);
  }

  private Response history(Request request) {
    Address address = address(request);
    int offset = request.intQuery("offset", 0, 0, Integer.MAX_VALUE);
    int limit = request.intQuery("limit", 100, 1, MAX_HISTORY_PAGE);
    List<Hash> all = queries.history(address);
    List<Hash> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(),
        (int) Math.min((long) offset + limit, Integer.MAX_VALUE)));
    JsonObject out = new JsonObject();
    out.addProperty("address", json.address(address));
    out.addProperty("total", all.size());
    out.addProperty("offset", offset);
    out.add("txids", Json.hashes(page));
    return Response.ok(out);
  }
}
