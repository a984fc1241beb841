package io.elo.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The options of an {@code elo bench} command: {@code --name value} for the names it declares,
 * {@code --name} alone for its switches, and {@code --help} ({@code -h}) always. Anything else, or
 * a malformed value, throws {@link IllegalArgumentException} (the launcher prints it and exits 2).
 */
final class Flags {
  private final Map<String, String> values;
  private final Set<String> switches;

  private Flags(Map<String, String> values, Set<String> switches) {
    this.values = values;
    this.switches = switches;
  }

  /** Parses {@code args} against the option names taking a value and the switches. */
  static Flags parse(String[] args, Set<String> valued, Set<String> switchNames) {
    Map<String, String> values = new HashMap<>();
    Set<String> switches = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        switches.add("--help");
      } else if (switchNames.contains(a)) {
        switches.add(a);
      } else if (valued.contains(a)) {
        checkArgument(i + 1 < args.length, "%s needs a value", a);
        values.put(a, args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option " + a);
      }
    }
    return new Flags(values, switches);
  }

  /** Whether switch {@code name} (or {@code --help}) was given. */
  boolean has(String name) {
    return switches.contains(name);
  }

  /** The value of {@code name}, or {@code fallback}. */
  String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The integer value of {@code name}, or {@code fallback}. */
  int integer(String name, int fallback) {
    return number(name, fallback, Integer::parseInt);
  }

  /** The long value of {@code name}, or {@code fallback}. */
  long longValue(String name, long fallback) {
    return number(name, fallback, Long::parseLong);
  }

  /** The value of {@code name} in seconds ({@link #seconds(String)}), or {@code fallback}. */
  double seconds(String name, double fallback) {
    return number(name, fallback, Flags::seconds);
  }

  /** The comma-separated values of {@code name}, each converted, or {@code fallback}. */
  <T> List<T> list(String name, List<T> fallback, Function<String, T> convert) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    List<T> list = new ArrayList<>();
    for (String part : v.split(",")) {
      list.add(convert.apply(part.trim()));
    }
    checkArgument(!list.isEmpty(), "%s needs at least one value", name);
    return List.copyOf(list);
  }

  private <T> T number(String name, T fallback, Function<String, T> parse) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return parse.apply(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a number: " + v);
    }
  }

  /** Seconds of {@code text}: a number of seconds or a {@link Duration} like 90s, 3m, 1h. */
  static double seconds(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    double s;
    if (t.endsWith("ms")) {
      s = Double.parseDouble(t.substring(0, t.length() - 2)) / 1000;
    } else if (t.endsWith("s")) {
      s = Double.parseDouble(t.substring(0, t.length() - 1));
    } else if (t.endsWith("m")) {
      s = Double.parseDouble(t.substring(0, t.length() - 1)) * 60;
    } else if (t.endsWith("h")) {
      s = Double.parseDouble(t.substring(0, t.length() - 1)) * 3600;
    } else {
      s = Double.parseDouble(t);
    }
    checkArgument(s > 0, "duration must be positive: %s", text);
    return s;
  }
}
