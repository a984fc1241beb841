package io.elo.validation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A test clock that moves only when told to. Thread-safe. A shared test fixture. */
public final class MutableClock implements InstantSource {
  private volatile Instant now;

  /** Starts the clock at {@code start}. */
  public MutableClock(Instant start) {
    this.now = requireNonNull(start, "start");
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Sets the time. */
  public void set(Instant time) {
    now = requireNonNull(time, "time");
  }

  /** Moves the time forward by {@code duration}. */
  public void advance(Duration duration) {
    now = now.plus(duration);
  }
}
