package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.AlreadyExistsException;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.InvalidStateException;
import dev.coffer.keystore.KeyMetadata;
import dev.coffer.keystore.NotFoundException;
import dev.coffer.keystore.policy.MalformedPolicyException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketAndListingTest {
  @TempDir Path dir;
  EngineFixture fx;
  ObjectStore s3;

  @BeforeEach
  void setUp() {
    fx = new EngineFixture(dir);
    s3 = fx.root();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ab",
        "Upper",
        "has_underscore",
        "-dash",
        "dot.",
        "a..b",
        "192.168.1.1",
        "xn--abc",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void invalidBucketNames_areRejected(String name) {
    assertThatThrownBy(() -> CreateBucketRequest.of(name))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void buckets_createListDelete_withS3Rules() {
    BucketInfo b = s3.createBucket(CreateBucketRequest.of("photos-2026"));
    assertThat(b.encryption().kmsKeyId()).contains(":key/");
    assertThat(fx.kms().describeKey("alias/coffer/default").arn())
        .isEqualTo(b.encryption().kmsKeyId());
    assertThatThrownBy(() -> s3.createBucket(CreateBucketRequest.of("photos-2026")))
        .isInstanceOf(AlreadyExistsException.class);
    assertThat(s3.listBuckets()).extracting(BucketInfo::name).containsExactly("photos-2026");
    s3.putObject(PutObjectRequest.builder("photos-2026", "a.jpg").build(), new byte[] {1});
    assertThatThrownBy(() -> s3.deleteBucket("photos-2026"))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("BucketNotEmpty");
    s3.deleteObject("photos-2026", "a.jpg");
    s3.deleteObject("photos-2026", "a.jpg");
    s3.deleteBucket("photos-2026");
    assertThat(s3.listBuckets()).isEmpty();
    assertThatThrownBy(() -> s3.headObject("photos-2026", "a.jpg"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("NoSuchBucket");
  }

  @Test
  void encryptionPolicyAndTags_canBeChanged() {
    KeyMetadata key = fx.kms().createKey(CreateKeyRequest.defaults());
    s3.createBucket(CreateBucketRequest.of("conf"));
    s3.putBucketEncryption("conf", new BucketEncryption(key.keyId(), true));
    assertThat(s3.getBucketEncryption("conf")).isEqualTo(new BucketEncryption(key.arn(), true));
    assertThat(
            s3.putObject(PutObjectRequest.builder("conf", "o").build(), new byte[] {1}).kmsKeyArn())
        .isEqualTo(key.arn());
    assertThatThrownBy(
            () -> s3.putBucketEncryption("conf", new BucketEncryption("alias/none", false)))
        .isInstanceOf(NotFoundException.class);
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::conf/*\"}}";
    s3.putBucketPolicy("conf", policy);
    assertThat(s3.getBucketPolicy("conf")).contains(policy);
    assertThatThrownBy(() -> s3.deleteObject("conf", "o"))
        .isInstanceOf(dev.coffer.keystore.AccessDeniedException.class);
    s3.deleteBucketPolicy("conf");
    assertThat(s3.getBucketPolicy("conf")).isEmpty();
    assertThatThrownBy(() -> s3.putBucketPolicy("conf", "{\"Statement\":[]}"))
        .isInstanceOf(MalformedPolicyException.class);
    s3.putBucketTagging("conf", Map.of("team", "core"));
    assertThat(s3.getBucketTagging("conf")).containsEntry("team", "core");
  }

  @Test
  void listing_withPrefixDelimiterStartAfterAndPages() {
    s3.createBucket(CreateBucketRequest.of("list"));
    List<String> keys =
        List.of("a.txt", "docs/1", "docs/2", "docs/sub/3", "img/x.png", "img/y.png", "z");
    for (String k : keys) {
      s3.putObject(PutObjectRequest.builder("list", k).build(), new byte[] {1});
    }
    ListObjectsResult all = s3.listObjects(ListObjectsRequest.builder("list").build());
    assertThat(all.contents()).extracting(ObjectSummary::key).containsExactlyElementsOf(keys);
    ListObjectsResult top =
        s3.listObjects(ListObjectsRequest.builder("list").delimiter("/").build());
    assertThat(top.contents()).extracting(ObjectSummary::key).containsExactly("a.txt", "z");
    assertThat(top.commonPrefixes()).containsExactly("docs/", "img/");
    ListObjectsResult docs =
        s3.listObjects(ListObjectsRequest.builder("list").prefix("docs/").delimiter("/").build());
    assertThat(docs.contents()).extracting(ObjectSummary::key).containsExactly("docs/1", "docs/2");
    assertThat(docs.commonPrefixes()).containsExactly("docs/sub/");
    assertThat(
            s3.listObjects(ListObjectsRequest.builder("list").startAfter("img/x.png").build())
                .contents())
        .extracting(ObjectSummary::key)
        .containsExactly("img/y.png", "z");
    List<String> paged = new ArrayList<>();
    ListObjectsRequest.Builder page = ListObjectsRequest.builder("list").delimiter("/").maxKeys(1);
    while (true) {
      ListObjectsResult r = s3.listObjects(page.build());
      r.contents().forEach(o -> paged.add(o.key()));
      paged.addAll(r.commonPrefixes());
      if (!r.truncated()) {
        break;
      }
      page =
          ListObjectsRequest.builder("list")
              .delimiter("/")
              .maxKeys(1)
              .continuationToken(r.nextContinuationToken().orElseThrow());
    }
    assertThat(paged).containsExactly("a.txt", "docs/", "img/", "z");
    assertThatThrownBy(
            () ->
                s3.listObjects(
                    ListObjectsRequest.builder("list").continuationToken("garbage!").build()))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void copy_reEncryptsForTheDestinationKeyAndContext() throws IOException {
    KeyMetadata k1 = fx.kms().createKey(CreateKeyRequest.defaults());
    KeyMetadata k2 = fx.kms().createKey(CreateKeyRequest.defaults());
    s3.createBucket(CreateBucketRequest.of("src", new BucketEncryption(k1.arn(), false)));
    s3.createBucket(CreateBucketRequest.of("dst", new BucketEncryption(k2.arn(), true)));
    byte[] data = ObjectRoundTripTest.random(3 * EngineFixture.SEGMENT + 1, 4);
    s3.putObject(
        PutObjectRequest.builder("src", "in")
            .contentType("text/csv")
            .userMetadata("a", "b")
            .build(),
        data);
    ObjectInfo copied =
        s3.copyObject(
            CopyObjectRequest.of(
                "src",
                "in",
                PutObjectRequest.builder("dst", "out")
                    .encryptionContext(EncryptionContext.of("copied", "yes"))
                    .build()));
    assertThat(copied.kmsKeyArn()).isEqualTo(k2.arn());
    assertThat(copied.bucketKeyEnabled()).isTrue();
    assertThat(copied.contentType()).isEqualTo("text/csv");
    assertThat(copied.userMetadata()).containsEntry("a", "b");
    assertThat(copied.encryptionContext().asMap()).containsEntry("copied", "yes");
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("dst", "out"))) {
      assertThat(c.readAllBytes()).isEqualTo(data);
    }
    assertThat(fx.lastEngineEvent().eventName()).isEqualTo("GetObject");
  }

  @Test
  void copy_expectingAnotherSourceContext_isRefused_andWritesNothing() {
    s3.createBucket(CreateBucketRequest.of("ctx"));
    EncryptionContext tenant = EncryptionContext.of("tenant", "acme");
    s3.putObject(
        PutObjectRequest.builder("ctx", "in").encryptionContext(tenant).build(), new byte[] {7});
    PutObjectRequest out = PutObjectRequest.builder("ctx", "out").build();

    assertThatThrownBy(
            () ->
                s3.copyObject(
                    CopyObjectRequest.of("ctx", "in", out)
                        .expectingSourceContext(EncryptionContext.of("tenant", "other"))))
        .isInstanceOf(CofferException.class)
        .hasMessageContaining("context");
    assertThatThrownBy(() -> s3.headObject("ctx", "out")).isInstanceOf(NotFoundException.class);
    s3.copyObject(CopyObjectRequest.of("ctx", "in", out).expectingSourceContext(tenant));
    assertThat(s3.headObject("ctx", "out").size()).isEqualTo(1);
  }

  /** As CloudTrail's CopyObject: the bucket and key are the destination's, also on failure. */
  @Test
  void copy_isAuditedUnderItsDestination_alsoWhenTheSourceIsMissing() {
    s3.createBucket(CreateBucketRequest.of("cps"));
    s3.putObject(PutObjectRequest.builder("cps", "in").build(), new byte[] {1});
    s3.copyObject(
        CopyObjectRequest.of("cps", "in", PutObjectRequest.builder("cps", "out").build()));
    Map<String, String> copied = fx.lastEngineEvent().requestParameters();
    assertThatThrownBy(
            () ->
                s3.copyObject(
                    CopyObjectRequest.of(
                        "cps", "missing", PutObjectRequest.builder("cps", "dest").build())))
        .isInstanceOf(NotFoundException.class);
    Map<String, String> failed = fx.lastEngineEvent().requestParameters();

    assertThat(copied)
        .containsEntry("bucket", "cps")
        .containsEntry("key", "out")
        .containsEntry("sourceKey", "in")
        .containsEntry("metadataDirective", "COPY");
    assertThat(fx.lastEngineEvent().eventName()).isEqualTo("CopyObject");
    assertThat(failed)
        .containsEntry("bucket", "cps")
        .containsEntry("key", "dest")
        .containsEntry("sourceBucket", "cps")
        .containsEntry("sourceKey", "missing")
        .containsEntry("metadataDirective", "COPY");
  }

  @Test
  void everyEngineOperation_isAudited() {
    s3.createBucket(CreateBucketRequest.of("aud"));
    s3.putObject(PutObjectRequest.builder("aud", "k").build(), new byte[] {1});
    s3.headObject("aud", "k");
    s3.listObjects(ListObjectsRequest.builder("aud").build());
    s3.deleteObject("aud", "k");
    assertThat(fx.audit.events())
        .filteredOn(e -> e.eventSource().equals("engine"))
        .extracting(e -> e.eventName())
        .containsSubsequence(
            "CreateBucket", "PutObject", "HeadObject", "ListObjects", "DeleteObject");
    assertThatThrownBy(() -> s3.headObject("aud", "missing")).isInstanceOf(NotFoundException.class);
    assertThat(fx.lastEngineEvent().errorCode()).contains(dev.coffer.keystore.ErrorCode.NOT_FOUND);
  }

  @Test
  void nullArguments_failAtOnceNamingTheParameter_withoutAnAuditEvent() {
    s3.createBucket(CreateBucketRequest.of("nulls"));
    long events = fx.audit.events().size();
    List<Map.Entry<String, ThrowingCallable>> calls =
        List.of(
            Map.entry("bucket", () -> s3.headObject(null, "k")),
            Map.entry("key", () -> s3.headObject("nulls", null)),
            Map.entry("key", () -> s3.deleteObject("nulls", null)),
            Map.entry("bucket", () -> s3.deleteBucket(null)),
            Map.entry("bucket", () -> s3.getBucketEncryption(null)),
            Map.entry("encryption", () -> s3.putBucketEncryption("nulls", null)),
            Map.entry("policy", () -> s3.putBucketPolicy("nulls", null)),
            Map.entry("tags", () -> s3.putBucketTagging("nulls", null)),
            Map.entry("request", () -> s3.getObject(null)),
            Map.entry(
                "data",
                () -> s3.putObject(PutObjectRequest.builder("nulls", "k").build(), (byte[]) null)),
            Map.entry("request", () -> s3.listObjects(null)),
            Map.entry("request", () -> s3.copyObject(null)));
    for (Map.Entry<String, ThrowingCallable> call : calls) {
      assertThatThrownBy(call.getValue())
          .isInstanceOf(NullPointerException.class)
          .hasMessage(call.getKey());
    }
    assertThat(fx.audit.events()).hasSize((int) events);
  }
}
