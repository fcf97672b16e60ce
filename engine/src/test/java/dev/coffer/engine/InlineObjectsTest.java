package dev.coffer.engine;

import static dev.coffer.engine.EngineFixture.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.coffer.engine.internal.store.Records;
import dev.coffer.format.v1.ObjectRecord;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Small objects kept in their records (format version 2) beside objects whose data is in rows. */
class InlineObjectsTest {
  @TempDir Path dir;
  EngineFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  private ObjectRecord record(String key) {
    return EngineInspector.objectRecord(fx.coffer(), "bkt", key);
  }

  private static byte[] read(ObjectStore s3, String key) throws IOException {
    return ObjectRoundTripTest.readAll(s3.getObject(GetObjectRequest.of("bkt", key)));
  }

  @ParameterizedTest(name = "{0} bytes: format version {1}, {2} chunks rows")
  @CsvSource({"0, 2, 0", "1, 2, 0", "1000, 2, 0", "1001, 1, 1", "16384, 1, 1", "16385, 1, 2"})
  void objectsUpToTheLimit_keepTheirDataInTheRecord_andLargerOnesInRows(
      int size, int formatVersion, long rows) throws Exception {
    fx = new EngineFixture(dir, b -> b.inlineObjectBytes(1000));
    ObjectStore s3 = fx.root();
    s3.createBucket(CreateBucketRequest.of("bkt"));
    byte[] data = ObjectRoundTripTest.random(size, size);

    s3.putObject(PutObjectRequest.builder("bkt", "o").build(), data);

    ObjectRecord r = record("o");
    assertThat(r.getFormatVersion()).isEqualTo(formatVersion);
    assertThat(r.getInlineSegment().isEmpty()).isEqualTo(formatVersion == 1);
    assertThat(EngineInspector.chunkCount(fx)).isEqualTo(rows);
    assertThat(read(s3, "o")).isEqualTo(data);
    assertThat(read(s3, "o")).hasSize(size);
  }

  @Test
  void objectsWrittenUnderOneSetting_readOverwriteAndDeleteUnderTheOther() throws Exception {
    byte[] small = ObjectRoundTripTest.random(300, 1);
    byte[] large = ObjectRoundTripTest.random(2 * SEGMENT + 3, 2);
    fx = new EngineFixture(dir);
    fx.root().createBucket(CreateBucketRequest.of("bkt"));
    fx.root().putObject(PutObjectRequest.builder("bkt", "inline").build(), small);
    fx.close();
    fx = new EngineFixture(dir, b -> b.inlineObjectBytes(0));
    ObjectStore s3 = fx.root();
    s3.putObject(PutObjectRequest.builder("bkt", "rows").build(), small);
    assertThat(read(s3, "inline")).isEqualTo(small);
    assertThat(record("inline").getFormatVersion()).isEqualTo(2);
    assertThat(record("rows").getFormatVersion()).isEqualTo(1);
    assertThat(EngineInspector.chunkCount(fx)).isEqualTo(1);
    fx.close();

    fx = new EngineFixture(dir);
    s3 = fx.root();
    assertThat(read(s3, "rows")).isEqualTo(small);
    s3.putObject(PutObjectRequest.builder("bkt", "rows").build(), small);
    assertThat(EngineInspector.chunkCount(fx)).as("the old version's row is gone").isZero();
    s3.putObject(PutObjectRequest.builder("bkt", "inline").build(), large);
    assertThat(read(s3, "inline")).isEqualTo(large);
    assertThat(EngineInspector.chunkCount(fx)).isEqualTo(3);
    s3.deleteObject("bkt", "inline");
    s3.deleteObject("bkt", "rows");
    assertThat(EngineInspector.chunkCount(fx)).isZero();
    assertThat(s3.listObjects(ListObjectsRequest.builder("bkt").build()).contents()).isEmpty();
  }

  @Test
  void inlineRecordsThatBreakTheFormatsRules_areRefusedAsDamaged() throws Exception {
    fx = new EngineFixture(dir);
    ObjectStore s3 = fx.root();
    s3.createBucket(CreateBucketRequest.of("bkt"));
    s3.putObject(PutObjectRequest.builder("bkt", "o").build(), new byte[] {1, 2, 3});
    ObjectRecord good = record("o");
    byte[] row = EngineInspector.objectRow("bkt", "o");
    ObjectRecord[] damaged = {
      good.toBuilder().clearInlineSegment().build(),
      good.toBuilder().setFormatVersion(1).build(),
      good.toBuilder().setSegmentCount(2).build(),
      good.toBuilder().setInlineSegment(ByteString.copyFrom(new byte[16])).build(),
    };
    for (ObjectRecord bad : damaged) {
      EngineInspector.put(fx, "OBJECTS", row, bad.toByteArray());
      assertThat(ObjectIntegrityTest.failureOf(s3, "bkt", "o"))
          .as(bad.toString())
          .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    }
    EngineInspector.put(
        fx, "OBJECTS", row, good.toBuilder().setFormatVersion(3).build().toByteArray());
    assertThatThrownBy(() -> s3.headObject("bkt", "o"))
        .isInstanceOf(CofferException.class)
        .hasMessageContaining("format version 3")
        .hasMessageContaining("reads versions 1 and 2");
    EngineInspector.put(fx, "OBJECTS", row, good.toByteArray());
    assertThat(read(s3, "o")).containsExactly(1, 2, 3);
  }

  /** The format's own rules, checked where every record is parsed, before any other check. */
  @ParameterizedTest(name = "format {0}, inline {1}, segments {2}: accepted {3}")
  @CsvSource({
    "1, false, 1, true",
    "1, false, 3, true",
    "2, true, 1, true",
    "1, true, 1, false",
    "2, false, 1, false",
    "2, true, 2, false",
    "0, false, 1, false",
    "3, true, 1, false"
  })
  void parsedRecords_followTheFormatVersionsRules(
      int version, boolean inline, int segments, boolean accepted) {
    ObjectRecord.Builder r =
        ObjectRecord.newBuilder().setFormatVersion(version).setSegmentCount(segments);
    if (inline) {
      r.setInlineSegment(ByteString.copyFrom(new byte[16]));
    }
    byte[] raw = r.build().toByteArray();
    if (accepted) {
      assertThat(Records.parseObject(raw, "bkt/o").getFormatVersion()).isEqualTo(version);
    } else {
      assertThatThrownBy(() -> Records.parseObject(raw, "bkt/o"))
          .isInstanceOfSatisfying(
              CofferException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INTEGRITY_FAILURE));
    }
  }

  @Test
  void theLimit_isBoundedAndZeroTurnsItOff() {
    assertThatThrownBy(() -> Coffer.builder(dir).inlineObjectBytes(-1))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Coffer.builder(dir).inlineObjectBytes(256 * 1024 + 1))
        .isInstanceOf(InvalidArgumentException.class);
    fx = new EngineFixture(dir, b -> b.inlineObjectBytes(0));
    fx.root().createBucket(CreateBucketRequest.of("bkt"));
    fx.root().putObject(PutObjectRequest.builder("bkt", "empty").build(), new byte[0]);
    assertThat(EngineInspector.chunkCount(fx)).isEqualTo(1);
  }
}
