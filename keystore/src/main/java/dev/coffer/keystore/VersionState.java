package dev.coffer.keystore;

/**
 * State of one version of a master key. Versions below the key's minimum decryption version are
 * {@code RETIRED}: kept, but refused for decryption. A retired version can be {@code DESTROYED},
 * which erases its material for good; raising the minimum back over it is then impossible.
 */
public enum VersionState {
  ACTIVE,
  RETIRED,
  DESTROYED
}
