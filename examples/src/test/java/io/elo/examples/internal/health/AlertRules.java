package io.elo.examples.internal.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the alert names and expressions of a Prometheus rules file written in the shape of
 * docs/alerts.yml ({@code - alert: Name} followed by {@code expr: ...} on one line).
 */
final class AlertRules {
  private AlertRules() {}

  /** Alert name to expression, in file order. */
  static Map<String, String> read(Path file) throws IOException {
    Map<String, String> rules = new LinkedHashMap<>();
    String alert = null;
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("- alert:")) {
        alert = unquote(line.substring("- alert:".length()));
      } else if (line.startsWith("expr:") && alert != null) {
        rules.put(alert, unquote(line.substring("expr:".length())));
        alert = null;
      }
    }
    return rules;
  }

  private static String unquote(String text) {
    String s = text.strip();
    if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"")
        || s.startsWith("'") && s.endsWith("'"))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }
}
