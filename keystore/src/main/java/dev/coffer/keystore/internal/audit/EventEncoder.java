package dev.coffer.keystore.internal.audit;

import dev.coffer.keystore.AuditEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * Serializes an {@link AuditEvent} as an {@code AuditEventRecord} without building the generated
 * message: the append path runs once per keystore call, and a builder with its maps and copies
 * would cost more than the rest of the record. One pass into a per-thread buffer, no allocation for
 * short strings; the bytes parse as {@code AuditEventRecord} (a property test holds the two in
 * step).
 *
 * <p>Field numbers and meaning are those of {@code coffer/format/v1/audit.proto}; proto3 defaults
 * (empty, zero, false) are left out as the generated code would, and map entries carry key and
 * value even when empty, as protobuf-java writes them.
 */
final class EventEncoder {
  static final int EVENT_VERSION = 1;

  /** Longer strings (error messages, descriptions) are cut to this many characters. */
  static final int MAX_STRING = 16 * 1024;

  static final String TRUNCATED = "…[truncated]";

  private final ContextHasher hasher;
  private final ThreadLocal<Encoded> buffers = ThreadLocal.withInitial(() -> new Encoded());

  EventEncoder(ContextHasher hasher) {
    this.hasher = hasher;
  }

  /** An encoded event in a per-thread buffer: valid until the thread encodes the next one. */
  final class Encoded implements BiConsumer<String, String> {
    final RecordWriter writer = new RecordWriter();
    byte[] bytes;
    int length;
    long timeMillis;
    private int field;
    private boolean context;

    /** Writes a map field's entries, in the map's order, without allocating an iterator. */
    void map(int mapField, Map<String, String> map, boolean isContext) {
      field = mapField;
      context = isContext;
      map.forEach(this);
    }

    /** One map entry; a hashed context key keeps only the HMAC of its value. */
    @Override
    public void accept(String key, String value) {
      int mark = writer.begin(field);
      writer.stringAlways(1, cap(key));
      writer.stringAlways(2, context && hasher.hashes(key) ? hasher.hash(value) : cap(value));
      writer.end(mark);
    }
  }

  Encoded encode(AuditEvent e) {
    Encoded out = buffers.get();
    RecordWriter w = out.writer;
    w.reset();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    out.timeMillis = e.eventTime().toEpochMilli();
    w.varintField(1, EVENT_VERSION);
    w.uuidField(
        2,
        (random.nextLong() & ~0xf000L) | 0x4000L,
        (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L);
    w.varintField(3, out.timeMillis);
    w.stringField(4, cap(e.eventSource()));
    w.stringField(5, cap(e.eventName()));
    w.stringField(6, cap(e.caller().principal().name()));
    if (e.caller().sourceAddress().isPresent()) {
      w.stringField(7, cap(e.caller().sourceAddress().get()));
    }
    if (e.caller().userAgent().isPresent()) {
      w.stringField(8, cap(e.caller().userAgent().get()));
    }
    if (e.caller().viaService().isPresent()) {
      w.stringField(9, cap(e.caller().viaService().get()));
    }
    w.varintField(10, e.caller().secureTransport() ? 1 : 0);
    w.varintField(11, e.readOnly() ? 1 : 0);
    out.map(12, e.requestParameters(), false);
    out.map(13, e.encryptionContext().asMap(), true);
    if (e.sourceEncryptionContext().isPresent()) {
      out.map(14, e.sourceEncryptionContext().get().asMap(), true);
    }
    if (e.keyArn().isPresent()) {
      w.stringField(15, cap(e.keyArn().get()));
    }
    if (e.keyVersion().isPresent()) {
      w.varintField(16, e.keyVersion().getAsInt());
    }
    List<String> resources = e.resources();
    String keyArn = e.keyArn().orElse(null);
    for (int i = 0; i < resources.size(); i++) {
      // The key ARN is nearly always a resource too: an empty entry stands for it.
      String resource = resources.get(i);
      w.stringAlways(17, resource.equals(keyArn) ? "" : cap(resource));
    }
    w.varintField(18, e.outcome().ordinal() + 1);
    if (e.errorCode().isPresent()) {
      w.stringField(19, e.errorCode().get().name());
    }
    if (e.errorMessage().isPresent()) {
      w.stringField(20, cap(e.errorMessage().get()));
    }
    if (e.accessExplanation().isPresent()) {
      w.stringField(21, cap(e.accessExplanation().get()));
    }
    out.bytes = w.buf;
    out.length = w.pos;
    return out;
  }

  private static String cap(String s) {
    return s.length() <= MAX_STRING ? s : s.substring(0, MAX_STRING) + TRUNCATED;
  }
}
