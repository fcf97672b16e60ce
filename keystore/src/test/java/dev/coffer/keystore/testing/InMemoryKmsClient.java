package dev.coffer.keystore.testing;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Random;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A KMS reached through Tink's {@link KmsClient} interface, holding its keys in memory: the part of
 * a cloud KMS a root-key provider relies on (wrap and unwrap under a named key). Keys are created
 * by {@link #createKey}; unknown key URIs fail as a real KMS would.
 */
public final class InMemoryKmsClient implements KmsClient {
  public static final String PREFIX = "test-kms://";
  private final Map<String, Aead> keys = new ConcurrentHashMap<>();

  public String createKey(String name) throws GeneralSecurityException {
    keys.put(PREFIX + name, new AesGcmJce(Random.randBytes(32)));
    return PREFIX + name;
  }

  @Override
  public boolean doesSupport(String keyUri) {
    return keyUri != null && keyUri.startsWith(PREFIX);
  }

  @Override
  public KmsClient withCredentials(String credentialPath) {
    return this;
  }

  @Override
  public KmsClient withDefaultCredentials() {
    return this;
  }

  @Override
  public Aead getAead(String keyUri) throws GeneralSecurityException {
    Aead aead = keys.get(keyUri);
    if (aead == null) {
      throw new GeneralSecurityException("no such KMS key: " + keyUri);
    }
    return aead;
  }
}
