package dev.coffer.keystore.audit;

import dev.coffer.keystore.AccessDeniedException;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeyService;
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

/**
 * A closed data directory whose log spans several segments: keystore calls, and object events as
 * the engine sends them from two principals, on two buckets, allowed, denied and failed, a minute
 * apart. What the live log answered is kept, to hold copies of it to.
 */
final class CopySample {
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  static final String ALIAS = "alias/copy";

  final Path data;
  final String keyId;
  final String publicKeyPem;

  /** Every event, oldest first, as the live log's query gave them. */
  final List<AuditRecord> events;

  private CopySample(Path data, String keyId, String publicKeyPem, List<AuditRecord> events) {
    this.data = data;
    this.keyId = keyId;
    this.publicKeyPem = publicKeyPem;
    this.events = events;
  }

  static Keystore.Builder builder(Path data, MutableClock clock) {
    return AuditTesting.builder(
            data, AuditTesting.logConfig(data).segmentSize(AuditLogConfig.MIN_SEGMENT_SIZE))
        .clock(clock);
  }

  static CopySample create(Path data) {
    MutableClock clock = MutableClock.at(START.toString());
    try (Keystore keystore = builder(data, clock).open()) {
      AuditLog log = keystore.auditLog().orElseThrow();
      KeyService admin = keystore.as(KeystoreFixture.ADMIN);
      String keyId = admin.createKey(CreateKeyRequest.defaults()).keyId();
      admin.createAlias(ALIAS, keyId);
      String keyArn = admin.describeKey(keyId).arn();
      try {
        keystore.as(KeystoreFixture.BOB).describeKey(ALIAS);
      } catch (AccessDeniedException e) {
        // recorded as a denial
      }
      for (int i = 0; i < 80; i++) {
        clock.advance(Duration.ofMinutes(1));
        log.append(objectEvent(clock.instant(), i, keyArn));
      }
      List<AuditRecord> events = new ArrayList<>();
      AuditQuery query = AuditQuery.builder().limit(AuditQuery.MAX_LIMIT).build();
      for (AuditPage page = log.query(query); ; page = log.query(query)) {
        events.addAll(page.records());
        if (page.resumeToken().isEmpty()) {
          break;
        }
        query = query.resumingAt(page.resumeToken().get());
      }
      return new CopySample(data, keyId, log.publicKeyPem(), List.copyOf(events));
    }
  }

  private static AuditEvent objectEvent(Instant time, int i, String keyArn) {
    String name = i % 3 == 0 ? "PutObject" : "GetObject";
    String bucket = i % 2 == 0 ? "photos" : "invoices";
    String objectKey = "2026/" + (i % 4 == 0 ? "march/" : "april/") + i;
    String principal = (i % 5 == 0 ? KeystoreFixture.BOB : KeystoreFixture.ALICE).name();
    AuditOutcome outcome =
        i % 7 == 0 ? AuditOutcome.DENIED : i % 11 == 0 ? AuditOutcome.ERROR : AuditOutcome.ALLOWED;
    Optional<ErrorCode> code =
        switch (outcome) {
          case DENIED -> Optional.of(ErrorCode.ACCESS_DENIED);
          case ERROR -> Optional.of(ErrorCode.KEY_DISABLED);
          default -> Optional.empty();
        };
    return new AuditEvent(
        time,
        "engine",
        name,
        Caller.of(principal).via("s3.amazonaws.com"),
        name.equals("GetObject"),
        Optional.of(keyArn),
        OptionalInt.of(1),
        EncryptionContext.of("aws:s3:arn", "arn:aws:s3:::" + bucket + "/" + objectKey),
        Map.of("bucketName", bucket, "key", objectKey),
        outcome,
        code,
        code.map(c -> "refused: " + c),
        Optional.of("bucket policy"),
        List.of("arn:aws:s3:::" + bucket + "/" + objectKey, keyArn),
        Optional.empty());
  }

  Path audit() {
    return data.resolve("audit");
  }

  /** A fresh copy of the log's directory alone, as an auditor receives it. */
  Path copyLogTo(Path target) throws Exception {
    SampleLog.copyTree(audit(), target);
    return target;
  }

  /** Every event of {@code trail} matching {@code query}, gathered page by page. */
  static List<AuditRecord> all(AuditTrail trail, AuditQuery query) {
    List<AuditRecord> out = new ArrayList<>();
    for (AuditPage page : pages(trail, query)) {
      out.addAll(page.records());
    }
    return out;
  }

  /** The pages of {@code query}, following each page's token. */
  static List<AuditPage> pages(AuditTrail trail, AuditQuery query) {
    List<AuditPage> pages = new ArrayList<>();
    AuditQuery q = query;
    while (true) {
      AuditPage page = trail.query(q);
      pages.add(page);
      if (page.resumeToken().isEmpty() || pages.size() > 10_000) {
        return pages;
      }
      q = q.resumingAt(page.resumeToken().get());
    }
  }
}
