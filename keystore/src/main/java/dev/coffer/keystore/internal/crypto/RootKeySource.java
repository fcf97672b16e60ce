package dev.coffer.keystore.internal.crypto;

import dev.coffer.format.v1.RootKeyBinding;

/** Where a keystore's root key comes from: a key file, a passphrase, or an external KMS. */
public interface RootKeySource {
  /** For messages: what this source is, without secrets. */
  String description();

  /** A root key for a new keystore, and its binding. */
  RootKey create();

  /**
   * The root key of an existing keystore, from the binding in its header.
   *
   * @throws dev.coffer.keystore.KeystoreUnavailableException with {@code WRONG_ROOT_KEY} if this
   *     source cannot produce it (another kind of source, another KMS key, a wrong key)
   */
  RootKey open(RootKeyBinding binding);

  /** Names the kind of source a binding needs, for "open it with ..." messages. */
  static String kindOf(RootKeyBinding binding) {
    return switch (binding.getKindCase()) {
      case KEY_FILE -> "a root key file";
      case PASSPHRASE -> "a passphrase";
      case KMS -> "the KMS key " + binding.getKms().getKeyUri();
      case KIND_NOT_SET -> "an unknown kind of root key";
    };
  }
}
