package io.elo.examples.internal.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.elo.crypto.Hash;
import io.elo.mempool.AdmissionResult;
import io.elo.mempool.Mempool;
import io.elo.mempool.MempoolEntry;
import io.elo.model.Block;
import io.elo.model.DecodeException;
import io.elo.model.Height;
import io.elo.model.Transaction;
import io.elo.node.Node;
import io.elo.sync.SyncStatus;
import io.elo.validation.ChainTip;
import io.elo.validation.StoreException;
import io.elo.validation.TxLocation;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Status, blocks, transactions, transaction submission, mempool and sync state. */
final class ChainEndpoints {
  /** Largest {@code limit} of the recent-blocks list. */
  static final int MAX_RECENT_BLOCKS = 100;

  /** Largest {@code limit} of the mempool's txid list. */
  static final int MAX_MEMPOOL_TXIDS = 1000;

  private final Node node;
  private final Json json;
  private final ChainQueries queries;
  private final ChainActivity activity;
  private final RestOptions options;

  ChainEndpoints(
      Node node, Json json, ChainQueries queries, ChainActivity activity, RestOptions options) {
    this.node = node;
    this.json = json;
    this.queries = queries;
    this.activity = activity;
    this.options = options;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/api/v1/status", r -> Response.ok(status())),
        Route.of("GET", "/api/v1/blocks", this::recentBlocks),
        Route.of("GET", "/api/v1/blocks/{id}", this::block),
        Route.of("GET", "/api/v1/transactions/{txid}", this::transaction),
        Route.of("POST", "/api/v1/transactions", this::submit),
        Route.of("GET", "/api/v1/mempool", this::mempool),
        Route.of("GET", "/api/v1/sync", r -> Response.ok(sync())),
        Route.of("GET", "/api/v1/utxo-digest", r -> Response.ok(utxoDigest())));
  }

  JsonObject status() {
    ChainTip tip = node.tip();
    SyncStatus sync = node.syncStatus();
    JsonObject out = new JsonObject();
    out.addProperty("network", node.params().name());
    out.addProperty("nodeId", node.nodeId().toHex());
    out.addProperty("listenAddress", node.listenAddress().map(Object::toString).orElse(null));
    out.addProperty("height", tip.height().value());
    out.addProperty("tipHash", tip.hash().toHex());
    out.addProperty("tipTime", tip.header().timestamp());
    out.addProperty("bestHeaderHeight", sync.bestHeaderHeight().value());
    out.addProperty("synced", sync.isSynced());
    out.addProperty("peers", node.peers().size());
    out.addProperty("mempoolSize", node.mempoolSize());
    out.addProperty(
        "blockProduction",
        options.blockProduction().map(c -> c.isProducing() ? "on" : "off").orElse("unavailable"));
    out.addProperty("time", options.clock().instant().toEpochMilli());
    return out;
  }

  private JsonObject sync() {
    SyncStatus sync = node.syncStatus();
    JsonObject out = new JsonObject();
    out.addProperty("tipHash", sync.tipHash().toHex());
    out.addProperty("tipHeight", sync.tipHeight().value());
    out.addProperty("bestHeaderHash", sync.bestHeaderHash().toHex());
    out.addProperty("bestHeaderHeight", sync.bestHeaderHeight().value());
    out.addProperty("synced", sync.isSynced());
    out.addProperty("blocksInFlight", sync.blocksInFlight());
    out.addProperty("blocksQueued", sync.blocksQueued());
    out.addProperty("peers", sync.peers());
    out.addProperty("presyncingPeers", sync.presyncingPeers());
    return out;
  }

  /**
   * The UTXO set digest with the tip it belongs to. The digest reads every coin, so it is its own
   * endpoint rather than a status field; a tip that moved meanwhile is retried so the pair agrees.
   */
  private JsonObject utxoDigest() throws StoreException {
    for (int attempt = 0; ; attempt++) {
      ChainTip before = node.tip();
      Hash digest = node.chainState().utxoDigest();
      ChainTip after = node.tip();
      if (before.hash().equals(after.hash()) || attempt == 4) {
        JsonObject out = new JsonObject();
        out.addProperty("tipHash", after.hash().toHex());
        out.addProperty("height", after.height().value());
        out.addProperty("utxoDigest", digest.toHex());
        out.addProperty("consistent", before.hash().equals(after.hash()));
        return out;
      }
    }
  }

  private Response recentBlocks(Request request) throws StoreException {
    int limit = request.intQuery("limit", 10, 1, MAX_RECENT_BLOCKS);
    ChainTip tip = node.tip();
    JsonArray blocks = new JsonArray();
    for (int h = tip.height().value(); h >= 0 && blocks.size() < limit; h--) {
      Optional<Block> block = node.blockAt(Height.of(h));
      if (block.isEmpty()) {
        break; // a reorg shortened the chain meanwhile
      }
      JsonObject summary =
          json.header(block.get().header(), block.get().hash(), Height.of(h));
      summary.addProperty("txCount", block.get().transactions().size());
      summary.addProperty("size", block.get().size());
      activity
          .arrival(block.get().hash())
          .ifPresent(t -> summary.addProperty("receivedAtMs", t.toEpochMilli()));
      blocks.add(summary);
    }
    JsonObject out = new JsonObject();
    out.addProperty("height", tip.height().value());
    out.add("blocks", blocks);
    return Response.ok(out);
  }

  private Response block(Request request) throws StoreException {
    String id = request.param("id");
    Optional<Block> block;
    if (id.length() == 2 * Hash.LENGTH) {
      block = node.block(Params.hash(id, "block hash"));
    } else if (!id.isEmpty() && id.length() <= 10 && id.chars().allMatch(Character::isDigit)) {
      long height = Long.parseLong(id);
      block = height > Integer.MAX_VALUE ? Optional.empty() : node.blockAt(Height.of((int) height));
    } else {
      throw ApiException.badRequest(
          "bad-block-id", "a block is named by its 64-hex-digit hash or a decimal height");
    }
    if (block.isEmpty()) {
      throw ApiException.notFound("no block " + id);
    }
    Block b = block.get();
    if (request.query("format").filter("hex"::equals).isPresent()) {
      JsonObject out = new JsonObject();
      out.addProperty("hash", b.hash().toHex());
      out.addProperty("hex", Json.HEX.formatHex(b.encode()));
      return Response.ok(out);
    }
    Optional<ChainTip> chain = node.chainState().chain(b.hash());
    Height height = chain.map(ChainTip::height).orElse(Height.ZERO);
    boolean best = node.chainState().isOnBestChain(b.hash());
    int confirmations = best ? node.tip().height().value() - height.value() + 1 : 0;
    boolean verbose = request.query("verbose").filter("true"::equals).isPresent();
    JsonObject out = json.block(b, height, confirmations, verbose);
    out.addProperty("bestChain", best);
    activity.arrival(b.hash()).ifPresent(t -> out.addProperty("receivedAtMs", t.toEpochMilli()));
    return Response.ok(out);
  }

  private Response transaction(Request request) throws StoreException {
    Hash txid = Params.hash(request.param("txid"), "txid");
    Optional<Transaction> pooled = node.mempool().transaction(txid);
    if (pooled.isPresent()) {
      JsonObject out = json.transaction(pooled.get());
      out.addProperty("status", "mempool");
      out.addProperty("hex", Json.HEX.formatHex(pooled.get().encode()));
      return Response.ok(out);
    }
    Optional<TxLocation> location = queries.location(txid);
    Optional<Block> block =
        location.isPresent() ? node.block(location.get().block()) : Optional.empty();
    if (block.isEmpty()) {
      throw ApiException.notFound("no transaction " + txid.toHex() + " in the mempool or chain");
    }
    Transaction tx = block.get().transactions().get(location.get().position());
    JsonObject out = json.transaction(tx);
    out.addProperty("status", "confirmed");
    out.addProperty("block", location.get().block().toHex());
    out.addProperty("height", location.get().height().value());
    out.addProperty(
        "confirmations", node.tip().height().value() - location.get().height().value() + 1);
    out.addProperty("hex", Json.HEX.formatHex(tx.encode()));
    return Response.ok(out);
  }

  private Response submit(Request request) {
    String hex = Request.requiredString(request.jsonBody(), "hex");
    Transaction tx;
    try {
      tx = Transaction.decode(Params.hex(hex, "hex"));
    } catch (DecodeException e) {
      throw ApiException.badRequest("bad-transaction", "not a transaction: " + e.getMessage());
    }
    AdmissionResult result = node.submitTransaction(tx);
    JsonObject out = new JsonObject();
    out.addProperty("txid", result.txid().toHex());
    if (result instanceof AdmissionResult.Accepted accepted) {
      out.addProperty("result", "accepted");
      out.addProperty("fee", accepted.fee().atoms());
      out.add("replaced", Json.hashes(accepted.replaced()));
    } else if (result instanceof AdmissionResult.AlreadyKnown) {
      out.addProperty("result", "already-known");
    } else if (result instanceof AdmissionResult.Orphan) {
      // Only transactions relayed by peers wait as orphans; a local one is refused instead.
      throw new IllegalStateException("a local submission became an orphan: " + result.txid());
    } else {
      AdmissionResult.Rejected rejected = (AdmissionResult.Rejected) result;
      // The constant's name in the API's error-code style: MISSING_INPUTS -> missing-inputs.
      Enum<?> cause = rejected.invalidReason().isPresent()
          ? rejected.invalidReason().get() : rejected.reason();
      String reason = cause.name().toLowerCase(Locale.ROOT).replace('_', '-');
      JsonObject error = Router.errorJson(400, "tx-rejected",
          "transaction rejected: " + reason + ": " + rejected.message());
      error.addProperty("txid", rejected.txid().toHex());
      error.addProperty("reason", reason);
      return Response.json(400, error);
    }
    return Response.ok(out);
  }

  private Response mempool(Request request) {
    int limit = request.intQuery("limit", 100, 0, MAX_MEMPOOL_TXIDS);
    Mempool mempool = node.mempool();
    JsonObject out = new JsonObject();
    out.addProperty("size", mempool.size());
    out.addProperty("bytes", mempool.bytes());
    out.addProperty("orphans", mempool.orphanCount());
    out.addProperty("minimumFeeRate", mempool.minimumFeeRate().atomsPerKb());
    out.addProperty("dustThreshold", mempool.dustThreshold().atoms());
    JsonArray txs = new JsonArray();
    mempool.entries().stream()
        .sorted(Comparator.comparing(MempoolEntry::ancestorFeeRate).reversed())
        .limit(limit)
        .forEach(
            e -> {
              JsonObject tx = new JsonObject();
              tx.addProperty("txid", e.transaction().txid().toHex());
              tx.addProperty("size", e.transaction().size());
              tx.addProperty("fee", e.fee().atoms());
              tx.addProperty("feeRate", e.feeRate().atomsPerKb());
              tx.addProperty("added", e.added().getEpochSecond());
              txs.add(tx);
            });
    out.add("transactions", txs);
    return Response.ok(out);
  }
}
