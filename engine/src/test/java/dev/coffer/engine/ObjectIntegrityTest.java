package dev.coffer.engine;

import static dev.coffer.engine.EngineFixture.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidCiphertextException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Any change to stored bytes is an integrity error, never plaintext. */
class ObjectIntegrityTest {
  @TempDir Path dir;
  EngineFixture fx;
  ObjectStore s3;

  @BeforeEach
  void setUp() {
    fx = new EngineFixture(dir);
    s3 = fx.root();
    s3.createBucket(CreateBucketRequest.of("one"));
    s3.createBucket(CreateBucketRequest.of("two"));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** The error a get ends with: thrown when it opens, or the cause of a failed read. */
  static ErrorCode failureOf(ObjectStore s3, String bucket, String key) {
    try (ObjectContent c = s3.getObject(GetObjectRequest.of(bucket, key))) {
      c.readAllBytes();
      return null;
    } catch (CofferException e) {
      return e.errorCode();
    } catch (IOException e) {
      return e.getCause() instanceof CofferException c ? c.errorCode() : ErrorCode.STORAGE_FAILURE;
    }
  }

  private ObjectRecord record(String bucket, String key) throws Exception {
    return ObjectRecord.parseFrom(
        EngineInspector.get(fx, "OBJECTS", EngineInspector.objectRow(bucket, key)));
  }

  @Test
  void everySingleBitFlip_ofASmallObjectsCiphertextInItsRecord_isAnIntegrityError()
      throws Exception {
    s3.putObject(
        PutObjectRequest.builder("one", "small").build(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    byte[] row = EngineInspector.objectRow("one", "small");
    ObjectRecord good = record("one", "small");
    byte[] sealed = good.getInlineSegment().toByteArray();
    assertThat(sealed).hasSize(8 + 16);
    for (int bit = 0; bit < sealed.length * 8; bit++) {
      byte[] flipped = sealed.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      ObjectRecord bad =
          good.toBuilder()
              .setInlineSegment(com.google.protobuf.ByteString.copyFrom(flipped))
              .build();
      EngineInspector.put(fx, "OBJECTS", row, bad.toByteArray());
      assertThat(failureOf(s3, "one", "small"))
          .as("bit %d", bit)
          .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    }
    EngineInspector.put(fx, "OBJECTS", row, good.toByteArray());
    assertThat(failureOf(s3, "one", "small")).isNull();
  }

  @Test
  void everySingleBitFlip_ofASmallObjectsCiphertextRow_isAnIntegrityError() throws Exception {
    fx.close();
    fx = new EngineFixture(dir, b -> b.inlineObjectBytes(0));
    s3 = fx.root();
    s3.putObject(
        PutObjectRequest.builder("one", "small").build(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    byte[] version = record("one", "small").getVersionId().toByteArray();
    byte[] row = EngineInspector.chunkRow(version, 0);
    byte[] good = EngineInspector.get(fx, "CHUNKS", row);
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] bad = good.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      EngineInspector.put(fx, "CHUNKS", row, bad);
      assertThat(failureOf(s3, "one", "small"))
          .as("bit %d", bit)
          .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    }
    EngineInspector.put(fx, "CHUNKS", row, good);
    assertThat(failureOf(s3, "one", "small")).isNull();
  }

  /**
   * Every bit of a one-segment object's whole stored record, flipped one at a time: the get fails
   * with an error or returns exactly the object's bytes (a flip in, say, the modification time is
   * not the data's), never other bytes.
   */
  @Test
  void everySingleBitFlip_ofAWholeInlineRecord_neverYieldsOtherBytes() throws Exception {
    byte[] data = {7, 7, 7};
    s3.putObject(
        PutObjectRequest.builder("one", "whole")
            .encryptionContext(EncryptionContext.of("t", "1"))
            .build(),
        data);
    byte[] row = EngineInspector.objectRow("one", "whole");
    byte[] good = EngineInspector.get(fx, "OBJECTS", row);
    int refused = 0;
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] bad = good.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      EngineInspector.put(fx, "OBJECTS", row, bad);
      byte[] got;
      try (ObjectContent c = s3.getObject(GetObjectRequest.of("one", "whole"))) {
        got = c.readAllBytes();
      } catch (CofferException | IOException e) {
        refused++;
        continue;
      }
      assertThat(got).as("bit %d", bit).isEqualTo(data);
    }
    assertThat(refused).as("most flips are refused").isGreaterThan(good.length * 8 / 2);
    EngineInspector.put(fx, "OBJECTS", row, good);
    assertThat(failureOf(s3, "one", "whole")).isNull();
  }

  /**
   * A record whose size says 0 is refused when the object is opened, before anything is read: the
   * sidecar sends an empty object's header without reading its stream, so a check at the first read
   * would come too late.
   */
  @ParameterizedTest(name = "inline limit {0}")
  @ValueSource(ints = {0, 16 * 1024})
  void aRecordWhoseSizeWasSetToZero_isRefusedWhenTheObjectIsOpened(int inlineLimit)
      throws Exception {
    fx.close();
    fx = new EngineFixture(dir, b -> b.inlineObjectBytes(inlineLimit));
    s3 = fx.root();
    s3.putObject(PutObjectRequest.builder("one", "three").build(), new byte[] {1, 2, 3});
    ObjectRecord good = record("one", "three");
    EngineInspector.put(
        fx,
        "OBJECTS",
        EngineInspector.objectRow("one", "three"),
        good.toBuilder().setSize(0).build().toByteArray());

    assertThatThrownBy(() -> s3.getObject(GetObjectRequest.of("one", "three")))
        .isInstanceOfSatisfying(
            CofferException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INTEGRITY_FAILURE));

    s3.putObject(PutObjectRequest.builder("one", "empty").build(), new byte[0]);
    try (ObjectContent empty = s3.getObject(GetObjectRequest.of("one", "empty"))) {
      assertThat(empty.readAllBytes()).isEmpty();
    }
  }

  @Test
  void everySingleBitFlip_ofTheRecordsKeyFields_isRefused() throws Exception {
    s3.putObject(
        PutObjectRequest.builder("one", "rec")
            .encryptionContext(EncryptionContext.of("t", "1"))
            .build(),
        new byte[] {9});
    byte[] row = EngineInspector.objectRow("one", "rec");
    ObjectRecord good = record("one", "rec");
    byte[][] fields = {
      good.getVersionId().toByteArray(),
      good.getKeyCommitment().toByteArray(),
      good.getWrappedDataKey().toByteArray()
    };
    for (int f = 0; f < fields.length; f++) {
      for (int bit = 0; bit < fields[f].length * 8; bit += 3) {
        byte[] flipped = fields[f].clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        ObjectRecord.Builder bad = good.toBuilder();
        switch (f) {
          case 0 -> bad.setVersionId(com.google.protobuf.ByteString.copyFrom(flipped));
          case 1 -> bad.setKeyCommitment(com.google.protobuf.ByteString.copyFrom(flipped));
          default -> bad.setWrappedDataKey(com.google.protobuf.ByteString.copyFrom(flipped));
        }
        EngineInspector.put(fx, "OBJECTS", row, bad.build().toByteArray());
        assertThat(failureOf(s3, "one", "rec")).as("field %d bit %d", f, bit).isNotNull();
      }
    }
    ObjectRecord.Builder otherContext = good.toBuilder().putEncryptionContext("t", "2");
    EngineInspector.put(fx, "OBJECTS", row, otherContext.build().toByteArray());
    assertThat(failureOf(s3, "one", "rec")).isEqualTo(ErrorCode.INTEGRITY_FAILURE);
  }

  /** Flips a bit in the middle of one stored segment of an object. */
  private void flipABitOfSegment(String bucket, String key, int segment) throws Exception {
    byte[] row =
        EngineInspector.chunkRow(record(bucket, key).getVersionId().toByteArray(), segment);
    byte[] damaged = EngineInspector.get(fx, "CHUNKS", row);
    damaged[damaged.length / 2] ^= 1;
    EngineInspector.put(fx, "CHUNKS", row, damaged);
  }

  /** The engine's events since {@code from}, in order. */
  private List<AuditEvent> engineEventsSince(int from) {
    return fx.audit.events().stream()
        .skip(from)
        .filter(e -> e.eventSource().equals("engine"))
        .toList();
  }

  @Test
  void get_ofAnObjectWhoseLaterSegmentIsDamaged_isAuditedAsAllowedThenAsFailedAtThatSegment()
      throws Exception {
    byte[] data = ObjectRoundTripTest.random(3 * SEGMENT + 5, 7);
    s3.putObject(PutObjectRequest.builder("one", "big").build(), data);
    flipABitOfSegment("one", "big", 2);
    int from = fx.audit.events().size();

    assertThat(failureOf(s3, "one", "big")).isEqualTo(ErrorCode.INTEGRITY_FAILURE);

    List<AuditEvent> events = engineEventsSince(from);
    assertThat(events).extracting(AuditEvent::eventName).containsExactly("GetObject", "GetObject");
    assertThat(events.get(0).outcome()).isEqualTo(AuditOutcome.ALLOWED);
    AuditEvent failed = events.get(1);
    assertThat(failed.outcome()).isEqualTo(AuditOutcome.ERROR);
    assertThat(failed.errorCode()).contains(ErrorCode.INTEGRITY_FAILURE);
    assertThat(failed.requestParameters())
        .containsEntry("bucket", "one")
        .containsEntry("key", "big")
        .containsEntry("failedAtByte", Long.toString(2L * SEGMENT));
    assertThat(failed.keyArn()).isEqualTo(events.get(0).keyArn());
  }

  @Test
  void get_readAgainAfterALaterSegmentFailed_failsAgainWithoutAnotherRecord() throws Exception {
    byte[] data = ObjectRoundTripTest.random(3 * SEGMENT + 5, 9);
    s3.putObject(PutObjectRequest.builder("one", "big").build(), data);
    flipABitOfSegment("one", "big", 1);
    int from = fx.audit.events().size();

    try (ObjectContent c = s3.getObject(GetObjectRequest.of("one", "big"))) {
      byte[] buffer = new byte[SEGMENT];
      assertThat(c.readNBytes(buffer, 0, SEGMENT)).isEqualTo(SEGMENT);
      for (int attempt = 0; attempt < 3; attempt++) {
        assertThatThrownBy(() -> c.read(buffer))
            .as("attempt %d", attempt)
            .isInstanceOf(IOException.class)
            .hasCauseInstanceOf(InvalidCiphertextException.class);
      }
    }

    assertThat(engineEventsSince(from))
        .extracting(AuditEvent::eventName, AuditEvent::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GetObject", AuditOutcome.ALLOWED),
            org.assertj.core.groups.Tuple.tuple("GetObject", AuditOutcome.ERROR));
  }

  @Test
  void get_ofADamagedSmallObject_failsTheGetObjectItselfWithOneRecord() throws Exception {
    s3.putObject(PutObjectRequest.builder("one", "small").build(), new byte[] {1, 2, 3});
    ObjectRecord good = record("one", "small");
    byte[] sealed = good.getInlineSegment().toByteArray();
    sealed[0] ^= 1;
    EngineInspector.put(
        fx,
        "OBJECTS",
        EngineInspector.objectRow("one", "small"),
        good.toBuilder()
            .setInlineSegment(com.google.protobuf.ByteString.copyFrom(sealed))
            .build()
            .toByteArray());
    int from = fx.audit.events().size();

    assertThatThrownBy(() -> s3.getObject(GetObjectRequest.of("one", "small")))
        .isInstanceOf(InvalidCiphertextException.class);

    List<AuditEvent> events = engineEventsSince(from);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).eventName()).isEqualTo("GetObject");
    assertThat(events.get(0).outcome()).isEqualTo(AuditOutcome.ERROR);
    assertThat(events.get(0).errorCode()).contains(ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  void copy_ofASourceWhoseLaterSegmentIsDamaged_isOneFailedCopyObjectRecord() throws Exception {
    s3.putObject(
        PutObjectRequest.builder("one", "big").build(), ObjectRoundTripTest.random(3 * SEGMENT, 8));
    flipABitOfSegment("one", "big", 1);
    int from = fx.audit.events().size();

    assertThatThrownBy(
            () ->
                s3.copyObject(
                    CopyObjectRequest.of(
                        "one", "big", PutObjectRequest.builder("two", "c").build())))
        .isInstanceOf(InvalidCiphertextException.class);

    List<AuditEvent> events = engineEventsSince(from);
    assertThat(events).extracting(AuditEvent::eventName).containsExactly("CopyObject");
    assertThat(events.get(0).errorCode()).contains(ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  void segmentsReorderedWithinAnObject_areRefused() throws Exception {
    s3.putObject(
        PutObjectRequest.builder("one", "big").build(), ObjectRoundTripTest.random(3 * SEGMENT, 1));
    byte[] v = record("one", "big").getVersionId().toByteArray();
    byte[] s0 = EngineInspector.get(fx, "CHUNKS", EngineInspector.chunkRow(v, 0));
    byte[] s1 = EngineInspector.get(fx, "CHUNKS", EngineInspector.chunkRow(v, 1));
    EngineInspector.put(fx, "CHUNKS", EngineInspector.chunkRow(v, 0), s1);
    EngineInspector.put(fx, "CHUNKS", EngineInspector.chunkRow(v, 1), s0);
    assertThat(failureOf(s3, "one", "big")).isEqualTo(ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  void aTruncatedObject_isRefused() throws Exception {
    s3.putObject(
        PutObjectRequest.builder("one", "cut").build(), ObjectRoundTripTest.random(3 * SEGMENT, 2));
    ObjectRecord r = record("one", "cut");
    byte[] v = r.getVersionId().toByteArray();
    EngineInspector.put(
        fx,
        "OBJECTS",
        EngineInspector.objectRow("one", "cut"),
        r.toBuilder().setSize(2L * SEGMENT).setSegmentCount(2).build().toByteArray());
    assertThat(failureOf(s3, "one", "cut"))
        .as("segment 1 was not sealed as last")
        .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    assertThat(v).isNotEmpty();
  }

  @Test
  void recordsAndSegmentsMovedBetweenObjectsBucketsOrVersions_areRefused() throws Exception {
    byte[] same = new byte[] {42};
    s3.putObject(PutObjectRequest.builder("one", "x").build(), same);
    s3.putObject(PutObjectRequest.builder("one", "y").build(), same);
    s3.putObject(PutObjectRequest.builder("two", "x").build(), same);
    byte[] ax = EngineInspector.get(fx, "OBJECTS", EngineInspector.objectRow("one", "x"));
    // A record moved to another key or bucket names the wrong object.
    EngineInspector.put(fx, "OBJECTS", EngineInspector.objectRow("one", "y"), ax);
    assertThat(failureOf(s3, "one", "y")).isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    EngineInspector.put(fx, "OBJECTS", EngineInspector.objectRow("two", "x"), ax);
    assertThat(failureOf(s3, "two", "x")).isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    // A record whose bucket and key fields are rewritten too: the associated data still differs.
    ObjectRecord forged = ObjectRecord.parseFrom(ax).toBuilder().setBucket("two").build();
    EngineInspector.put(fx, "OBJECTS", EngineInspector.objectRow("two", "x"), forged.toByteArray());
    assertThat(failureOf(s3, "two", "x")).isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    // Another version's inline segment in this version's record.
    s3.putObject(PutObjectRequest.builder("one", "w").build(), same);
    ObjectRecord w1 = record("one", "w");
    s3.putObject(PutObjectRequest.builder("one", "w").build(), same);
    ObjectRecord w2 = record("one", "w");
    EngineInspector.put(
        fx,
        "OBJECTS",
        EngineInspector.objectRow("one", "w"),
        w2.toBuilder().setInlineSegment(w1.getInlineSegment()).build().toByteArray());
    assertThat(failureOf(s3, "one", "w")).isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    // Another version's segment under this version's row.
    fx.close();
    fx = new EngineFixture(dir, b -> b.inlineObjectBytes(0));
    s3 = fx.root();
    s3.putObject(PutObjectRequest.builder("one", "v").build(), same);
    byte[] v1 = record("one", "v").getVersionId().toByteArray();
    byte[] seg1 = EngineInspector.get(fx, "CHUNKS", EngineInspector.chunkRow(v1, 0));
    s3.putObject(PutObjectRequest.builder("one", "v").build(), same);
    byte[] v2 = record("one", "v").getVersionId().toByteArray();
    EngineInspector.put(fx, "CHUNKS", EngineInspector.chunkRow(v2, 0), seg1);
    assertThat(failureOf(s3, "one", "v")).isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    assertThat(HexFormat.of().formatHex(v1)).isNotEqualTo(HexFormat.of().formatHex(v2));
  }

  @Test
  void getWithTheWrongExpectedContext_isRefused_andTheRightOneWorks() throws IOException {
    s3.putObject(
        PutObjectRequest.builder("one", "ctx")
            .encryptionContext(EncryptionContext.of("tenant", "acme"))
            .build(),
        new byte[] {5});
    assertThatThrownBy(
            () ->
                s3.getObject(
                    GetObjectRequest.of("one", "ctx")
                        .expectingContext(EncryptionContext.of("tenant", "evil"))))
        .isInstanceOf(CofferException.class)
        .satisfies(
            e ->
                assertThat(((CofferException) e).errorCode())
                    .isEqualTo(ErrorCode.INTEGRITY_FAILURE));
    try (ObjectContent c =
        s3.getObject(
            GetObjectRequest.of("one", "ctx")
                .expectingContext(EncryptionContext.of("tenant", "acme")))) {
      assertThat(c.readAllBytes()).containsExactly(5);
    }
  }

  @Test
  void reservedContextKeys_areRejected() {
    assertThatThrownBy(
            () ->
                PutObjectRequest.builder("one", "k")
                    .encryptionContext(EncryptionContext.of("aws:s3:arn", "arn:aws:s3:::other/x")))
        .isInstanceOf(CofferException.class)
        .hasMessageContaining("reserved");
  }
}
