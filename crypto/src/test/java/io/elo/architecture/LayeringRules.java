package io.elo.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The module graph of DESIGN.md, checked against the reactor's POM files.
 *
 * <p>Every module of the root POM must be a known module, may depend (in any scope) only on the
 * modules its arrows reach, and must carry an {@code ArchitectureTest} that runs
 * {@link PublicApiRules} over its own classes. A violation fails the build through the test that
 * calls {@link #check(Path)}.
 */
public final class LayeringRules {
  /** The arrows of DESIGN.md: module folder to the folders it may depend on directly. */
  static final Map<String, Set<String>> ARROWS = arrows();

  private LayeringRules() {}

  private static Map<String, Set<String>> arrows() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put("crypto", Set.of());
    m.put("core-model", Set.of("crypto"));
    m.put("consensus-rules", Set.of("core-model"));
    m.put("validation", Set.of("consensus-rules"));
    m.put("mempool", Set.of("validation"));
    m.put("p2p-api", Set.of("crypto"));
    m.put("p2p-tcp", Set.of("p2p-api"));
    m.put("sync-protocol", Set.of("validation", "mempool", "p2p-api"));
    Set<String> all = Set.copyOf(m.keySet());
    m.put("examples", all);
    m.put("benchmarks", all);
    return Map.copyOf(m);
  }

  /** The modules {@code module} may use: everything its arrows reach, transitively. */
  static Set<String> allowed(String module) {
    Set<String> reached = new LinkedHashSet<>();
    List<String> work = new ArrayList<>(ARROWS.getOrDefault(module, Set.of()));
    while (!work.isEmpty()) {
      String next = work.remove(work.size() - 1);
      if (reached.add(next)) {
        work.addAll(ARROWS.getOrDefault(next, Set.of()));
      }
    }
    return reached;
  }

  /**
   * Checks the reactor rooted at {@code root} (a folder holding the aggregator {@code pom.xml}).
   *
   * @return one human-readable line per violation; empty when the graph follows DESIGN.md
   */
  public static List<String> check(Path root) throws IOException {
    List<String> violations = new ArrayList<>();
    Document rootPom = parse(root.resolve("pom.xml"));
    for (String module : texts(rootPom.getDocumentElement(), "modules", "module")) {
      if (!ARROWS.containsKey(module)) {
        violations.add("module " + module + " is not in DESIGN.md's module map");
        continue;
      }
      Path pomFile = root.resolve(module).resolve("pom.xml");
      Element project = parse(pomFile).getDocumentElement();
      String artifactId = childText(project, "artifactId");
      if (!("elo-" + module).equals(artifactId)) {
        violations.add("module " + module + " must have artifactId elo-" + module + ", has " + artifactId);
      }
      Set<String> allowed = allowed(module);
      for (Element dep : dependencies(project)) {
        String group = childText(dep, "groupId");
        String artifact = childText(dep, "artifactId");
        if (!"io.elo".equals(group) && !"${project.groupId}".equals(group)) {
          continue;
        }
        String target = artifact.startsWith("elo-") ? artifact.substring(4) : artifact;
        if (!allowed.contains(target)) {
          violations.add(
              "module " + module + " depends on " + artifact + " but DESIGN.md allows only " + allowed);
        }
      }
      if (!hasArchitectureTest(root.resolve(module))) {
        violations.add("module " + module + " has no ArchitectureTest checking its public API");
      }
    }
    return violations;
  }

  private static boolean hasArchitectureTest(Path moduleDir) throws IOException {
    Path tests = moduleDir.resolve("src/test/java");
    if (!Files.isDirectory(tests)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(tests)) {
      return files.anyMatch(p -> p.getFileName().toString().equals("ArchitectureTest.java"));
    }
  }

  /** The {@code <dependencies>} directly under {@code <project>}, not dependency management. */
  private static List<Element> dependencies(Element project) {
    List<Element> result = new ArrayList<>();
    for (Element deps : children(project, "dependencies")) {
      result.addAll(children(deps, "dependency"));
    }
    return result;
  }

  private static List<String> texts(Element parent, String container, String item) {
    List<String> result = new ArrayList<>();
    for (Element c : children(parent, container)) {
      for (Element e : children(c, item)) {
        result.add(e.getTextContent().trim());
      }
    }
    return result;
  }

  private static String childText(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> result = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
        result.add(e);
      }
    }
    return result;
  }

  private static Document parse(Path pom) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(pom.toFile());
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot parse " + pom, e);
    }
  }
}
