package io.elo.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves {@link LayeringRules} on fixture reactors, then applies it to Elo's own reactor. */
class LayeringRulesTest {
  @TempDir Path root;

  @Test
  void eloReactor_followsDesignModuleGraph() throws IOException {
    // Surefire runs in the module folder; the aggregator POM is one level up.
    Path reactor = Path.of("").toAbsolutePath().getParent();
    assertEquals(List.of(), LayeringRules.check(reactor));
  }

  @Test
  void downwardDependencies_pass() throws IOException {
    reactor(List.of("crypto", "core-model"));
    module("crypto", List.of(), true);
    module("core-model", List.of("elo-crypto"), true);
    assertEquals(List.of(), LayeringRules.check(root));
  }

  @Test
  void dependencyOnHigherLayer_fails() throws IOException {
    reactor(List.of("crypto", "core-model"));
    module("crypto", List.of("elo-core-model"), true);
    module("core-model", List.of("elo-crypto"), true);
    List<String> violations = LayeringRules.check(root);
    assertEquals(1, violations.size(), violations.toString());
    assertTrue(violations.get(0).startsWith("module crypto depends on elo-core-model"));
  }

  @Test
  void p2pDependingOnChainTypes_fails() throws IOException {
    reactor(List.of("p2p-api"));
    module("p2p-api", List.of("elo-crypto", "elo-core-model"), true);
    List<String> violations = LayeringRules.check(root);
    assertEquals(List.of("module p2p-api depends on elo-core-model but DESIGN.md allows only [crypto]"), violations);
  }

  @Test
  void unknownModuleAndMissingArchitectureTest_fail() throws IOException {
    reactor(List.of("crypto", "utilities"));
    module("crypto", List.of(), false);
    List<String> violations = LayeringRules.check(root);
    assertEquals(2, violations.size(), violations.toString());
    assertTrue(violations.contains("module crypto has no ArchitectureTest checking its public API"));
    assertTrue(violations.contains("module utilities is not in DESIGN.md's module map"));
  }

  @Test
  void allowedSet_isTransitiveClosureOfArrows() {
    assertEquals(Set.of("consensus-rules", "core-model", "crypto"), LayeringRules.allowed("validation"));
    assertEquals(Set.of(), LayeringRules.allowed("crypto"));
    assertEquals(Set.of("p2p-api", "crypto"), LayeringRules.allowed("p2p-tcp"));
  }

  private void reactor(List<String> modules) throws IOException {
    StringBuilder xml = new StringBuilder("<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modules>");
    modules.forEach(m -> xml.append("<module>").append(m).append("</module>"));
    Files.writeString(root.resolve("pom.xml"), xml.append("</modules></project>"));
  }

  private void module(String name, List<String> eloDeps, boolean withArchitectureTest)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    StringBuilder xml =
        new StringBuilder("<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><artifactId>elo-")
            .append(name)
            .append("</artifactId><dependencyManagement><dependencies><dependency>")
            .append("<groupId>io.elo</groupId><artifactId>elo-examples</artifactId>")
            .append("</dependency></dependencies></dependencyManagement><dependencies>");
    for (String dep : eloDeps) {
      xml.append("<dependency><groupId>io.elo</groupId><artifactId>")
          .append(dep)
          .append("</artifactId></dependency>");
    }
    xml.append("<dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId></dependency>");
    Files.writeString(dir.resolve("pom.xml"), xml.append("</dependencies></project>"));
    if (withArchitectureTest) {
      Path test = Files.createDirectories(dir.resolve("src/test/java/io/elo/x"));
      Files.writeString(test.resolve("ArchitectureTest.java"), "class ArchitectureTest {}");
    }
  }
}
