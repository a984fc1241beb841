package io.elo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elo.architecture.PublicApiRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** This module's public surface follows DESIGN.md (see {@link PublicApiRules}). */
class ArchitectureTest {
  @Test
  void publicApi_exposesNoThirdPartyTypes() throws IOException {
    assertEquals(
        List.of(), PublicApiRules.check(Path.of("target/classes"), Set.of("io.elo.examples")));
  }
}
