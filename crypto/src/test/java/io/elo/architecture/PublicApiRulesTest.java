package io.elo.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elo.architecture.fixture.CleanApi;
import io.elo.architecture.fixture.LeakyApi;
import io.elo.architecture.fixture.LeakyBase;
import io.elo.architecture.fixture.internal.InternalLeak;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Negative and positive proofs that {@link PublicApiRules} catches leaks and only leaks. */
class PublicApiRulesTest {
  private static final Set<String> FIXTURE_API = Set.of("io.elo.architecture.fixture");

  @Test
  void guavaAndBouncyCastleInPublicSignatures_areReported() {
    List<String> violations = PublicApiRules.check(List.of(LeakyApi.class), FIXTURE_API);
    assertEquals(3, violations.size(), violations.toString());
    assertTrue(violations.stream().anyMatch(v -> v.contains("names() returns exposes com.google.common")));
    assertTrue(violations.stream().anyMatch(v -> v.contains("accept() parameter exposes org.bouncycastle")));
    assertTrue(violations.stream().anyMatch(v -> v.contains("NUMBERS exposes com.google.common")));
  }

  @Test
  void thirdPartySuperclass_isReported() {
    List<String> violations = PublicApiRules.check(List.of(LeakyBase.class), FIXTURE_API);
    assertTrue(violations.stream().anyMatch(v -> v.contains("extends exposes com.google.common")), violations.toString());
  }

  @Test
  void hiddenUsesAndInternalPackages_areAllowed() {
    List<Class<?>> classes =
        List.of(CleanApi.class, InternalLeak.class, helper());
    assertEquals(List.of(), PublicApiRules.check(classes, FIXTURE_API));
  }

  @Test
  void publicClassOutsideApiPackages_isReported() {
    List<String> violations = PublicApiRules.check(List.of(CleanApi.class), Set.of("io.elo.other"));
    assertEquals(1, violations.size(), violations.toString());
    assertTrue(violations.get(0).contains("outside the API packages"));
  }

  private static Class<?> helper() {
    try {
      return Class.forName("io.elo.architecture.fixture.CleanApi$Helper", false, PublicApiRulesTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
