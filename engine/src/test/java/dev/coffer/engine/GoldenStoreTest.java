package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.Principal;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory written by object format version 1 must open and read forever. */
class GoldenStoreTest {
  @TempDir Path dir;

  @Test
  void goldenStore_opensAndEveryObjectReadsBack() throws Exception {
    Path source = Path.of(getClass().getResource("/golden/store-v1").toURI());
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path target = dir.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.setPosixFilePermissions(
        dir.resolve("keystore/root.key"), PosixFilePermissions.fromString("rw-------"));
    Properties expected = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve("expected.properties"))) {
      expected.load(in);
    }
    try (Coffer coffer = Coffer.builder(dir).warmUpCrypto(false).open()) {
      ObjectStore s3 = coffer.as(Principal.accountRoot(Keystore.DEFAULT_ACCOUNT));
      for (String bucket : new String[] {"direct", "keyed"}) {
        for (String name : new String[] {"empty", "small", "large"}) {
          try (ObjectContent c =
              s3.getObject(
                  GetObjectRequest.of(bucket, "golden/" + name)
                      .expectingContext(EncryptionContext.of("tenant", "golden")))) {
            assertThat(c.readAllBytes())
                .as(bucket + "/" + name)
                .isEqualTo(GoldenStoreWriter.contents(name));
            assertThat(c.info().contentType()).isEqualTo("application/x-golden");
            assertThat(c.info().userMetadata()).containsEntry("format", "v1");
            assertThat(c.info().kmsKeyArn()).isEqualTo(expected.getProperty("keyArn"));
            assertThat(c.info().bucketKeyEnabled()).isEqualTo(bucket.equals("keyed"));
          }
        }
      }
    }
  }
}
