package dev.coffer.keystore;

import com.google.crypto.tink.KmsClient;
import dev.coffer.keystore.internal.crypto.KeyFileRootKeySource;
import dev.coffer.keystore.internal.crypto.KmsRootKeySource;
import dev.coffer.keystore.internal.crypto.PassphraseRootKeySource;
import dev.coffer.keystore.internal.crypto.RootKeySource;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the root key that seals the keystore on disk comes from. The keystore's header records
 * which kind was used, so opening with another kind fails with a message saying which is needed.
 *
 * <ul>
 *   <li>{@link #keyFile}: 32 random bytes in a file created with owner-only permissions on first
 *       use. The embedded default ({@code root.key} in the keystore directory); keep it elsewhere
 *       to separate the key from the data.
 *   <li>{@link #passphrase}: PBKDF2-HMAC-SHA256 with a random salt, 600,000 iterations by default.
 *   <li>{@link #kms}: a random root key wrapped by a key in an external KMS through a Tink {@link
 *       KmsClient}.
 * </ul>
 */
public final class RootKeyProvider {
  private final RootKeySource source;

  private RootKeyProvider(RootKeySource source) {
    this.source = source;
  }

  public static RootKeyProvider keyFile(Path file) {
    return new RootKeyProvider(new KeyFileRootKeySource(Objects.requireNonNull(file, "file")));
  }

  /** Copies the passphrase; zero your array when done. */
  public static RootKeyProvider passphrase(char[] passphrase) {
    return passphrase(passphrase, PassphraseRootKeySource.DEFAULT_ITERATIONS);
  }

  /**
   * A passphrase with a chosen PBKDF2 iteration count (at least 10,000) for new keystores; an
   * existing keystore uses the count in its header.
   */
  public static RootKeyProvider passphrase(char[] passphrase, int iterations) {
    return new RootKeyProvider(new PassphraseRootKeySource(passphrase, iterations));
  }

  public static RootKeyProvider kms(KmsClient client, String keyUri) {
    return new RootKeyProvider(new KmsRootKeySource(client, keyUri));
  }

  RootKeySource source() {
    return source;
  }

  @Override
  public String toString() {
    return source.description();
  }
}
