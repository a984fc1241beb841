package io.elo.examples.internal.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromQlTest {
  private static final List<PromQl.Sample> SAMPLES =
      PromQl.parseScrape(
          "# HELP a_gauge x\n"
              + "# TYPE a_gauge gauge\n"
              + "a_gauge 1.0\n"
              + "b_gauge 7.5\n"
              + "requests_total{status=\"200\"} 3.0\n"
              + "requests_total{status=\"500\",path=\"/x\"} 1.0 1700000000\n");

  private static int count(String expr) {
    return PromQl.evaluate(expr, SAMPLES).size();
  }

  @Test
  void parseScrape_readsNamesLabelsAndValues() {
    assertEquals(4, SAMPLES.size());
    assertEquals("500", SAMPLES.get(3).labels().get("status"));
    assertEquals(7.5, SAMPLES.get(1).value());
  }

  @Test
  void comparisons_filterSamples() {
    assertEquals(1, count("a_gauge == 1"));
    assertEquals(0, count("a_gauge == 0"));
    assertEquals(1, count("b_gauge > 7"));
    assertEquals(0, count("b_gauge <= 7"));
    assertEquals(2, count("requests_total >= 1"));
    assertEquals(0, count("missing_metric"));
  }

  @Test
  void labelMatchers_selectSeries() {
    assertEquals(1, count("requests_total{status=\"500\"}"));
    assertEquals(1, count("requests_total{status!=\"500\"}"));
    assertEquals(0, count("requests_total{status=\"404\"}"));
  }

  @Test
  void andOr_combineByLabelSet() {
    assertEquals(1, count("a_gauge == 1 and b_gauge > 7"));
    assertEquals(0, count("a_gauge == 1 and b_gauge > 8"));
    assertEquals(1, count("a_gauge == 0 or b_gauge > 7"));
    assertEquals(0, count("a_gauge == 1 and requests_total{status=\"200\"}"), "labels differ");
  }

  @Test
  void unsupportedSyntax_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> count("rate(a_gauge[5m]) > 1"));
  }
}
