package dev.coffer.engine.archive;

import dev.coffer.keystore.EncryptionContext;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What an exported object carried besides its bytes.
 *
 * @param encryptionContext the caller's pairs ({@code aws:s3:arn} is the engine's, made afresh on
 *     import)
 * @param kmsKeyArn the key it was encrypted under where it came from (for information)
 */
public record ArchivedObject(
    String contentType,
    Map<String, String> userMetadata,
    EncryptionContext encryptionContext,
    String kmsKeyArn,
    boolean bucketKeyEnabled,
    Instant lastModified) {
  public ArchivedObject {
    Objects.requireNonNull(contentType, "contentType");
    userMetadata = Map.copyOf(userMetadata);
    Objects.requireNonNull(encryptionContext, "encryptionContext");
    Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
