package io.elo.examples.internal.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations such as {@code 45s}, {@code 500ms}, {@code 2m}, {@code 1h} or {@code 30}. */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /** Parses {@code value}; a bare number is seconds. */
  static Duration parse(String value) {
    Matcher m = FORMAT.matcher(value.trim());
    if (!m.matches()) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (examples: 45s, 500ms, 2m, 1h)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** Formats {@code d} the way {@link #parse} reads it. */
  static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.getSeconds() + "s" : d.toMillis() + "ms";
  }
}
