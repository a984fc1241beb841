package io.elo.examples.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.elo.model.Block;
import io.elo.validation.TestChainBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium: the tip height and hash the page shows equal the REST
 * values taken within 2 s of the page's DOM dump, and a longer run shows more chart points. Skipped
 * when no {@code chromium} is installed ({@code .ci/run} installs it).
 */
@Timeout(180)
class DashboardIT {
  private static final Pattern TIP_HEIGHT = Pattern.compile("id=\"tip-height\"[^>]*>([^<]*)<");
  private static final Pattern TIP_HASH = Pattern.compile("id=\"tip-hash\"[^>]*>([^<]*)<");

  @TempDir Path profile;

  @Test
  void page_showsTheRestTip_andChartsGainPoints() throws Exception {
    Optional<String> chromium = findChromium();
    Assumptions.assumeTrue(chromium.isPresent(),
        "chromium is not installed: skipping the dashboard test (apt-get install chromium)");
    TestChainBuilder chain = TestChainBuilder.regtest();
    try (RestNode rest = RestNode.start()) {
      List<Block> blocks = chain.extend(chain.genesis(), 12);
      rest.submit(blocks);

      String first = dump(chromium.get(), rest, 2_500);
      long dumpedAt = System.nanoTime();
      JsonObject status = rest.get("/api/v1/status").json();
      assertTrue(System.nanoTime() - dumpedAt < TimeUnit.SECONDS.toNanos(2), "REST within 2 s");
      assertEquals(status.get("height").getAsString(), find(TIP_HEIGHT, first), first);
      assertEquals(status.get("tipHash").getAsString(), find(TIP_HASH, first));
      int pointsBefore = points(first, "chart-mempool");
      assertTrue(pointsBefore >= 1, "the first poll drew a point: " + pointsBefore);

      rest.submit(List.of(chain.on(blocks.get(11)).build()));
      String second = dump(chromium.get(), rest, 6_000);
      dumpedAt = System.nanoTime();
      status = rest.get("/api/v1/status").json();
      assertTrue(System.nanoTime() - dumpedAt < TimeUnit.SECONDS.toNanos(2), "REST within 2 s");
      assertEquals("13", find(TIP_HEIGHT, second));
      assertEquals(status.get("height").getAsString(), find(TIP_HEIGHT, second));
      assertEquals(status.get("tipHash").getAsString(), find(TIP_HASH, second));
      for (String chart : List.of("chart-mempool", "chart-txrate", "chart-propagation")) {
        assertTrue(points(second, chart) > pointsBefore,
            chart + ": " + points(second, chart) + " points after a longer run, "
                + pointsBefore + " before");
      }
      assertTrue(second.contains(blocks.get(11).hash().toHex()), "recent blocks listed");
    }
  }

  private String dump(String chromium, RestNode rest, int virtualMillis) throws Exception {
    Path out = Files.createTempFile(profile, "dom", ".html");
    ProcessBuilder builder =
        new ProcessBuilder(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + profile.resolve("chrome"),
                "--virtual-time-budget=" + virtualMillis,
                "--dump-dom",
                rest.base().resolve("/").toString())
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish");
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(dom.contains("tip-height"), "chromium dumped the page: " + dom);
    return dom;
  }

  private static String find(Pattern pattern, String dom) {
    Matcher m = pattern.matcher(dom);
    assertTrue(m.find(), "no " + pattern + " in the page");
    return m.group(1).strip();
  }

  private static int points(String dom, String id) {
    Matcher tag = Pattern.compile("<canvas[^>]*id=\"" + id + "\"[^>]*>").matcher(dom);
    assertTrue(tag.find(), "no canvas " + id);
    Matcher points = Pattern.compile("data-points=\"(\\d+)\"").matcher(tag.group());
    assertTrue(points.find(), "no data-points on " + id);
    return Integer.parseInt(points.group(1));
  }

  private static Optional<String> findChromium() throws IOException {
    for (String name : List.of("chromium", "chromium-browser")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate.toString());
        }
      }
    }
    return Optional.empty();
  }
}
