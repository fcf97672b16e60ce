package dev.coffer.keystore.audit;

import dev.coffer.keystore.InvalidArgumentException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last record of an audit log: its sequence number and chain hash (lowercase hex). Whoever
 * keeps a head can later tell whether the log still reaches it, unchanged.
 */
public record AuditHead(long sequence, String hash) {
  /** A SHA-256 chain hash, as {@link #toString} prints it. */
  private static final Pattern FORM = Pattern.compile("(\\d+):([0-9a-fA-F]{64})");

  public AuditHead {
    if (sequence < 0) {
      throw new InvalidArgumentException("sequence must not be negative");
    }
    Objects.requireNonNull(hash, "hash");
  }

  /** Parses {@code SEQUENCE:HASH}, the form {@link #toString} prints. */
  public static AuditHead parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new InvalidArgumentException(
          "expected SEQUENCE:HASH, a record's sequence number and its chain hash in 64 hex"
              + " digits, got "
              + text);
    }
    try {
      return new AuditHead(Long.parseLong(m.group(1)), m.group(2));
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException("the sequence number of " + text + " is too large");
    }
  }

  @Override
  public String toString() {
    return sequence + ":" + hash;
  }
}
