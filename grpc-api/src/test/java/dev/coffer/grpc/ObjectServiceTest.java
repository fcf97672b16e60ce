package dev.coffer.grpc;

import static dev.coffer.grpc.SidecarFixture.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import dev.coffer.api.v1.ObjectServiceGrpc;
import dev.coffer.api.v1.ObjectWrite;
import dev.coffer.engine.BucketEncryption;
import dev.coffer.engine.CopyObjectRequest;
import dev.coffer.engine.CreateBucketRequest;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ListObjectsRequest;
import dev.coffer.engine.ListObjectsResult;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidCiphertextException;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.PreconditionFailedException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ObjectService through the Java client: every RPC against a real store. */
class ObjectServiceTest {
  static final String BUCKET = "photos";

  @TempDir Path dir;
  SidecarFixture fx;
  ObjectStore s3;
  KeyMetadata key;

  @BeforeEach
  void setUp() {
    fx = new SidecarFixture(dir);
    s3 = fx.client(ROOT).objects();
    key = fx.client(ROOT).keys().createKey(CreateKeyRequest.defaults());
    s3.createBucket(CreateBucketRequest.of(BUCKET, new BucketEncryption(key.arn(), true)));
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  @Test
  void conditionalPuts_overTheWire_failAsPreconditionFailed() {
    ObjectInfo first =
        s3.putObject(PutObjectRequest.builder(BUCKET, "c").ifNoneMatch().build(), new byte[] {1});
    assertThatThrownBy(
            () ->
                s3.putObject(
                    PutObjectRequest.builder(BUCKET, "c").ifNoneMatch().build(), new byte[] {2}))
        .isInstanceOf(PreconditionFailedException.class);
    s3.putObject(
        PutObjectRequest.builder(BUCKET, "c").ifMatch(first.etag()).build(), new byte[] {3});
    assertThatThrownBy(
            () ->
                s3.putObject(
                    PutObjectRequest.builder(BUCKET, "c").ifMatch(first.etag()).build(),
                    new byte[] {4}))
        .isInstanceOf(PreconditionFailedException.class);
  }

  @Test
  void putThenGet_roundTripsSmallAndMultiSegmentObjects_withTheEmbeddedMetadata() throws Exception {
    for (int size : new int[] {0, 1, 4096, 5 * SidecarFixture.SEGMENT + 7, 700_000}) {
      byte[] data = random(size, size);
      ObjectInfo put =
          s3.putObject(
              PutObjectRequest.builder(BUCKET, "o/" + size)
                  .encryptionContext(EncryptionContext.of("tenant", "acme"))
                  .contentType("image/png")
                  .userMetadata("camera", "x100")
                  .build(),
              data);
      assertThat(put.size()).isEqualTo(size);
      assertThat(put.kmsKeyArn()).isEqualTo(key.arn());
      assertThat(put.bucketKeyEnabled()).isTrue();
      try (ObjectContent c = s3.getObject(GetObjectRequest.of(BUCKET, "o/" + size))) {
        assertThat(c.info()).isEqualTo(fx.embedded(ROOT).headObject(BUCKET, "o/" + size));
        assertThat(c.length()).isEqualTo(size);
        assertThat(c.readAllBytes()).isEqualTo(data);
      }
    }
  }

  @Test
  void putFromAStream_storesEveryByte() throws IOException {
    byte[] data = random(1_000_003, 7);
    ObjectInfo info =
        s3.putObject(
            PutObjectRequest.builder(BUCKET, "streamed").build(),
            new java.io.ByteArrayInputStream(data));
    assertThat(info.size()).isEqualTo(data.length);
    try (ObjectContent c = fx.embedded(ROOT).getObject(GetObjectRequest.of(BUCKET, "streamed"))) {
      assertThat(c.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void putFromAFailingStream_throwsUncheckedIoException_andStoresNothing() {
    InputStream failing =
        new InputStream() {
          int served;

          @Override
          public int read() throws IOException {
            if (served++ > 300_000) {
              throw new IOException("disk gone");
            }
            return 1;
          }
        };
    assertThatThrownBy(
            () -> s3.putObject(PutObjectRequest.builder(BUCKET, "half").build(), failing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("disk gone");
    assertThatThrownBy(() -> s3.headObject(BUCKET, "half")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void getWithRanges_returnsTheSameBytesAsTheEmbeddedApi() throws IOException {
    byte[] data = random(100_000, 3);
    s3.putObject(PutObjectRequest.builder(BUCKET, "r").build(), data);
    GetObjectRequest base = GetObjectRequest.of(BUCKET, "r");
    for (GetObjectRequest ranged :
        new GetObjectRequest[] {
          base.range(10, 20),
          base.range(50_000, 10_000_000),
          base.rangeFrom(99_990),
          base.lastBytes(5)
        }) {
      try (ObjectContent remote = s3.getObject(ranged);
          ObjectContent local = fx.embedded(ROOT).getObject(ranged)) {
        assertThat(remote.first()).isEqualTo(local.first());
        assertThat(remote.length()).isEqualTo(local.length());
        assertThat(remote.readAllBytes()).isEqualTo(local.readAllBytes());
      }
    }
    try (ObjectContent c = s3.getObject(base.range(10, 20))) {
      assertThat(c.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 10, 21));
    }
  }

  @Test
  void getWithTheWrongExpectedContext_throwsInvalidCiphertext_andReleasesNoData() {
    s3.putObject(
        PutObjectRequest.builder(BUCKET, "ctx")
            .encryptionContext(EncryptionContext.of("tenant", "acme"))
            .build(),
        new byte[] {1, 2, 3});
    assertThatThrownBy(
            () ->
                s3.getObject(
                    GetObjectRequest.of(BUCKET, "ctx")
                        .expectingContext(EncryptionContext.of("tenant", "evil"))))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void headObject_returnsWhatTheEmbeddedApiReturns() {
    s3.putObject(PutObjectRequest.builder(BUCKET, "h").build(), new byte[] {9});
    assertThat(s3.headObject(BUCKET, "h")).isEqualTo(fx.embedded(ROOT).headObject(BUCKET, "h"));
  }

  @Test
  void headOrGetOfAMissingObject_throwsNotFound() {
    assertThatThrownBy(() -> s3.headObject(BUCKET, "missing"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> s3.getObject(GetObjectRequest.of(BUCKET, "missing")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void deleteObject_removesIt_andDeletingAgainSucceeds() {
    s3.putObject(PutObjectRequest.builder(BUCKET, "d").build(), new byte[] {1});
    s3.deleteObject(BUCKET, "d");
    s3.deleteObject(BUCKET, "d");
    assertThatThrownBy(() -> s3.headObject(BUCKET, "d")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void listObjects_pagesWithPrefixAndDelimiter_asTheEmbeddedApi() {
    for (String k : new String[] {"a/1", "a/2", "a/3", "b/1", "top"}) {
      s3.putObject(PutObjectRequest.builder(BUCKET, k).build(), new byte[] {1});
    }
    ListObjectsRequest page1 = ListObjectsRequest.builder(BUCKET).prefix("a/").maxKeys(2).build();
    ListObjectsResult remote = s3.listObjects(page1);
    assertThat(remote).isEqualTo(fx.embedded(ROOT).listObjects(page1));
    assertThat(remote.truncated()).isTrue();
    ListObjectsResult rest =
        s3.listObjects(
            ListObjectsRequest.builder(BUCKET)
                .prefix("a/")
                .continuationToken(remote.nextContinuationToken().orElseThrow())
                .build());
    assertThat(rest.contents()).extracting(s -> s.key()).containsExactly("a/3");
    ListObjectsResult rolled =
        s3.listObjects(ListObjectsRequest.builder(BUCKET).delimiter("/").build());
    assertThat(rolled.commonPrefixes()).containsExactly("a/", "b/");
    assertThat(rolled.contents()).extracting(s -> s.key()).containsExactly("top");
  }

  @Test
  void copyObject_reEncryptsUnderTheDestinationKey() throws IOException {
    KeyMetadata other = fx.client(ROOT).keys().createKey(CreateKeyRequest.defaults());
    s3.putObject(PutObjectRequest.builder(BUCKET, "src").build(), new byte[] {4, 5, 6});
    ObjectInfo copy =
        s3.copyObject(
            CopyObjectRequest.of(
                BUCKET,
                "src",
                PutObjectRequest.builder(BUCKET, "dst").kmsKeyId(other.arn()).build()));
    assertThat(copy.kmsKeyArn()).isEqualTo(other.arn());
    try (ObjectContent c = s3.getObject(GetObjectRequest.of(BUCKET, "dst"))) {
      assertThat(c.readAllBytes()).containsExactly(4, 5, 6);
    }
  }

  @Test
  void copyObject_withReplace_storesTheRequestsMetadata_andLeavesTheSourceUnchanged() {
    s3.putObject(
        PutObjectRequest.builder(BUCKET, "src").contentType("image/png").build(), new byte[] {1});

    ObjectInfo copy =
        s3.copyObject(
            CopyObjectRequest.of(
                    BUCKET,
                    "src",
                    PutObjectRequest.builder(BUCKET, "dst")
                        .contentType("image/webp")
                        .userMetadata("converted", "no")
                        .build())
                .replacingMetadata());

    assertThat(copy.contentType()).isEqualTo("image/webp");
    assertThat(s3.headObject(BUCKET, "dst").userMetadata())
        .containsExactly(entry("converted", "no"));
    assertThat(s3.headObject(BUCKET, "src").contentType()).isEqualTo("image/png");
    assertThat(fx.audit.events())
        .filteredOn(e -> e.eventName().equals("CopyObject"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.requestParameters()).containsEntry("metadataDirective", "REPLACE"));
  }

  @Test
  void copyObject_withCopy_andMetadataOnTheDestination_isInvalidArgument_andWritesNothing() {
    s3.putObject(PutObjectRequest.builder(BUCKET, "src").build(), new byte[] {1});

    assertThatThrownBy(
            () ->
                s3.copyObject(
                    CopyObjectRequest.of(
                        BUCKET,
                        "src",
                        PutObjectRequest.builder(BUCKET, "dst").contentType("text/plain").build())))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("REPLACE");
    assertThatThrownBy(() -> s3.headObject(BUCKET, "dst")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void copyObject_onRawStubs_withoutADirectiveCopies_andWithAnUnknownOneIsInvalidArgument() {
    s3.putObject(
        PutObjectRequest.builder(BUCKET, "src").contentType("image/png").build(), new byte[] {1});
    ObjectServiceGrpc.ObjectServiceBlockingStub stub =
        ObjectServiceGrpc.newBlockingStub(fx.channel(ROOT));
    dev.coffer.api.v1.CopyObjectRequest.Builder request =
        dev.coffer.api.v1.CopyObjectRequest.newBuilder()
            .setSourceBucket(BUCKET)
            .setSourceKey("src")
            .setDestination(ObjectWrite.newBuilder().setBucket(BUCKET).setKey("dst"));

    // What a client written before the field existed sends.
    assertThat(stub.copyObject(request.build()).getObject().getContentType())
        .isEqualTo("image/png");
    StatusRuntimeException unknown =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> stub.copyObject(request.setMetadataDirectiveValue(7).build()));
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unknown.getStatus().getDescription()).contains("metadata directive");
  }

  @Test
  void closingADownloadEarly_cancelsIt_andTheServerKeepsServing() throws IOException {
    s3.putObject(PutObjectRequest.builder(BUCKET, "big").build(), random(3_000_000, 1));
    try (ObjectContent c = s3.getObject(GetObjectRequest.of(BUCKET, "big"))) {
      assertThat(c.read(new byte[1000])).isPositive();
    }
    assertThat(s3.headObject(BUCKET, "big").size()).isEqualTo(3_000_000);
  }
}
