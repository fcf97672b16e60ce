package dev.coffer.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository the tests run in. */
final class RepositoryFiles {
  private RepositoryFiles() {}

  static Path root() {
    String configured = System.getProperty("coffer.root");
    Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    root = root.toAbsolutePath().normalize();
    if (!Files.exists(root.resolve("pom.xml")) || !Files.exists(root.resolve("keystore"))) {
      throw new IllegalStateException("not the Coffer repository root: " + root);
    }
    return root;
  }
}
