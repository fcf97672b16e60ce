package dev.coffer.keystore.internal.audit;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.EncryptionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Serializes an {@link AuditEvent} as an {@code AuditEventRecord} without building the generated
 * message: the append path runs once per keystore call, and a builder with its maps and copies
 * would cost more than the rest of the record. A size pass then a write pass into a per-thread
 * buffer; the bytes parse as {@code AuditEventRecord} (a test holds the two in step).
 *
 * <p>Field numbers and meaning are those of {@code coffer/format/v1/audit.proto}; proto3 defaults
 * (empty, zero, false) are left out as the generated code would.
 */
final class EventEncoder {
  static final int EVENT_VERSION = 1;

  /** Longer strings (error messages, descriptions) are cut to this many characters. */
  static final int MAX_STRING = 16 * 1024;

  static final String TRUNCATED = "…[truncated]";

  private final ContextHasher hasher;
  private final ThreadLocal<Encoded> buffers = ThreadLocal.withInitial(Encoded::new);

  EventEncoder(ContextHasher hasher) {
    this.hasher = hasher;
  }

  /** An encoded event in a per-thread buffer: valid until the thread encodes the next one. */
  static final class Encoded {
    byte[] bytes = new byte[1024];
    int length;
    long timeMillis;
  }

  Encoded encode(AuditEvent e) {
    Encoded out = buffers.get();
    String errorCode = e.errorCode().map(Enum::name).orElse("");
    String message = cap(e.errorMessage().orElse(""));
    String explanation = cap(e.accessExplanation().orElse(""));
    String keyArn = e.keyArn().orElse("");
    int keyVersion = e.keyVersion().orElse(0);
    EncryptionContext source = e.sourceEncryptionContext().orElse(EncryptionContext.empty());
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long idHigh = (random.nextLong() & ~0xf000L) | 0x4000L;
    long idLow = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    out.timeMillis = e.eventTime().toEpochMilli();

    int size =
        CodedOutputStream.computeUInt32Size(1, EVENT_VERSION)
            + 2
            + 16
            + int64Size(3, out.timeMillis)
            + stringSize(4, e.eventSource())
            + stringSize(5, e.eventName())
            + stringSize(6, e.caller().principal().name())
            + stringSize(7, e.caller().sourceAddress().orElse(""))
            + stringSize(9, e.caller().viaService().orElse(""))
            + (e.caller().secureTransport() ? 2 : 0)
            + (e.readOnly() ? 2 : 0)
            + mapSize(12, e.requestParameters(), false)
            + mapSize(13, e.encryptionContext().asMap(), true)
            + mapSize(14, source.asMap(), true)
            + stringSize(15, keyArn)
            + (keyVersion == 0 ? 0 : CodedOutputStream.computeUInt32Size(16, keyVersion))
            + listSize(17, e.resources())
            + CodedOutputStream.computeEnumSize(18, e.outcome().ordinal() + 1)
            + stringSize(19, errorCode)
            + stringSize(20, message)
            + stringSize(21, explanation);
    if (out.bytes.length < size) {
      out.bytes = new byte[Math.max(size, out.bytes.length * 2)];
    }
    CodedOutputStream w = CodedOutputStream.newInstance(out.bytes, 0, size);
    try {
      w.writeUInt32(1, EVENT_VERSION);
      w.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      w.writeUInt32NoTag(16);
      w.writeFixed64NoTag(Long.reverseBytes(idHigh));
      w.writeFixed64NoTag(Long.reverseBytes(idLow));
      if (out.timeMillis != 0) {
        w.writeInt64(3, out.timeMillis);
      }
      string(w, 4, e.eventSource());
      string(w, 5, e.eventName());
      string(w, 6, e.caller().principal().name());
      string(w, 7, e.caller().sourceAddress().orElse(""));
      string(w, 9, e.caller().viaService().orElse(""));
      if (e.caller().secureTransport()) {
        w.writeBool(10, true);
      }
      if (e.readOnly()) {
        w.writeBool(11, true);
      }
      map(w, 12, e.requestParameters(), false);
      map(w, 13, e.encryptionContext().asMap(), true);
      map(w, 14, source.asMap(), true);
      string(w, 15, keyArn);
      if (keyVersion != 0) {
        w.writeUInt32(16, keyVersion);
      }
      for (String resource : e.resources()) {
        w.writeString(17, cap(resource));
      }
      w.writeEnum(18, e.outcome().ordinal() + 1);
      string(w, 19, errorCode);
      string(w, 20, message);
      string(w, 21, explanation);
      w.checkNoSpaceLeft();
    } catch (IOException ex) {
      throw new UncheckedIOException("audit record size miscounted", ex);
    }
    out.length = size;
    return out;
  }

  private static int int64Size(int field, long value) {
    return value == 0 ? 0 : CodedOutputStream.computeInt64Size(field, value);
  }

  private static int stringSize(int field, String value) {
    return value.isEmpty() ? 0 : CodedOutputStream.computeStringSize(field, cap(value));
  }

  private static void string(CodedOutputStream w, int field, String value) throws IOException {
    if (!value.isEmpty()) {
      w.writeString(field, cap(value));
    }
  }

  private static int listSize(int field, List<String> values) {
    int size = 0;
    for (String v : values) {
      size += CodedOutputStream.computeStringSize(field, cap(v));
    }
    return size;
  }

  private int mapSize(int field, Map<String, String> map, boolean context) {
    int size = 0;
    for (Map.Entry<String, String> entry : map.entrySet()) {
      int entrySize = entrySize(cap(entry.getKey()), value(entry, context));
      size +=
          CodedOutputStream.computeTagSize(field)
              + CodedOutputStream.computeUInt32SizeNoTag(entrySize)
              + entrySize;
    }
    return size;
  }

  private void map(CodedOutputStream w, int field, Map<String, String> map, boolean context)
      throws IOException {
    for (Map.Entry<String, String> entry : map.entrySet()) {
      String key = cap(entry.getKey());
      String value = value(entry, context);
      w.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      w.writeUInt32NoTag(entrySize(key, value));
      w.writeString(1, key);
      w.writeString(2, value);
    }
  }

  /** Map entries carry key and value even when empty, as protobuf-java writes them. */
  private static int entrySize(String key, String value) {
    return CodedOutputStream.computeStringSize(1, key)
        + CodedOutputStream.computeStringSize(2, value);
  }

  /** A map value as recorded: capped, and for a hashed context key its HMAC. */
  private String value(Map.Entry<String, String> entry, boolean context) {
    if (context && hasher.hashes(entry.getKey())) {
      return hasher.hash(entry.getValue());
    }
    return cap(entry.getValue());
  }

  private static String cap(String s) {
    return s.length() <= MAX_STRING ? s : s.substring(0, MAX_STRING) + TRUNCATED;
  }
}
