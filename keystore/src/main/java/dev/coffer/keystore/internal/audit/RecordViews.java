package dev.coffer.keystore.internal.audit;

import dev.coffer.format.v1.AuditEventRecord;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.audit.AuditRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Turns stored event records into the public {@link AuditRecord} view. */
final class RecordViews {
  private static final HexFormat HEX = HexFormat.of();

  private RecordViews() {}

  static AuditRecord event(long sequence, AuditEventRecord e, byte[] previousHash, byte[] hash) {
    return new AuditRecord(
        sequence,
        uuid(e.getEventId().toByteArray()),
        e.getEventVersion(),
        Instant.ofEpochMilli(e.getEventTimeEpochMillis()),
        e.getEventSource(),
        e.getEventName(),
        e.getPrincipal(),
        optional(e.getSourceAddress()),
        optional(e.getUserAgent()),
        optional(e.getViaService()),
        e.getSecureTransport(),
        e.getReadOnly(),
        e.getRequestParametersMap(),
        e.getEncryptionContextMap(),
        e.getSourceEncryptionContextMap(),
        optional(e.getKeyArn()),
        e.getKeyVersion() == 0 ? OptionalInt.empty() : OptionalInt.of(e.getKeyVersion()),
        resources(e),
        outcome(e),
        optional(e.getErrorCode()),
        optional(e.getErrorMessage()),
        optional(e.getAccessExplanation()),
        HEX.formatHex(previousHash),
        HEX.formatHex(hash));
  }

  /** The resources, with the empty entries that stand for the key ARN filled in. */
  private static List<String> resources(AuditEventRecord e) {
    List<String> out = new ArrayList<>(e.getResourcesCount());
    for (String r : e.getResourcesList()) {
      out.add(r.isEmpty() ? e.getKeyArn() : r);
    }
    return out;
  }

  private static AuditOutcome outcome(AuditEventRecord e) {
    return switch (e.getOutcome()) {
      case AUDIT_OUTCOME_ALLOWED -> AuditOutcome.ALLOWED;
      case AUDIT_OUTCOME_DENIED -> AuditOutcome.DENIED;
      default -> AuditOutcome.ERROR;
    };
  }

  private static Optional<String> optional(String s) {
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private static String uuid(byte[] id) {
    if (id.length != 16) {
      return HEX.formatHex(id);
    }
    ByteBuffer b = ByteBuffer.wrap(id);
    return new UUID(b.getLong(), b.getLong()).toString();
  }
}
