package io.elo.examples.internal.rest;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.elo.crypto.Hash;
import io.elo.model.Address;
import io.elo.model.Block;
import io.elo.model.BlockHeader;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.model.TxInput;
import io.elo.model.TxOutput;
import io.elo.p2p.Peer;
import java.util.HexFormat;
import java.util.List;

/**
 * The JSON shapes of the API: hashes and encodings in lower-case hex, amounts in atoms (integers),
 * times in Unix seconds (milliseconds where named {@code ...Ms}), addresses in Bech32m with the
 * chain's prefix.
 */
final class Json {
  static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
  static final HexFormat HEX = HexFormat.of();

  private final String addressPrefix;

  Json(String addressPrefix) {
    this.addressPrefix = addressPrefix;
  }

  String address(Address address) {
    return address.toText(addressPrefix);
  }

  static JsonArray hashes(List<Hash> hashes) {
    JsonArray array = new JsonArray();
    hashes.forEach(h -> array.add(h.toHex()));
    return array;
  }

  JsonObject header(BlockHeader header, Hash hash, Height height) {
    JsonObject json = new JsonObject();
    json.addProperty("hash", hash.toHex());
    json.addProperty("height", height.value());
    json.addProperty("previousHash", header.previousHash().toHex());
    json.addProperty("merkleRoot", header.merkleRoot().toHex());
    json.addProperty("time", header.timestamp());
    json.addProperty("version", header.version());
    json.addProperty("bits", String.format("%08x", header.bits()));
    json.addProperty("nonce", Integer.toUnsignedLong(header.nonce()));
    if (header.sealLength() > 0) {
      json.addProperty("seal", HEX.formatHex(header.seal()));
    }
    return json;
  }

  JsonObject block(Block block, Height height, int confirmations, boolean verbose) {
    JsonObject json = header(block.header(), block.hash(), height);
    json.addProperty("confirmations", confirmations);
    json.addProperty("size", block.size());
    json.addProperty("txCount", block.transactions().size());
    JsonArray txs = new JsonArray();
    for (Transaction tx : block.transactions()) {
      if (verbose) {
        txs.add(transaction(tx));
      } else {
        txs.add(tx.txid().toHex());
      }
    }
    json.add("transactions", txs);
    return json;
  }

  JsonObject transaction(Transaction tx) {
    JsonObject json = new JsonObject();
    json.addProperty("txid", tx.txid().toHex());
    json.addProperty("wtxid", tx.wtxid().toHex());
    json.addProperty("version", tx.version());
    json.addProperty("size", tx.size());
    json.addProperty("lockTime", tx.lockTime().value());
    json.addProperty("coinbase", tx.isCoinbase());
    JsonArray inputs = new JsonArray();
    if (!tx.isCoinbase()) {
      for (TxInput input : tx.inputs()) {
        JsonObject in = new JsonObject();
        in.addProperty("txid", input.outPoint().txid().toHex());
        in.addProperty("index", input.outPoint().index());
        in.addProperty("schemeId", input.schemeId() & 0xff);
        in.addProperty("publicKey", HEX.formatHex(input.publicKey()));
        in.addProperty(
            "address", address(Address.fromEncodedPublicKey(input.schemeId(), input.publicKey())));
        inputs.add(in);
      }
    }
    json.add("inputs", inputs);
    JsonArray outputs = new JsonArray();
    int index = 0;
    for (TxOutput output : tx.outputs()) {
      JsonObject out = new JsonObject();
      out.addProperty("index", index++);
      out.addProperty("amount", output.amount().atoms());
      out.addProperty("address", address(output.address()));
      outputs.add(out);
    }
    json.add("outputs", outputs);
    return json;
  }

  static JsonObject peer(Peer peer) {
    JsonObject json = new JsonObject();
    json.addProperty("nodeId", peer.nodeId().toHex());
    json.addProperty("address", peer.address().toString());
    json.addProperty("listenAddress", peer.listenAddress().map(Object::toString).orElse(null));
    json.addProperty("inbound", peer.isInbound());
    json.addProperty("static", peer.isStatic());
    json.addProperty("connectedAt", peer.connectedAt().getEpochSecond());
    json.addProperty("rttMs", peer.rtt().map(d -> d.toNanos() / 1e6).orElse(null));
    JsonArray protocols = new JsonArray();
    peer.protocols().forEach(p -> protocols.add(p.toString()));
    json.add("protocols", protocols);
    return json;
  }
}
