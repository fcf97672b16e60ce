package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import dev.coffer.keystore.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries filter, order and page the log's events; export writes CloudTrail-shaped JSON lines. */
class AuditQueryTest {
  @TempDir Path dir;
  MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
  Keystore keystore;
  AuditLog log;
  String keyId;
  String keyArn;

  @BeforeEach
  void open() {
    keystore =
        dev.coffer.keystore.AuditTesting.builder(
                dir, dev.coffer.keystore.AuditTesting.logConfig(dir).segmentSize(16 << 10))
            .clock(clock)
            .open();
    log = keystore.auditLog().orElseThrow();
    var admin = keystore.as(KeystoreFixture.ADMIN);
    var key = admin.createKey(dev.coffer.keystore.CreateKeyRequest.defaults());
    keyId = key.keyId();
    keyArn = key.arn();
    admin.createAlias("alias/q", keyId);
    // Object events as the engine will send them, across several segments.
    for (int i = 0; i < 60; i++) {
      clock.advance(Duration.ofMinutes(1));
      log.append(
          objectEvent(
              i % 3 == 0 ? "PutObject" : "GetObject",
              i % 2 == 0 ? "photos" : "invoices",
              "2026/" + (i % 4 == 0 ? "march/" : "april/") + i,
              i % 5 == 0 ? KeystoreFixture.BOB.name() : KeystoreFixture.ALICE.name(),
              i % 7 == 0 ? AuditOutcome.DENIED : AuditOutcome.ALLOWED));
    }
  }

  @AfterEach
  void close() {
    keystore.close();
  }

  private AuditEvent objectEvent(
      String name, String bucket, String objectKey, String principal, AuditOutcome outcome) {
    return new AuditEvent(
        clock.instant(),
        "engine",
        name,
        Caller.of(principal).via("s3.amazonaws.com"),
        name.equals("GetObject"),
        Optional.of(keyArn),
        OptionalInt.of(1),
        EncryptionContext.of("aws:s3:arn", "arn:aws:s3:::" + bucket + "/" + objectKey),
        Map.of("bucketName", bucket, "key", objectKey),
        outcome,
        outcome == AuditOutcome.DENIED ? Optional.of(ErrorCode.ACCESS_DENIED) : Optional.empty(),
        outcome == AuditOutcome.DENIED ? Optional.of("denied by bucket policy") : Optional.empty(),
        Optional.of("bucket policy"),
        List.of("arn:aws:s3:::" + bucket + "/" + objectKey, keyArn),
        Optional.empty());
  }

  private List<AuditRecord> all(AuditQuery.Builder query) {
    List<AuditRecord> out = new ArrayList<>();
    AuditQuery q = query.limit(7).build();
    for (int pages = 0; pages < 100; pages++) {
      AuditPage page = log.query(q);
      assertThat(page.records().size()).isLessThanOrEqualTo(7);
      out.addAll(page.records());
      if (page.resumeToken().isEmpty()) {
        return out;
      }
      q = q.resumingAt(page.resumeToken().get());
    }
    throw new AssertionError("too many pages");
  }

  @Test
  void everyEvent_inOrder_inPages_acrossSegments() {
    List<AuditRecord> oldest = all(AuditQuery.builder());
    assertThat(oldest).hasSize(62);
    assertThat(oldest).extracting(AuditRecord::sequence).isSorted();
    assertThat(oldest.get(0).eventName()).isEqualTo("CreateKey");
    List<AuditRecord> newest = all(AuditQuery.builder().newestFirst());
    List<String> reversed = new ArrayList<>(oldest.stream().map(AuditRecord::eventId).toList());
    java.util.Collections.reverse(reversed);
    assertThat(newest).extracting(AuditRecord::eventId).containsExactlyElementsOf(reversed);
  }

  @Test
  void filters_combine() {
    Instant start = Instant.parse("2026-03-01T00:10:00Z");
    Instant end = Instant.parse("2026-03-01T00:30:00Z");
    List<AuditRecord> found =
        all(
            AuditQuery.builder()
                .since(start)
                .until(end)
                .principal(KeystoreFixture.ALICE.name())
                .eventName("GetObject")
                .bucket("photos")
                .objectKeyPrefix("2026/april/")
                .outcome(AuditOutcome.ALLOWED));
    assertThat(found).isNotEmpty();
    for (AuditRecord r : found) {
      assertThat(r.eventTime()).isBetween(start, end.minusMillis(1));
      assertThat(r.principal()).isEqualTo(KeystoreFixture.ALICE.name());
      assertThat(r.eventName()).isEqualTo("GetObject");
      assertThat(r.requestParameters().get("bucketName")).isEqualTo("photos");
      assertThat(r.requestParameters().get("key")).startsWith("2026/april/");
      assertThat(r.outcome()).isEqualTo(AuditOutcome.ALLOWED);
    }
    long expected =
        all(AuditQuery.builder()).stream()
            .filter(
                r ->
                    !r.eventTime().isBefore(start)
                        && r.eventTime().isBefore(end)
                        && r.principal().equals(KeystoreFixture.ALICE.name())
                        && r.eventName().equals("GetObject")
                        && "photos".equals(r.requestParameters().get("bucketName"))
                        && r.requestParameters().getOrDefault("key", "").startsWith("2026/april/")
                        && r.outcome() == AuditOutcome.ALLOWED)
            .count();
    assertThat(found).hasSize((int) expected);
  }

  @Test
  void aKey_isFoundByIdArnOrTheAliasTheCallerUsed() {
    keystore.as(KeystoreFixture.ADMIN).describeKey("alias/q");
    assertThat(all(AuditQuery.builder().key(keyId))).hasSize(63);
    assertThat(all(AuditQuery.builder().key(keyArn))).hasSize(63);
    assertThat(all(AuditQuery.builder().key("alias/q")))
        .extracting(AuditRecord::eventName)
        .containsExactly("CreateAlias", "DescribeKey");
  }

  @Test
  void aKey_isNotFoundInObjectKeysThatReadLikeIt() {
    for (String objectKey : List.of("alias/q", keyId, "docs:key/" + keyId)) {
      log.append(
          new AuditEvent(
              clock.instant(),
              "engine",
              "DeleteObject",
              Caller.of(KeystoreFixture.ALICE.name()),
              false,
              Optional.empty(),
              OptionalInt.empty(),
              EncryptionContext.empty(),
              Map.of("bucket", "photos", "key", objectKey),
              AuditOutcome.ALLOWED,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              List.of("arn:aws:s3:::photos/" + objectKey, "arn:aws:s3:::photos"),
              Optional.empty()));
    }

    assertThat(all(AuditQuery.builder().key(keyId))).hasSize(62);
    assertThat(all(AuditQuery.builder().key("alias/q")))
        .extracting(AuditRecord::eventName)
        .containsExactly("CreateAlias");
  }

  @Test
  void denials_areFoundByOutcome() {
    List<AuditRecord> denied = all(AuditQuery.builder().outcome(AuditOutcome.DENIED));
    assertThat(denied).hasSize(9);
    assertThat(denied).allSatisfy(r -> assertThat(r.errorCode()).contains("ACCESS_DENIED"));
  }

  @Test
  void aTokenOfTheOtherOrder_orGarbage_isRefused() {
    AuditPage page = log.query(AuditQuery.builder().limit(2).build());
    String token = page.resumeToken().orElseThrow();
    assertThatThrownBy(
            () -> log.query(AuditQuery.builder().newestFirst().resumeToken(token).build()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> log.query(AuditQuery.builder().resumeToken("nope!").build()))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void export_writesOneCloudTrailShapedJsonObjectPerLine() {
    StringBuilder out = new StringBuilder();
    long n = log.export(AuditQuery.builder().bucket("invoices").build(), out);
    String[] lines = out.toString().split("\n");
    assertThat(lines).hasSize((int) n);
    assertThat(n).isEqualTo(30);
    JsonObject first = JsonParser.parseString(lines[0]).getAsJsonObject();
    assertThat(first.keySet())
        .containsSubsequence(
            "eventVersion",
            "eventTime",
            "eventSource",
            "eventName",
            "eventID",
            "sequenceNumber",
            "readOnly",
            "userIdentity",
            "requestParameters",
            "responseElements",
            "resources",
            "outcome",
            "previousHash",
            "hash");
    assertThat(first.getAsJsonObject("userIdentity").get("invokedBy").getAsString())
        .isEqualTo("s3.amazonaws.com");
    assertThat(first.getAsJsonObject("requestParameters").get("bucketName").getAsString())
        .isEqualTo("invoices");
    assertThat(
            first
                .getAsJsonObject("requestParameters")
                .getAsJsonObject("encryptionContext")
                .get("aws:s3:arn")
                .getAsString())
        .startsWith("arn:aws:s3:::invoices/");
    assertThat(first.getAsJsonArray("resources").get(0).getAsJsonObject().get("type").getAsString())
        .isEqualTo("AWS::S3::Object");
    assertThat(first.getAsJsonArray("resources").get(1).getAsJsonObject().get("type").getAsString())
        .isEqualTo("AWS::KMS::Key");
    JsonObject denied =
        java.util.Arrays.stream(lines)
            .map(l -> JsonParser.parseString(l).getAsJsonObject())
            .filter(o -> o.get("outcome").getAsString().equals("DENIED"))
            .findFirst()
            .orElseThrow();
    assertThat(denied.get("responseElements").isJsonNull()).isTrue();
    assertThat(denied.get("errorCode").getAsString()).isEqualTo("ACCESS_DENIED");
  }
}
