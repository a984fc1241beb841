package io.elo.examples.internal.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * One node's state as the live table shows it, read from its REST API ({@code status}, {@code
 * stats} and the recent {@code blocks} with their arrival times).
 *
 * @param up whether the node answered
 * @param height tip height
 * @param tipHash tip hash (hex)
 * @param peers connected peers
 * @param mempool mempool transactions
 * @param confirmedTps confirmed transactions per second (last 60 s)
 * @param arrivals arrival time (ms) of each recent block, by hash
 */
record NodeSnapshot(
    boolean up,
    int height,
    String tipHash,
    int peers,
    int mempool,
    double confirmedTps,
    Map<String, Long> arrivals) {
  static final NodeSnapshot DOWN = new NodeSnapshot(false, -1, "", 0, 0, 0, Map.of());

  /** Asks {@code client}; {@link #DOWN} if it does not answer. */
  static NodeSnapshot poll(RestClient client) {
    try {
      JsonObject status = client.getOk("/api/v1/status");
      JsonObject stats = client.get("/api/v1/stats").body();
      JsonObject blocks = client.getOk("/api/v1/blocks?limit=10");
      Map<String, Long> arrivals = new HashMap<>();
      for (JsonElement e : blocks.getAsJsonArray("blocks")) {
        JsonObject b = e.getAsJsonObject();
        if (b.has("receivedAtMs")) {
          arrivals.put(b.get("hash").getAsString(), b.get("receivedAtMs").getAsLong());
        }
      }
      return new NodeSnapshot(
          true,
          status.get("height").getAsInt(),
          status.get("tipHash").getAsString(),
          status.get("peers").getAsInt(),
          status.get("mempoolSize").getAsInt(),
          stats.has("txPerSecond") ? stats.get("txPerSecond").getAsDouble() : 0,
          Map.copyOf(arrivals));
    } catch (RuntimeException e) {
      return DOWN;
    }
  }
}
