package dev.coffer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Modules depend one way: proto → keystore → engine → grpc-api → cli, with bench beside cli.
 * Checked twice: in the poms (what Maven would allow to compile) and in the sources' imports.
 */
class ModuleLayeringTest {
  /** Rank of each module: a module may depend only on modules of lower rank. */
  private static final Map<String, Integer> RANK =
      Map.of(
          "proto", 0,
          "keystore", 1,
          "engine", 2,
          "grpc-api", 3,
          "cli", 4,
          "bench", 4);

  private static final Map<String, String> MODULE_OF_ARTIFACT =
      Map.of(
          "coffer-proto", "proto",
          "coffer-keystore", "keystore",
          "coffer-engine", "engine",
          "coffer-grpc", "grpc-api",
          "coffer-cli", "cli",
          "coffer-bench", "bench");

  private static final Map<String, String> MODULE_OF_PACKAGE =
      Map.of(
          "dev.coffer.format", "proto",
          "dev.coffer.api", "proto",
          "dev.coffer.keystore", "keystore",
          "dev.coffer.engine", "engine",
          "dev.coffer.grpc", "grpc-api",
          "dev.coffer.cli", "cli",
          "dev.coffer.bench", "bench");

  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?(dev\\.coffer\\.[a-z]+)\\.", Pattern.MULTILINE);

  @Test
  void everyModule_isRanked() throws Exception {
    Document root = parse(RepositoryFiles.root().resolve("pom.xml"));
    List<String> modules = texts(root.getDocumentElement(), "module");
    assertThat(modules).contains("src/test");
    assertThat(modules.stream().filter(m -> !m.equals("src/test")))
        .containsExactlyInAnyOrderElementsOf(RANK.keySet());
  }

  @Test
  void pomDependencies_pointOnlyDownward() throws Exception {
    List<String> violations = new ArrayList<>();
    for (String module : RANK.keySet()) {
      Document pom = parse(RepositoryFiles.root().resolve(module).resolve("pom.xml"));
      for (String artifact : cofferDependencies(pom)) {
        String target = MODULE_OF_ARTIFACT.get(artifact);
        if (target == null || RANK.get(target) >= RANK.get(module)) {
          violations.add(module + " depends on " + artifact);
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void sourceImports_pointOnlyDownward() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String module : RANK.keySet()) {
      Path sources = RepositoryFiles.root().resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = IMPORT.matcher(Files.readString(file));
          while (m.find()) {
            String target = MODULE_OF_PACKAGE.get(m.group(1));
            if (target == null
                || (!target.equals(module) && RANK.get(target) >= RANK.get(module))) {
              violations.add(sources.relativize(file) + " in " + module + " imports " + m.group(1));
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theLayeringCheck_catchesAnUpwardDependency() throws Exception {
    Path fake = Files.createTempFile("pom", ".xml");
    Files.writeString(
        fake,
        "<project><dependencies><dependency><groupId>dev.coffer</groupId>"
            + "<artifactId>coffer-engine</artifactId></dependency></dependencies></project>");
    assertThat(cofferDependencies(parse(fake))).containsExactly("coffer-engine");
    Files.delete(fake);
  }

  private static List<String> cofferDependencies(Document pom) {
    List<String> out = new ArrayList<>();
    NodeList deps = pom.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element dep = (Element) deps.item(i);
      if (dep.getParentNode().getParentNode().getNodeName().equals("dependencyManagement")) {
        continue;
      }
      if ("dev.coffer".equals(text(dep, "groupId"))) {
        out.add(text(dep, "artifactId"));
      }
    }
    return out;
  }

  private static Document parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }

  private static List<String> texts(Element parent, String tag) {
    List<String> out = new ArrayList<>();
    NodeList nodes = parent.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent().trim());
    }
    return out;
  }
}
