package io.elo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagsTest {
  private static Flags parse(String... args) {
    return Flags.parse(args, Set.of("--runs", "--keys", "--duration"), Set.of("--fast"));
  }

  @Test
  void parse_readsValuesSwitchesAndFallbacks() {
    Flags f = parse("--runs", "5", "--fast", "--keys", "one, distinct", "--duration", "3m");

    assertEquals(5, f.integer("--runs", 3));
    assertTrue(f.has("--fast"));
    assertFalse(f.has("--help"));
    assertEquals(
        List.of(KeyMode.ONE, KeyMode.DISTINCT), f.list("--keys", List.of(), KeyMode::parse));
    assertEquals(180, f.seconds("--duration", 10), 1e-9);
    assertEquals(7, parse().integer("--runs", 7));
    assertNull(parse().list("--keys", null, KeyMode::parse));
    assertTrue(parse("-h").has("--help"));
  }

  @Test
  void parse_rejectsUnknownOptionsMissingValuesAndBadNumbers() {
    assertThrows(IllegalArgumentException.class, () -> parse("--nodes", "3"));
    assertThrows(IllegalArgumentException.class, () -> parse("--runs"));
    assertThrows(IllegalArgumentException.class, () -> parse("--runs", "x").integer("--runs", 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> parse("--keys", "two").list("--keys", null, KeyMode::parse));
    assertThrows(IllegalArgumentException.class, () -> Flags.seconds("0s"));
  }

  @Test
  void networkOptions_takeKeysAndSaturate() {
    BenchOptions o = BenchOptions.parse(new String[] {"--keys", "distinct", "--saturate"});

    assertEquals(KeyMode.DISTINCT, o.keys());
    assertTrue(o.saturate());
    assertEquals(KeyMode.ONE, BenchOptions.parse(new String[0]).keys());
    assertThrows(
        IllegalArgumentException.class,
        () -> BenchOptions.parse(new String[] {"--saturate", "--mode", "sim"}));
    assertEquals(90, Flags.seconds("90s"), 1e-9);
    assertEquals(0.5, Flags.seconds("500ms"), 1e-9);
    assertEquals(3600, Flags.seconds("1h"), 1e-9);
  }
}
