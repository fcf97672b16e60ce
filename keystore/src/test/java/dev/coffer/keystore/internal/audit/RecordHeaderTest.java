package dev.coffer.keystore.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.coffer.format.v1.AuditDigestRecord;
import dev.coffer.format.v1.AuditEventRecord;
import dev.coffer.format.v1.AuditLogRecord;
import dev.coffer.keystore.testing.ByteArrays;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The header reader an open walks with agrees with the generated parser on every record that
 * parses, whatever its body, field order or unknown fields, and never refuses one.
 */
class RecordHeaderTest {
  private static final Gen<byte[]> BYTES = ByteArrays.ofLengthBetween(0, 40);

  private static final Gen<AuditLogRecord> RECORDS =
      longs()
          .between(0, Long.MAX_VALUE)
          .zip(
              BYTES,
              integers().between(0, 2),
              longs().all(),
              BYTES,
              (sequence, previous, body, time, blob) -> {
                AuditLogRecord.Builder b =
                    AuditLogRecord.newBuilder()
                        .setSequence(sequence)
                        .setPreviousHash(ByteString.copyFrom(previous));
                if (body == 1) {
                  b.setEvent(
                      AuditEventRecord.newBuilder()
                          .setEventVersion(1)
                          .setEventId(ByteString.copyFrom(blob))
                          .setEventTimeEpochMillis(time)
                          .setEventName("GenerateDataKey")
                          .putRequestParameters("k", "v"));
                } else if (body == 2) {
                  b.setDigest(
                      AuditDigestRecord.newBuilder()
                          .setStatement(ByteString.copyFrom(blob))
                          .setSignature(ByteString.copyFrom(previous)));
                }
                return b.build();
              });

  private static void assertAgrees(AuditLogRecord record, RecordHeader header) {
    assertThat(header.sequence()).isEqualTo(record.getSequence());
    assertThat(header.previousHash()).isEqualTo(record.getPreviousHash().toByteArray());
    assertThat(header.isDigest()).isEqualTo(record.hasDigest());
    assertThat(header.event()).isEqualTo(record.hasEvent());
    if (record.hasDigest()) {
      assertThat(header.digest()).isEqualTo(record.getDigest());
    }
    if (record.hasEvent()) {
      assertThat(header.eventTimeMillis()).isEqualTo(record.getEvent().getEventTimeEpochMillis());
    }
  }

  @Test
  void header_agreesWithTheGeneratedParser_onEveryRecord() {
    qt().forAll(RECORDS)
        .checkAssert(
            r -> {
              byte[] bytes = r.toByteArray();
              assertAgrees(r, read(bytes));
            });
  }

  @Test
  void header_agreesWithTheGeneratedParser_withUnknownFieldsAndTwoBodies() {
    qt().forAll(RECORDS, RECORDS, booleans().all())
        .checkAssert(
            (first, second, unknownFirst) -> {
              // Concatenated messages merge: the later scalar wins and the oneof takes the later
              // body, as a writer appending fields would leave them.
              byte[] unknown = {(byte) 0xf8, 0x07, 0x2a}; // field 127, varint 42
              byte[] a = first.toByteArray();
              byte[] b = second.toByteArray();
              byte[] bytes =
                  unknownFirst
                      ? ByteArrays.concat(unknown, a, b)
                      : ByteArrays.concat(a, unknown, b);
              AuditLogRecord parsed = parse(bytes);
              assertAgrees(parsed, read(bytes));
            });
  }

  @Test
  void header_neverRefusesARecordTheGeneratedParserAccepts_whenBytesAreMutated() {
    qt().forAll(RECORDS, integers().between(0, 10_000), integers().between(1, 255))
        .checkAssert(
            (record, where, flip) -> {
              byte[] bytes = record.toByteArray();
              if (bytes.length == 0) {
                return;
              }
              bytes[where % bytes.length] ^= (byte) flip.intValue();
              AuditLogRecord parsed;
              try {
                parsed = AuditLogRecord.parseFrom(bytes);
              } catch (InvalidProtocolBufferException e) {
                return; // the full parse refuses; the header may or may not
              }
              assertAgrees(parsed, read(bytes));
            });
  }

  @Test
  void header_ofTruncatedBytes_isAnError() {
    byte[] bytes =
        AuditLogRecord.newBuilder()
            .setSequence(7)
            .setPreviousHash(ByteString.copyFrom(new byte[32]))
            .build()
            .toByteArray();
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 5);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordHeader.read(cut, 0, cut.length))
        .isInstanceOf(IOException.class);
  }

  private static RecordHeader read(byte[] bytes) {
    try {
      return RecordHeader.read(bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new AssertionError("the header refused what the parser accepts", e);
    }
  }

  private static AuditLogRecord parse(byte[] bytes) {
    try {
      return AuditLogRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
