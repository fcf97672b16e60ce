package dev.coffer.keystore.internal.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.subtle.Random;
import com.google.protobuf.ByteString;
import dev.coffer.format.v1.KmsBinding;
import dev.coffer.format.v1.RootKeyBinding;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.KeystoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Root key of 32 random bytes wrapped by a key in an external KMS, reached through a Tink {@link
 * KmsClient} (AWS KMS, Google Cloud KMS, HashiCorp Vault, ...). Opening the keystore costs one KMS
 * Decrypt.
 */
public final class KmsRootKeySource implements RootKeySource {
  private static final byte[] WRAP_CONTEXT =
      "coffer/v1/keystore-root-key".getBytes(StandardCharsets.UTF_8);

  private final KmsClient client;
  private final String keyUri;

  public KmsRootKeySource(KmsClient client, String keyUri) {
    this.client = Objects.requireNonNull(client, "client");
    this.keyUri = Objects.requireNonNull(keyUri, "keyUri");
    if (!client.doesSupport(keyUri)) {
      throw new InvalidArgumentException("the KMS client does not support key URI " + keyUri);
    }
  }

  @Override
  public String description() {
    return "KMS key " + keyUri;
  }

  @Override
  public RootKey create() {
    byte[] root = Random.randBytes(RootKey.LENGTH);
    try {
      byte[] wrapped = aead().encrypt(root, WRAP_CONTEXT);
      RootKeyBinding binding =
          RootKeyBinding.newBuilder()
              .setKms(
                  KmsBinding.newBuilder()
                      .setKeyUri(keyUri)
                      .setWrappedRootKey(ByteString.copyFrom(wrapped)))
              .build();
      return new RootKey(root, binding);
    } catch (GeneralSecurityException e) {
      Arrays.fill(root, (byte) 0);
      throw new KeystoreUnavailableException(
          ErrorCode.WRONG_ROOT_KEY, "KMS key " + keyUri + " could not wrap a root key", e);
    }
  }

  @Override
  public RootKey open(RootKeyBinding binding) {
    if (binding.getKindCase() != RootKeyBinding.KindCase.KMS
        || !binding.getKms().getKeyUri().equals(keyUri)) {
      throw new KeystoreUnavailableException(
          ErrorCode.WRONG_ROOT_KEY,
          "this keystore is sealed with " + RootKeySource.kindOf(binding) + ", not " + keyUri);
    }
    try {
      byte[] root =
          aead().decrypt(binding.getKms().getWrappedRootKey().toByteArray(), WRAP_CONTEXT);
      return new RootKey(root, binding);
    } catch (GeneralSecurityException e) {
      throw new KeystoreUnavailableException(
          ErrorCode.WRONG_ROOT_KEY, "KMS key " + keyUri + " could not unwrap the root key", e);
    }
  }

  private Aead aead() throws GeneralSecurityException {
    return client.getAead(keyUri);
  }
}
