package dev.coffer.keystore;

/** Why a key version exists: the key's creation or one of the three kinds of rotation. */
public enum VersionOrigin {
  CREATE_KEY,
  /** RotateKeyOnDemand. */
  ON_DEMAND,
  /** Scheduled rotation after the configured period. */
  AUTOMATIC,
  /** The previous version reached the configured encryption-count threshold. */
  USAGE_LIMIT
}
