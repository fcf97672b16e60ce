package dev.coffer.keystore.policy;

/** What a policy document is attached to, which decides its required elements and size limit. */
public enum PolicyKind {
  /** On a master key; names principals; at most 32 KiB, as KMS. */
  KEY_POLICY("key policy", 32 * 1024, true),
  /** On a bucket; names principals; at most 20 KiB, as S3. */
  BUCKET_POLICY("bucket policy", 20 * 1024, true),
  /** On a principal (IAM's inline role and user policies); names no principal; at most 10 KiB. */
  IDENTITY_POLICY("identity policy", 10 * 1024, false);

  private final String displayName;
  private final int maxBytes;
  private final boolean hasPrincipals;

  PolicyKind(String displayName, int maxBytes, boolean hasPrincipals) {
    this.displayName = displayName;
    this.maxBytes = maxBytes;
    this.hasPrincipals = hasPrincipals;
  }

  public String displayName() {
    return displayName;
  }

  /** Largest accepted document, in UTF-8 bytes. */
  public int maxBytes() {
    return maxBytes;
  }

  /** Whether statements must name a {@code Principal} (resource policies) or must not. */
  public boolean hasPrincipals() {
    return hasPrincipals;
  }
}
