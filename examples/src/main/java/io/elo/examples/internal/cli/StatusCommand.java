package io.elo.examples.internal.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code elo status}: a running node's status and health, through its REST API. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows a running node's network, height, tip, sync state, peers, mempool and health"
          + " (GET /api/v1/status and /api/v1/health).",
      "",
      "Example: elo status --rest 127.0.0.1:8080"
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RestOption rest;

  @Option(names = "--json", description = "Print the raw status JSON.")
  boolean json;

  @Option(names = "--verbose", description = "Stack traces on failure.")
  boolean verbose;

  @Override
  public Integer call() {
    RestClient client = rest.client();
    JsonObject status = client.getOk("/api/v1/status");
    RestClient.Reply health = client.get("/api/v1/health");
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      status.add("health", health.body());
      out.println(status);
      return 0;
    }
    out.printf("node       %s%n", text(status, "nodeId"));
    out.printf("network    %s%n", text(status, "network"));
    out.printf("listen     %s%n", text(status, "listenAddress"));
    out.printf("height     %s (best header %s, %s)%n", text(status, "height"),
        text(status, "bestHeaderHeight"),
        status.has("synced") && status.get("synced").getAsBoolean() ? "synced" : "syncing");
    out.printf("tip        %s%n", text(status, "tipHash"));
    out.printf("peers      %s%n", text(status, "peers"));
    out.printf("mempool    %s transactions%n", text(status, "mempoolSize"));
    out.printf("producing  %s%n", text(status, "blockProduction"));
    String healthText = text(health.body(), "status");
    if (health.body().has("reasons") && health.body().getAsJsonArray("reasons").size() > 0) {
      healthText += " " + health.body().getAsJsonArray("reasons");
    }
    out.printf("health     %s%n", healthText);
    return 0;
  }

  static String text(JsonObject o, String field) {
    return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : "-";
  }
}
