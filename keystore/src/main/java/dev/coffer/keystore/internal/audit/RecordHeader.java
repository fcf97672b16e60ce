package dev.coffer.keystore.internal.audit;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.coffer.format.v1.AuditDigestRecord;
import dev.coffer.format.v1.AuditLogRecord;
import java.io.IOException;

/**
 * What walking the chain needs of a record ({@code AuditLogRecord} in {@code audit.proto}): its
 * sequence number, previous hash, whether it is an event or a digest, an event's time and a
 * digest's body, read without parsing the event's strings and maps. Parsing whole records was most
 * of an open's time: a full 16 MiB segment holds some 65,000 of them, and the open walks it.
 *
 * <p>Reads as protobuf-java would: fields of an unexpected wire type are skipped as unknown, the
 * last of {@code event} and {@code digest} wins (a oneof), and malformed bytes throw. It does not
 * check the event's own fields; the hash the record is stored with does, and a full verification
 * parses every record.
 */
record RecordHeader(
    long sequence,
    byte[] previousHash,
    boolean event,
    long eventTimeMillis,
    AuditDigestRecord digest) {
  private static final byte[] NONE = new byte[0];

  boolean isDigest() {
    return digest != null;
  }

  /** The header of a record already parsed whole. */
  static RecordHeader of(AuditLogRecord record) {
    return new RecordHeader(
        record.getSequence(),
        record.getPreviousHash().toByteArray(),
        record.hasEvent(),
        record.hasEvent() ? record.getEvent().getEventTimeEpochMillis() : 0,
        record.hasDigest() ? record.getDigest() : null);
  }

  /** The header of frame {@code i} of {@code scan}. */
  static RecordHeader read(SegmentScan scan, int i) throws IOException {
    return read(scan.data, scan.recordOffset(i), scan.recordLength(i));
  }

  /** The header of the record in {@code length} bytes of {@code data} at {@code offset}. */
  static RecordHeader read(byte[] data, int offset, int length) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(data, offset, length);
    long sequence = 0;
    byte[] previous = NONE;
    boolean event = false;
    long time = 0;
    AuditDigestRecord digest = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      int type = WireFormat.getTagWireType(tag);
      if (field == 1 && type == WireFormat.WIRETYPE_VARINT) {
        sequence = in.readUInt64();
      } else if (field == 2 && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        previous = in.readByteArray();
      } else if (field == 3 && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int limit = in.pushLimit(in.readRawVarint32());
        // A body repeated in the same case merges into the one before, as protobuf-java merges.
        time = eventTime(in, event ? time : 0);
        in.popLimit(limit);
        event = true;
        digest = null;
      } else if (field == 4 && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        ByteString body = in.readBytes();
        digest =
            digest == null
                ? AuditDigestRecord.parseFrom(body)
                : digest.toBuilder().mergeFrom(body).build();
        event = false;
        time = 0;
      } else if (!in.skipField(tag)) {
        throw new InvalidProtocolBufferException("an end-group tag in an audit record");
      }
    }
    return new RecordHeader(sequence, previous, event, time, digest);
  }

  /**
   * {@code event_time_epoch_millis} (field 3) of an event, or {@code before} if the event has none;
   * reads to the event's end.
   */
  private static long eventTime(CodedInputStream in, long before) throws IOException {
    long time = before;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 3
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
        time = in.readInt64();
      } else if (!in.skipField(tag)) {
        throw new InvalidProtocolBufferException("an end-group tag in an audit event");
      }
    }
    return time;
  }
}
