package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coffer export BUCKET -o FILE} and {@code coffer import FILE BUCKET}. One data directory
 * for the class (every command opens the object store, which takes a while); each test imports into
 * a bucket of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportImportCommandsTest {
  @TempDir static Path tmp;
  private Coffer coffer;
  private byte[] big;
  private int buckets;

  @BeforeAll
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createKey("--alias", "alias/app");
    coffer.createBucket("src", "--kms-key", "alias/app", "--bucket-key");
    big = ArchiveCommandsTest.randomBytes(2 * 1024 * 1024 + 5, 3);
    coffer.put("src/big.bin", big, "--content-type", "application/x-big").assertOk();
    coffer
        .put(
            "src/docs/ünï ✓.txt",
            "hello",
            "--context",
            "tenant=acme",
            "--metadata",
            "owner=ann",
            "--content-type",
            "text/plain")
        .assertOk();
    coffer.put("src/../odd key", "x").assertOk();
  }

  /** A new, empty destination bucket. */
  private String newBucket() {
    String name = "dst" + ++buckets;
    coffer.createBucket(name, "--kms-key", "alias/app");
    return name;
  }

  private Path exported(String name) {
    Path file = tmp.resolve(name);
    coffer.run("export", "src", "-o", file.toString()).assertOk();
    return file;
  }

  /** What HeadObject says, less what is new with every write. */
  private JsonObject head(String path) {
    JsonObject json = coffer.run("head", path, "--json").assertOk().json();
    for (String perWrite : new String[] {"versionId", "eTag", "lastModified", "bucket"}) {
      json.remove(perWrite);
    }
    json.getAsJsonObject("encryptionContext").remove("aws:s3:arn");
    json.remove("bucketKeyEnabled");
    return json;
  }

  @Test
  void exportThenImport_restoresEveryObject_byteIdenticalWithItsMetadata() {
    String dst = newBucket();
    Path file = tmp.resolve("all.coffer");
    Coffer.Result export = coffer.run("export", "src", "-o", file.toString());
    assertThat(export.exitCode()).as(export.stderr()).isZero();
    assertThat(export.out()).startsWith("export: 3 objects, 2.0 MiB from src to " + file);

    JsonObject imported = coffer.run("--json", "import", file.toString(), dst).assertOk().json();
    assertThat(imported.get("objects").getAsLong()).isEqualTo(3);

    for (String key : new String[] {"big.bin", "docs/ünï ✓.txt", "../odd key"}) {
      assertThat(head(dst + "/" + key)).as(key).isEqualTo(head("src/" + key));
      assertThat(coffer.run("get", dst + "/" + key, "-").assertOk().stdout())
          .isEqualTo(coffer.run("get", "src/" + key, "-").assertOk().stdout());
    }
    assertThat(
            coffer
                .run("get", dst + "/docs/ünï ✓.txt", "-", "--context", "tenant=acme")
                .assertOk()
                .out())
        .isEqualTo("hello");
  }

  @Test
  void export_listsAsAnArchiveThatNamesItsBucket() {
    Path file = exported("listed.coffer");
    JsonObject list = coffer.run("--json", "archive", "list", file.toString()).assertOk().json();
    assertThat(list.get("exportedBucket").getAsString()).isEqualTo("src");
    JsonObject object =
        list.getAsJsonArray("entryList").get(2).getAsJsonObject().getAsJsonObject("object");
    assertThat(object.get("contentType").getAsString()).isEqualTo("text/plain");
    assertThat(object.getAsJsonObject("metadata").get("owner").getAsString()).isEqualTo("ann");
  }

  @Test
  void import_ofATruncatedFile_importsNothing() throws IOException {
    String dst = newBucket();
    Path file = exported("cut.coffer");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
    Coffer.Result r = coffer.run("import", file.toString(), dst);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(coffer.run("ls", dst).assertOk().out()).isEmpty();
  }

  @Test
  void exportToStdout_importFromStdin_roundTrips() {
    String dst = newBucket();
    Coffer.Result export = coffer.run("export", "src", "-o", "-");
    assertThat(export.exitCode()).as(export.stderr()).isZero();
    coffer.runWithInput(export.stdout(), "import", "-", dst).assertOk();
    assertThat(coffer.run("get", dst + "/big.bin", "-").assertOk().stdout()).isEqualTo(big);
  }

  @Test
  void import_intoAMissingBucket_failsAsNotFound() {
    Path file = exported("any.coffer");
    assertThat(coffer.run("import", file.toString(), "nope").exitCode())
        .isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void import_ofAnArchiveOfFiles_putsEachFileUnderItsPath() throws IOException {
    String dst = newBucket();
    Path dir = Files.createDirectories(tmp.resolve("photos/2026"));
    Files.writeString(dir.resolve("a.jpg"), "jpeg");
    Path file = tmp.resolve("photos.coffer");
    coffer
        .run(
            "archive",
            "create",
            "-o",
            file.toString(),
            "--key",
            "alias/app",
            tmp.resolve("photos").toString())
        .assertOk();
    Coffer.Result r = coffer.run("import", file.toString(), dst);
    assertThat(r.assertOk().out())
        .contains("import: 1 object")
        .contains("2 directories and links skipped");
    assertThat(coffer.run("get", dst + "/photos/2026/a.jpg", "-").assertOk().out())
        .isEqualTo("jpeg");
  }
}
