package dev.coffer.engine.archive;

import dev.coffer.keystore.EncryptionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open an archive's key: which keys to try (by default every recipient in turn) and,
 * optionally, the encryption context the archive must have been sealed with.
 */
public final class OpenOptions {
  private final Optional<EncryptionContext> expectedContext;
  private final List<String> keyIds;

  private OpenOptions(Optional<EncryptionContext> expectedContext, List<String> keyIds) {
    this.expectedContext = expectedContext;
    this.keyIds = List.copyOf(keyIds);
  }

  /** Every recipient in turn, with the context stored in the archive. */
  public static OpenOptions defaults() {
    return new OpenOptions(Optional.empty(), List.of());
  }

  /**
   * These options, failing with an integrity error (before any keystore call) unless the archive
   * was sealed with exactly these pairs.
   */
  public OpenOptions expectingContext(EncryptionContext context) {
    return new OpenOptions(Optional.of(Objects.requireNonNull(context, "context")), keyIds);
  }

  /** These options, trying only these keys (id, alias or ARN), in this order. */
  public OpenOptions tryingKeys(List<String> keyIds) {
    return new OpenOptions(expectedContext, new ArrayList<>(keyIds));
  }

  public Optional<EncryptionContext> expectedContext() {
    return expectedContext;
  }

  public List<String> keyIds() {
    return keyIds;
  }
}
