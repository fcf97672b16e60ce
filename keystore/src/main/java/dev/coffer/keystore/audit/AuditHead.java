package dev.coffer.keystore.audit;

import dev.coffer.keystore.InvalidArgumentException;
import java.util.Objects;

/**
 * The last record of an audit log: its sequence number and chain hash (lowercase hex). Whoever
 * keeps a head can later tell whether the log still reaches it, unchanged.
 */
public record AuditHead(long sequence, String hash) {
  public AuditHead {
    if (sequence < 0) {
      throw new InvalidArgumentException("sequence must not be negative");
    }
    Objects.requireNonNull(hash, "hash");
  }

  /** Parses {@code SEQUENCE:HASH}, the form {@link #toString} prints. */
  public static AuditHead parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 1) {
      throw new InvalidArgumentException("expected SEQUENCE:HASH, got " + text);
    }
    return new AuditHead(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return sequence + ":" + hash;
  }
}
