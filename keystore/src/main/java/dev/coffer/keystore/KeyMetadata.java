package dev.coffer.keystore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What DescribeKey says about a master key. Contains no key material.
 *
 * @param primaryVersion the version new encryptions use
 * @param minDecryptionVersion versions below this are retired and refuse to decrypt
 * @param deletionDate when a key pending deletion will be destroyed
 * @param destroyedDate when the key's material was erased
 */
public record KeyMetadata(
    String keyId,
    String arn,
    String description,
    Principal creator,
    Instant creationDate,
    KeyState keyState,
    Optional<Instant> deletionDate,
    Optional<Integer> pendingDeletionWindowInDays,
    Optional<Instant> destroyedDate,
    int primaryVersion,
    int minDecryptionVersion,
    List<KeyVersionInfo> versions,
    boolean rotationEnabled,
    Optional<Integer> rotationPeriodInDays,
    Optional<Instant> nextRotationDate,
    Map<String, String> tags) {

  /** KMS's name for the only key spec a Coffer master key has. */
  public static final String KEY_SPEC = "SYMMETRIC_DEFAULT";

  /** KMS's name for the only usage a Coffer master key has. */
  public static final String KEY_USAGE = "ENCRYPT_DECRYPT";

  public KeyMetadata {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(creator, "creator");
    Objects.requireNonNull(creationDate, "creationDate");
    Objects.requireNonNull(keyState, "keyState");
    Objects.requireNonNull(deletionDate, "deletionDate");
    Objects.requireNonNull(pendingDeletionWindowInDays, "pendingDeletionWindowInDays");
    Objects.requireNonNull(destroyedDate, "destroyedDate");
    Objects.requireNonNull(rotationPeriodInDays, "rotationPeriodInDays");
    Objects.requireNonNull(nextRotationDate, "nextRotationDate");
    versions = List.copyOf(versions);
    tags = Map.copyOf(tags);
  }

  public boolean enabled() {
    return keyState == KeyState.ENABLED;
  }

  /** The version with the given number. */
  public Optional<KeyVersionInfo> version(int number) {
    return versions.stream().filter(v -> v.version() == number).findFirst();
  }
}
