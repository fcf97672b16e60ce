package dev.coffer.keystore.testing;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A golden directory from test resources ({@code /golden/NAME}), copied so that a test can open it
 * (opening writes: locks, recovery, upgrades) without touching the frozen files.
 */
public final class GoldenDirectory {
  private GoldenDirectory() {}

  /**
   * Copies {@code /golden/name} into {@code target}, gives every {@code root.key} the owner-only
   * mode the root-key provider insists on (git keeps no such mode), and returns the directory's
   * {@code expected.properties}.
   */
  public static Properties copy(String name, Path target) throws Exception {
    Path source = resource(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path to = target.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
          if (f.getFileName().toString().equals("root.key")) {
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
          }
        }
      }
    }
    Properties expected = new Properties();
    try (InputStream in = Files.newInputStream(target.resolve("expected.properties"))) {
      expected.load(in);
    }
    return expected;
  }

  private static Path resource(String name) throws URISyntaxException {
    var url = GoldenDirectory.class.getResource("/golden/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no golden directory " + name + " in test resources");
    }
    return Path.of(url.toURI());
  }
}
