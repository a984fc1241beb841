package io.elo.examples.internal.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Amount;
import io.elo.model.OutPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * An unspent output as the REST API lists it ({@code GET /api/v1/addresses/{a}/utxos}).
 *
 * @param outPoint the output
 * @param amount its value
 * @param confirmations blocks on top of and including its block
 * @param coinbase whether a coinbase created it (spendable only once mature)
 */
record Coin(OutPoint outPoint, Amount amount, int confirmations, boolean coinbase) {
  /** Whether the output may be spent in the next block, with one block of margin for reorgs. */
  boolean spendable(int coinbaseMaturity) {
    return !coinbase || confirmations > coinbaseMaturity;
  }

  /** The confirmed unspent outputs of {@code address}, asked of {@code client}. */
  static List<Coin> fetch(RestClient client, Address address, String prefix) {
    JsonObject body = client.getOk("/api/v1/addresses/" + address.toText(prefix) + "/utxos");
    List<Coin> coins = new ArrayList<>();
    for (JsonElement e : body.getAsJsonArray("utxos")) {
      JsonObject u = e.getAsJsonObject();
      coins.add(
          new Coin(
              OutPoint.of(Hash.fromHex(u.get("txid").getAsString()), u.get("index").getAsInt()),
              Amount.ofAtoms(u.get("amount").getAsLong()),
              u.get("confirmations").getAsInt(),
              u.get("coinbase").getAsBoolean()));
    }
    return coins;
  }
}
