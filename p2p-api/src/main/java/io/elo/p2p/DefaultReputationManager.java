package io.elo.p2p;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default {@link ReputationManager}: a misbehaviour score per node id that decays
 * exponentially, with the thresholds of docs/p2p.md.
 *
 * <table>
 *   <caption>Points per report</caption>
 *   <tr><th>severity</th><th>points</th></tr>
 *   <tr><td>{@link Severity#MINOR}</td><td>{@value #MINOR_POINTS}</td></tr>
 *   <tr><td>{@link Severity#MAJOR}</td><td>{@value #MAJOR_POINTS}</td></tr>
 *   <tr><td>{@link Severity#SERIOUS}</td><td>{@value #BAN_THRESHOLD} (an immediate ban)</td></tr>
 * </table>
 *
 * <p>A score of {@value #DISCONNECT_THRESHOLD} or more disconnects; {@value #BAN_THRESHOLD} or more
 * bans. Scores halve every half-life (10 minutes by default), so minor faults add up only when
 * they come quickly. At most {@value #MAX_TRACKED} node ids are tracked; beyond that the least
 * recently reported is forgotten. Thread-safe.
 */
public final class DefaultReputationManager implements ReputationManager {
  /** Points for a {@link Severity#MINOR} report. */
  public static final int MINOR_POINTS = 5;
  /** Points for a {@link Severity#MAJOR} report. */
  public static final int MAJOR_POINTS = 30;
  /** Score from which the peer is disconnected. */
  public static final int DISCONNECT_THRESHOLD = 50;
  /** Score from which the peer is banned. */
  public static final int BAN_THRESHOLD = 100;
  /** Node ids tracked at most. */
  public static final int MAX_TRACKED = 10_000;

  /** The default ban duration: 24 hours, as Bitcoin Core. */
  public static final Duration DEFAULT_BAN_DURATION = Duration.ofHours(24);
  /** The default score half-life: 10 minutes. */
  public static final Duration DEFAULT_HALF_LIFE = Duration.ofMinutes(10);

  private static final class Score {
    double value;
    Instant at;

    Score(Instant at) {
      this.at = at;
    }
  }

  private final Duration banDuration;
  private final double halfLifeSeconds;
  private final Map<NodeId, Score> scores =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, Score> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  private DefaultReputationManager(Duration banDuration, Duration halfLife) {
    checkNotNull(banDuration);
    checkArgument(!banDuration.isNegative() && !banDuration.isZero(), "ban must last");
    checkArgument(!halfLife.isNegative() && !halfLife.isZero(), "half-life must be positive");
    this.banDuration = banDuration;
    this.halfLifeSeconds = halfLife.toNanos() / 1e9;
  }

  /** Returns a manager with the default ban duration and half-life. */
  public static DefaultReputationManager withDefaults() {
    return new DefaultReputationManager(DEFAULT_BAN_DURATION, DEFAULT_HALF_LIFE);
  }

  /** Returns a manager with the given ban duration and score half-life. */
  public static DefaultReputationManager of(Duration banDuration, Duration halfLife) {
    return new DefaultReputationManager(banDuration, halfLife);
  }

  @Override
  public synchronized Action report(NodeId peer, Severity severity, Instant now) {
    Score score = scores.computeIfAbsent(peer, p -> new Score(now));
    decay(score, now);
    score.value +=
        switch (severity) {
          case MINOR -> MINOR_POINTS;
          case MAJOR -> MAJOR_POINTS;
          case SERIOUS -> BAN_THRESHOLD;
        };
    if (score.value >= BAN_THRESHOLD) {
      // The ban itself keeps the peer out; start afresh when it ends.
      scores.remove(peer);
      return Action.BAN;
    }
    return score.value >= DISCONNECT_THRESHOLD ? Action.DISCONNECT : Action.NONE;
  }

  @Override
  public synchronized double score(NodeId peer, Instant now) {
    Score score = scores.get(peer);
    if (score == null) {
      return 0;
    }
    decay(score, now);
    return score.value;
  }

  @Override
  public Duration banDuration() {
    return banDuration;
  }

  private void decay(Score score, Instant now) {
    double seconds = Duration.between(score.at, now).toNanos() / 1e9;
    if (seconds > 0) {
      score.value *= Math.pow(0.5, seconds / halfLifeSeconds);
      score.at = now;
    }
  }
}
