package io.elo.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official aserti3-2d test vectors (resources/asert, see the README there), every stored line.
 *
 * <p>Runs with more than 250 iterations are stored truncated to their first 200 and last 50 lines.
 * The vectors use Bitcoin Cash mainnet parameters: 600-second spacing, a two-day half-life and
 * the pow limit 0x1d00ffff. Each line holds the parent's height and time and the expected bits of
 * the next block.
 */
class AsertVectorTest {
  private static final long SPACING = 600;
  private static final long HALF_LIFE = 2 * 24 * 3600;
  private static final int POW_LIMIT_BITS = 0x1d00ffff;
  private static final Pattern HEADER = Pattern.compile("^##\\s+([a-zA-Z ]+):\\s+(\\S+)$");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "run01", "run02", "run03", "run04", "run05", "run06", "run07", "run08", "run09", "run10"
      })
  void nextBits_matchesEveryVectorLine(String run) throws IOException {
    Vectors vectors = Vectors.load(run);
    List<String> mismatches = new ArrayList<>();
    for (Line line : vectors.lines) {
      // Run10's heights pass 2^63: then use heights relative to the anchor (only the difference
      // enters the algorithm).
      boolean fits = line.height.bitLength() < 64 && vectors.anchorHeight.bitLength() < 64;
      long anchorHeight = fits ? vectors.anchorHeight.longValueExact() : 0;
      long height =
          fits
              ? line.height.longValueExact()
              : line.height.subtract(vectors.anchorHeight).longValueExact();
      int actual =
          Asert.nextBits(
              anchorHeight,
              vectors.anchorParentTime,
              vectors.anchorBits,
              SPACING,
              HALF_LIFE,
              POW_LIMIT_BITS,
              height,
              line.time);
      if (actual != line.bits) {
        mismatches.add(
            String.format(
                "iteration %d: height %s time %d expected 0x%08x got 0x%08x",
                line.iteration, line.height, line.time, line.bits, actual));
      }
    }
    assertEquals(List.of(), mismatches.subList(0, Math.min(10, mismatches.size())), run);
    // Every stored line ran: all iterations, or the first 200 and last 50 of a truncated run.
    int expectedLines = vectors.iterations <= 250 ? vectors.iterations : 250;
    assertEquals(expectedLines, vectors.lines.size(), run + " line count");
    assertEquals(vectors.iterations, vectors.lines.get(vectors.lines.size() - 1).iteration, run);
  }

  private record Line(long iteration, BigInteger height, long time, int bits) {}

  private static final class Vectors {
    BigInteger anchorHeight;
    long anchorParentTime = -1;
    int anchorBits;
    int iterations;
    final List<Line> lines = new ArrayList<>();

    static Vectors load(String run) throws IOException {
      Vectors v = new Vectors();
      String text;
      try (InputStream in = AsertVectorTest.class.getResourceAsStream("/asert/" + run)) {
        assertNotNull(in, run);
        text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      }
      for (String line : text.split("\n")) {
        Matcher m = HEADER.matcher(line);
        if (m.matches()) {
          switch (m.group(1).trim()) {
            case "anchor height" -> v.anchorHeight = new BigInteger(m.group(2));
            case "anchor ancestor time" -> v.anchorParentTime = Long.parseLong(m.group(2));
            case "anchor nBits" ->
                v.anchorBits = Integer.parseUnsignedInt(m.group(2).substring(2), 16);
            case "iterations" -> v.iterations = Integer.parseInt(m.group(2));
            default -> {}
          }
        } else if (!line.isEmpty() && !line.startsWith("#")) {
          String[] f = line.trim().split(" ");
          assertEquals(4, f.length, line);
          v.lines.add(
              new Line(
                  Long.parseLong(f[0]),
                  new BigInteger(f[1]),
                  Long.parseLong(f[2]),
                  Integer.parseUnsignedInt(f[3].substring(2), 16)));
        }
      }
      assertTrue(v.anchorHeight != null && v.anchorParentTime >= 0 && v.iterations > 0, run);
      return v;
    }
  }
}
