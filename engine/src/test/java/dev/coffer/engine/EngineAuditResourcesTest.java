package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Principal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every engine operation's audit event names the resources it acted on, as CloudTrail's S3 data and
 * management events do: the object and its bucket, a copy's source too, and the KMS key used.
 */
class EngineAuditResourcesTest {
  private static final String KEY = "<the bucket's KMS key>";
  private static final String BUCKET = "arn:aws:s3:::audited";
  private static final String OBJECT = "arn:aws:s3:::audited/reports/q3.txt";

  @TempDir Path dir;
  private EngineFixture fx;
  private ObjectStore s3;
  private String keyArn;

  @BeforeEach
  void setUp() {
    fx = new EngineFixture(dir);
    s3 = fx.root();
    s3.createBucket(CreateBucketRequest.of("audited"));
    s3.createBucket(CreateBucketRequest.of("other"));
    keyArn =
        s3.putObject(PutObjectRequest.builder("audited", "reports/q3.txt").build(), new byte[] {7})
            .kmsKeyArn();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  static Stream<Arguments> operations() {
    return Stream.of(
        row(
            "CreateBucket",
            s -> s.createBucket(CreateBucketRequest.of("fresh")),
            "arn:aws:s3:::fresh"),
        row("ListBuckets", ObjectStore::listBuckets),
        row("GetBucketEncryption", s -> s.getBucketEncryption("audited"), BUCKET),
        row("PutBucketTagging", s -> s.putBucketTagging("audited", Map.of("team", "a")), BUCKET),
        row("GetBucketTagging", s -> s.getBucketTagging("audited"), BUCKET),
        row("GetBucketPolicy", s -> s.getBucketPolicy("audited"), BUCKET),
        row(
            "PutObject",
            s ->
                s.putObject(
                    PutObjectRequest.builder("audited", "reports/q3.txt").build(), new byte[] {1}),
            OBJECT,
            BUCKET,
            KEY),
        row(
            "GetObject",
            s -> readAll(s.getObject(GetObjectRequest.of("audited", "reports/q3.txt"))),
            OBJECT,
            BUCKET,
            KEY),
        row("HeadObject", s -> s.headObject("audited", "reports/q3.txt"), OBJECT, BUCKET, KEY),
        row(
            "ListObjects",
            s -> s.listObjects(ListObjectsRequest.builder("audited").build()),
            BUCKET),
        row(
            "CopyObject",
            s ->
                s.copyObject(
                    CopyObjectRequest.of(
                        "audited",
                        "reports/q3.txt",
                        PutObjectRequest.builder("other", "copy").build())),
            OBJECT,
            BUCKET,
            "arn:aws:s3:::other/copy",
            "arn:aws:s3:::other",
            KEY),
        row("DeleteObject", s -> s.deleteObject("audited", "reports/q3.txt"), OBJECT, BUCKET),
        row("DeleteBucket", s -> s.deleteBucket("other"), "arn:aws:s3:::other"));
  }

  private static Arguments row(String event, Consumer<ObjectStore> call, String... resources) {
    return Arguments.of(event, call, List.of(resources));
  }

  private static void readAll(ObjectContent content) {
    try (content) {
      content.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void anAllowedOperation_namesWhatItActedOn(
      String event, Consumer<ObjectStore> call, List<String> resources) {
    call.accept(s3);

    AuditEvent recorded = fx.lastEngineEvent();
    assertThat(recorded.eventName()).isEqualTo(event);
    assertThat(recorded.outcome()).isEqualTo(AuditOutcome.ALLOWED);
    assertThat(recorded.resources())
        .containsExactlyElementsOf(
            resources.stream().map(r -> r.equals(KEY) ? keyArn : r).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void aDeniedOperation_namesWhatItWasRefused(
      String event, Consumer<ObjectStore> call, List<String> resources) {
    ObjectStore stranger = fx.as(Principal.of("arn:aws:iam::000000000000:role/Stranger"));

    assertThatThrownBy(() -> call.accept(stranger)).isInstanceOf(AccessDeniedException.class);

    AuditEvent recorded = fx.lastEngineEvent();
    assertThat(recorded.eventName()).isEqualTo(event);
    assertThat(recorded.outcome()).isEqualTo(AuditOutcome.DENIED);
    // Refused before any key was used: the S3 resources only.
    assertThat(recorded.resources())
        .containsExactlyElementsOf(resources.stream().filter(r -> !r.equals(KEY)).toList());
  }

  static Stream<Arguments> refusedKeys() {
    return Stream.of(
        Arguments.of("HeadObject", "", (Consumer<ObjectStore>) s -> s.headObject("audited", "")),
        Arguments.of(
            "DeleteObject", "", (Consumer<ObjectStore>) s -> s.deleteObject("audited", "")),
        Arguments.of(
            "HeadObject",
            "k".repeat(1025),
            (Consumer<ObjectStore>) s -> s.headObject("audited", "k".repeat(1025))),
        Arguments.of(
            "DeleteObject",
            "\uD800",
            (Consumer<ObjectStore>) s -> s.deleteObject("audited", "\uD800")));
  }

  @ParameterizedTest(name = "{0} of {1}")
  @MethodSource("refusedKeys")
  void anOperationOnAKeyS3Refuses_isOnTheTrailAsAnError_andChangesNothing(
      String event, String key, Consumer<ObjectStore> call) throws Exception {
    assertThatThrownBy(() -> call.accept(s3))
        .isInstanceOf(dev.coffer.keystore.InvalidArgumentException.class);

    AuditEvent recorded = fx.lastEngineEvent();
    assertThat(recorded.eventName()).isEqualTo(event);
    assertThat(recorded.outcome()).isEqualTo(AuditOutcome.ERROR);
    assertThat(recorded.errorCode()).contains(dev.coffer.keystore.ErrorCode.INVALID_ARGUMENT);
    assertThat(recorded.requestParameters()).containsEntry("key", key);
    try (ObjectContent c = s3.getObject(GetObjectRequest.of("audited", "reports/q3.txt"))) {
      assertThat(c.readAllBytes()).containsExactly(7);
    }
  }
}
