package io.elo.examples.internal.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of PromQL the alert rules use, evaluated against one scrape in the Prometheus text
 * format: a metric name with optional {@code =} / {@code !=} label matchers, an optional comparison
 * with a number ({@code == != > < >= <=}, filtering), joined with {@code and} / {@code or} (label
 * sets matched exactly, {@code and} binding tighter). A rule fires when its result is non-empty.
 */
final class PromQl {
  /** One sample: metric name, labels, value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)(\\s+\\S+)?$");
  private static final Pattern LABEL =
      Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=|!=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");
  private static final Pattern TOKEN =
      Pattern.compile(
          "\\s*([a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})?|==|!=|>=|<=|>|<|[-+]?[0-9.eE+]+)");

  private PromQl() {}

  /** Parses the Prometheus text exposition format. */
  static List<Sample> parseScrape(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = m.group(3) == null ? Map.of() : labels(m.group(3), null);
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
    return samples;
  }

  /** Evaluates {@code expr} against {@code samples}. */
  static List<Sample> evaluate(String expr, List<Sample> samples) {
    List<Sample> result = null;
    for (String alternative : expr.split("\\s+or\\s+")) {
      List<Sample> conjunction = null;
      for (String term : alternative.split("\\s+and\\s+")) {
        List<Sample> value = comparison(term.strip(), samples);
        conjunction = conjunction == null ? value : and(conjunction, value);
      }
      result = result == null ? conjunction : or(result, conjunction);
    }
    return result;
  }

  private static List<Sample> comparison(String term, List<Sample> samples) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(term);
    int end = 0;
    while (end < term.length() && m.find(end) && m.start() == end) {
      tokens.add(m.group(1));
      end = m.end();
    }
    if (end != term.length() || (tokens.size() != 1 && tokens.size() != 3)) {
      throw new IllegalArgumentException("unsupported expression: " + term);
    }
    List<Sample> selected = select(tokens.get(0), samples);
    if (tokens.size() == 1) {
      return selected;
    }
    String op = tokens.get(1);
    double bound = Double.parseDouble(tokens.get(2));
    List<Sample> kept = new ArrayList<>();
    for (Sample s : selected) {
      boolean keep =
          switch (op) {
            case "==" -> s.value() == bound;
            case "!=" -> s.value() != bound;
            case ">" -> s.value() > bound;
            case "<" -> s.value() < bound;
            case ">=" -> s.value() >= bound;
            case "<=" -> s.value() <= bound;
            default -> throw new IllegalArgumentException("unsupported operator " + op);
          };
      if (keep) {
        kept.add(s);
      }
    }
    return kept;
  }

  private static List<Sample> select(String selector, List<Sample> samples) {
    int brace = selector.indexOf('{');
    String name = brace < 0 ? selector : selector.substring(0, brace);
    Map<String, String> negated = new HashMap<>();
    Map<String, String> wanted =
        brace < 0
            ? Map.of()
            : labels(selector.substring(brace + 1, selector.length() - 1), negated);
    List<Sample> selected = new ArrayList<>();
    for (Sample s : samples) {
      if (!s.name().equals(name)) {
        continue;
      }
      boolean ok = true;
      for (Map.Entry<String, String> e : wanted.entrySet()) {
        ok &= e.getValue().equals(s.labels().getOrDefault(e.getKey(), ""));
      }
      for (Map.Entry<String, String> e : negated.entrySet()) {
        ok &= !e.getValue().equals(s.labels().getOrDefault(e.getKey(), ""));
      }
      if (ok) {
        selected.add(s);
      }
    }
    return selected;
  }

  /** Parses {@code a="x",b!="y"}; with {@code negated} null only {@code =} is allowed. */
  private static Map<String, String> labels(String text, Map<String, String> negated) {
    Map<String, String> labels = new HashMap<>();
    Matcher m = LABEL.matcher(text);
    int end = 0;
    while (end < text.length() && m.find(end) && m.start() == end) {
      String value = m.group(3).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
      if (m.group(2).equals("!=")) {
        if (negated == null) {
          throw new IllegalArgumentException("!= in a sample: " + text);
        }
        negated.put(m.group(1), value);
      } else {
        labels.put(m.group(1), value);
      }
      end = m.end();
    }
    if (end != text.length() && !text.substring(end).isBlank()) {
      throw new IllegalArgumentException("bad labels: " + text);
    }
    return labels;
  }

  private static List<Sample> and(List<Sample> left, List<Sample> right) {
    List<Sample> out = new ArrayList<>();
    for (Sample l : left) {
      if (right.stream().anyMatch(r -> r.labels().equals(l.labels()))) {
        out.add(l);
      }
    }
    return out;
  }

  private static List<Sample> or(List<Sample> left, List<Sample> right) {
    List<Sample> out = new ArrayList<>(left);
    for (Sample r : right) {
      if (left.stream().noneMatch(l -> l.labels().equals(r.labels()))) {
        out.add(r);
      }
    }
    return out;
  }
}
