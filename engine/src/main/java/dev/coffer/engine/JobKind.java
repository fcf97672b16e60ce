package dev.coffer.engine;

/** What a background job does. */
public enum JobKind {
  /**
   * Moves every wrapped key still under an older version of a master key to its primary version,
   * through ReEncrypt: bucket keys first, then objects' data keys. No object data is rewritten and
   * no plaintext key leaves the keystore.
   */
  REWRAP,
  /** Re-encrypts every object under the key with a fresh data key: data rewritten, one by one. */
  DEEP,
  /**
   * Moves a bucket's objects to another master key (the bucket's new default), through ReEncrypt.
   */
  CHANGE_KEY
}
