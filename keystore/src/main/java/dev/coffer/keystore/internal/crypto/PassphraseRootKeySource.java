package dev.coffer.keystore.internal.crypto;

import com.google.crypto.tink.subtle.Random;
import com.google.protobuf.ByteString;
import dev.coffer.format.v1.PassphraseBinding;
import dev.coffer.format.v1.RootKeyBinding;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.KeystoreUnavailableException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Root key derived from a passphrase with PBKDF2-HMAC-SHA256 and a random 16-byte salt. The
 * iteration count is recorded in the header; a changed header derives another key and fails the
 * check, so it cannot be used to weaken the derivation.
 */
public final class PassphraseRootKeySource implements RootKeySource {
  public static final String KDF = "PBKDF2WithHmacSHA256";

  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  public static final int MIN_ITERATIONS = 10_000;

  /** Refuse headers that would make opening take hours. */
  private static final int MAX_ITERATIONS = 50_000_000;

  private final char[] passphrase;
  private final int iterations;

  /** Copies the passphrase; the caller may zero its array afterwards. */
  public PassphraseRootKeySource(char[] passphrase, int iterations) {
    if (passphrase == null || passphrase.length == 0) {
      throw new InvalidArgumentException("passphrase must not be empty");
    }
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new InvalidArgumentException(
          "PBKDF2 iterations must be between " + MIN_ITERATIONS + " and " + MAX_ITERATIONS);
    }
    this.passphrase = passphrase.clone();
    this.iterations = iterations;
  }

  @Override
  public String description() {
    return "passphrase (" + KDF + ", " + iterations + " iterations)";
  }

  @Override
  public RootKey create() {
    byte[] salt = Random.randBytes(16);
    RootKeyBinding binding =
        RootKeyBinding.newBuilder()
            .setPassphrase(
                PassphraseBinding.newBuilder()
                    .setKdf(KDF)
                    .setSalt(ByteString.copyFrom(salt))
                    .setIterations(iterations))
            .build();
    return new RootKey(derive(salt, iterations), binding);
  }

  @Override
  public RootKey open(RootKeyBinding binding) {
    if (binding.getKindCase() != RootKeyBinding.KindCase.PASSPHRASE) {
      throw new KeystoreUnavailableException(
          ErrorCode.WRONG_ROOT_KEY,
          "this keystore is sealed with " + RootKeySource.kindOf(binding) + ", not a passphrase");
    }
    PassphraseBinding p = binding.getPassphrase();
    if (!KDF.equals(p.getKdf())
        || p.getSalt().size() < 16
        || p.getIterations() < 1
        || p.getIterations() > MAX_ITERATIONS) {
      throw new KeystoreUnavailableException(
          ErrorCode.INTEGRITY_FAILURE, "keystore header has invalid passphrase parameters");
    }
    return new RootKey(derive(p.getSalt().toByteArray(), p.getIterations()), binding);
  }

  private byte[] derive(byte[] salt, int rounds) {
    PBEKeySpec spec = new PBEKeySpec(passphrase, salt, rounds, RootKey.LENGTH * 8);
    try {
      return SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2 is unavailable", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(salt, (byte) 0);
    }
  }
}
