package io.elo.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TargetPropertyTest {
  /** Any accepted compact value decodes to a target whose compact form decodes to the same. */
  @Property(tries = 10000)
  void fromCompact_acceptedValuesRoundTrip(@ForAll int bits) {
    Optional<Target> target = Target.tryFromCompact(bits);
    target.ifPresent(
        t -> {
          int canonical = t.toCompact();
          assertEquals(0, canonical & 0x00800000, "GetCompact never sets the sign bit");
          assertEquals(t, Target.fromCompact(canonical));
        });
  }

  /** toCompact keeps the top 23 bits: the decoded value is at most the original, within 2^-15. */
  @Property(tries = 10000)
  void toCompact_truncatesToTheTopBits(
      @ForAll long low, @ForAll @IntRange(min = 0, max = 192) int shift) {
    BigInteger value = BigInteger.valueOf(low).abs().add(BigInteger.ONE).shiftLeft(shift);
    Target target = Target.of(value);
    Target decoded = Target.fromCompact(target.toCompact());
    assertTrue(decoded.compareTo(target) <= 0);
    BigInteger lost = value.subtract(decoded.value());
    assertTrue(lost.shiftLeft(15).compareTo(value) <= 0, "lost " + lost + " of " + value);
  }
}
