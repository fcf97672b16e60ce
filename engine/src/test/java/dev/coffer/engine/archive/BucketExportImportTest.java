package dev.coffer.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.EngineFixture;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ListObjectsRequest;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.ObjectSummary;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bucket exported and imported again is the same objects: keys, bytes and metadata. */
class BucketExportImportTest {
  @TempDir Path dir;
  @TempDir Path otherDir;
  EngineFixture fx;
  ObjectStore s3;
  String key;

  @BeforeEach
  void setUp() throws IOException {
    fx = new EngineFixture(dir);
    s3 = fx.root();
    key = fx.kms().createKey(CreateKeyRequest.defaults()).arn();
    s3.createBucket(CreateBucketRequest.of("source", new BucketEncryption(key, true)));
    s3.createBucket(CreateBucketRequest.of("copy", new BucketEncryption(key, false)));
    put("a.txt", "alpha".getBytes(), "text/plain", EncryptionContext.empty(), "owner", "ann");
    put(
        "deep/dir/ünï ✓.bin",
        ArchiveFixture.random(50_000, 1),
        "application/x-bin",
        EncryptionContext.of("tenant", "acme"),
        "k",
        "v");
    put("../not-a-path", new byte[0], "binary/octet-stream", EncryptionContext.empty());
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private void put(
      String objectKey, byte[] data, String type, EncryptionContext context, String... metadata) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder("source", objectKey).contentType(type).encryptionContext(context);
    for (int i = 0; i < metadata.length; i += 2) {
      request.userMetadata(metadata[i], metadata[i + 1]);
    }
    s3.putObject(request.build(), data);
  }

  private byte[] export(String bucket) throws IOException {
    ArchiveKey archiveKey = ArchiveKey.create(fx.kms(), BucketExporter.spec(key, bucket).build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArchiveWriter writer = ArchiveWriter.start(out, archiveKey)) {
      BucketExporter.export(s3, bucket, writer, new BucketExporter.Listener() {});
    }
    return out.toByteArray();
  }

  private static BucketImporter.Result importInto(
      ObjectStore s3, dev.coffer.keystore.KeyService kms, byte[] archive, String bucket)
      throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(archive);
    ArchiveKey opened = ArchiveKey.open(kms, ArchiveHeader.read(in), OpenOptions.defaults());
    try (ArchiveReader reader = ArchiveReader.open(in, opened)) {
      return BucketImporter.importInto(reader, s3, bucket, new BucketImporter.Listener() {});
    }
  }

  /** What must survive the round trip, per object. */
  private record Snapshot(
      String key,
      byte[] data,
      String contentType,
      java.util.Map<String, String> metadata,
      java.util.Map<String, String> callerContext) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Snapshot s
          && key.equals(s.key)
          && Arrays.equals(data, s.data)
          && contentType.equals(s.contentType)
          && metadata.equals(s.metadata)
          && callerContext.equals(s.callerContext);
    }

    @Override
    public int hashCode() {
      return key.hashCode();
    }
  }

  private static List<Snapshot> snapshot(ObjectStore s3, String bucket) throws IOException {
    List<Snapshot> all = new ArrayList<>();
    String token = null;
    do {
      ListObjectsRequest.Builder request = ListObjectsRequest.builder(bucket);
      if (token != null) {
        request.continuationToken(token);
      }
      var page = s3.listObjects(request.build());
      for (ObjectSummary summary : page.contents()) {
        try (ObjectContent c = s3.getObject(GetObjectRequest.of(bucket, summary.key()))) {
          ObjectInfo info = c.info();
          var context = new java.util.TreeMap<>(info.encryptionContext().asMap());
          context.remove("aws:s3:arn");
          all.add(
              new Snapshot(
                  info.key(), c.readAllBytes(), info.contentType(), info.userMetadata(), context));
        }
      }
      token = page.nextContinuationToken().orElse(null);
    } while (token != null);
    return all;
  }

  @Test
  void exportThenImport_ofMoreThanAPageOfObjects_restoresKeysBytesAndMetadata() throws IOException {
    for (int i = 0; i < 1001; i++) {
      put("many/" + i, new byte[] {(byte) i}, "x/y", EncryptionContext.empty());
    }
    byte[] archive = export("source");
    assertThat(ArchiveHeader.read(new ByteArrayInputStream(archive)).exportedBucket())
        .contains("source");
    BucketImporter.Result result = importInto(s3, fx.kms(), archive, "copy");
    assertThat(result.objects()).isEqualTo(1004);
    assertThat(result.archive().entries()).isEqualTo(1004);
    assertThat(snapshot(s3, "copy")).containsExactlyElementsOf(snapshot(s3, "source"));
    try (ObjectContent c =
        s3.getObject(
            GetObjectRequest.of("copy", "deep/dir/ünï ✓.bin")
                .expectingContext(EncryptionContext.of("tenant", "acme")))) {
      assertThat(c.info().contentType()).isEqualTo("application/x-bin");
    }
  }

  @Test
  void exportThenImport_intoAnotherCofferWithACopyOfTheKeystore_isByteIdentical()
      throws IOException {
    byte[] archive = export("source");
    List<Snapshot> before = snapshot(s3, "source");
    // The keystore is durable after every change, so a copy of its directory is a keystore.
    copyTree(dir.resolve("keystore"), otherDir.resolve("keystore"));
    try (EngineFixture other = new EngineFixture(otherDir)) {
      other
          .root()
          .createBucket(CreateBucketRequest.of("restored", new BucketEncryption(key, true)));
      importInto(other.root(), other.kms(), archive, "restored");
      assertThat(snapshot(other.root(), "restored")).containsExactlyElementsOf(before);
    }
  }

  @Test
  void import_ofATruncatedArchive_failsAndCommitsNoPartialObject() throws IOException {
    byte[] archive = export("source");
    byte[] truncated = Arrays.copyOf(archive, archive.length / 2);
    assertThatThrownBy(() -> importInto(s3, fx.kms(), truncated, "copy"))
        .isInstanceOf(CofferException.class);
    // Every object that made it is whole: none is a prefix of its original.
    List<Snapshot> source = snapshot(s3, "source");
    for (Snapshot imported : snapshot(s3, "copy")) {
      assertThat(source).contains(imported);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else if (!f.getFileName().toString().equals("LOCK")) {
          Files.copy(f, target);
        }
      }
    }
  }
}
