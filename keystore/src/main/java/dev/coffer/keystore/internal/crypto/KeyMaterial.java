package dev.coffer.keystore.internal.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret part of a master key: a Tink keyset holding one AES-256-GCM key (TINK output prefix)
 * per version. Immutable; operations that add or remove a version return a new instance. Aead
 * primitives are built once per version and cached: {@link KeyBoundAesGcm}, which writes Tink's
 * AES-GCM format but keeps a {@code Cipher} per version and thread, so that alternating versions
 * (ReEncrypt) does not expand an AES key on every call.
 *
 * <p>{@code toString} never shows key material.
 */
public final class KeyMaterial {
  private static final AesGcmParameters VERSION_PARAMETERS;

  static {
    try {
      AeadConfig.register();
      VERSION_PARAMETERS =
          AesGcmParameters.builder()
              .setKeySizeBytes(32)
              .setIvSizeBytes(12)
              .setTagSizeBytes(16)
              .setVariant(AesGcmParameters.Variant.TINK)
              .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final KeysetHandle keyset;
  private final ConcurrentHashMap<Integer, Aead> primitives;

  private KeyMaterial(KeysetHandle keyset, ConcurrentHashMap<Integer, Aead> primitives) {
    this.keyset = keyset;
    this.primitives = primitives;
  }

  /** A keyset with one fresh version. */
  public static KeyMaterial generate() {
    try {
      KeysetHandle handle =
          KeysetHandle.newBuilder()
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(VERSION_PARAMETERS)
                      .withRandomId()
                      .makePrimary())
              .build();
      return new KeyMaterial(handle, new ConcurrentHashMap<>());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate key material", e);
    }
  }

  /** Parses a keyset written by {@link #serialize()}. */
  public static KeyMaterial parse(byte[] serialized) throws GeneralSecurityException {
    KeysetHandle handle =
        TinkProtoKeysetFormat.parseKeyset(
            serialized, InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
    for (int i = 0; i < handle.size(); i++) {
      if (!(handle.getAt(i).getKey() instanceof AesGcmKey key)
          || !key.getParameters().equals(VERSION_PARAMETERS)) {
        throw new GeneralSecurityException("keyset holds a key that is not AES-256-GCM");
      }
    }
    return new KeyMaterial(handle, new ConcurrentHashMap<>());
  }

  /** The Tink key id of the newest (primary) entry. */
  public int newestTinkKeyId() {
    return keyset.getPrimary().getId();
  }

  /** A copy with one more fresh version, which becomes the keyset's primary. */
  public KeyMaterial withNewVersion() {
    try {
      KeysetHandle handle =
          KeysetHandle.newBuilder(keyset)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(VERSION_PARAMETERS)
                      .withRandomId()
                      .makePrimary())
              .build();
      return new KeyMaterial(handle, new ConcurrentHashMap<>(primitives));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot add a key version", e);
    }
  }

  /** A copy without the given version's material. Its primitive is dropped from the cache. */
  public KeyMaterial without(int tinkKeyId) {
    if (tinkKeyId == newestTinkKeyId()) {
      throw new IllegalArgumentException("the primary version cannot be erased");
    }
    try {
      // A builder made from a handle keeps its entry order, so the handle's index applies.
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
      for (int i = 0; i < keyset.size(); i++) {
        if (keyset.getAt(i).getId() == tinkKeyId) {
          builder.deleteAt(i);
          break;
        }
      }
      ConcurrentHashMap<Integer, Aead> kept = new ConcurrentHashMap<>(primitives);
      kept.remove(tinkKeyId);
      return new KeyMaterial(builder.build(), kept);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot erase a key version", e);
    }
  }

  public boolean contains(int tinkKeyId) {
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getId() == tinkKeyId) {
        return true;
      }
    }
    return false;
  }

  /** The AEAD of one version; built on first use, then cached. */
  public Aead aead(int tinkKeyId) {
    Aead cached = primitives.get(tinkKeyId);
    if (cached != null) {
      return cached;
    }
    return primitives.computeIfAbsent(tinkKeyId, this::createAead);
  }

  private Aead createAead(int tinkKeyId) {
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      if (entry.getId() == tinkKeyId) {
        try {
          return KeyBoundAesGcm.create((AesGcmKey) entry.getKey());
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("cannot create AES-GCM primitive", e);
        }
      }
    }
    throw new IllegalArgumentException("no key material for Tink key id " + tinkKeyId);
  }

  /** The keyset in Tink's binary format, unencrypted; only ever written inside sealed state. */
  public byte[] serialize() {
    try {
      return TinkProtoKeysetFormat.serializeKeyset(
          keyset, InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot serialize keyset", e);
    }
  }

  @Override
  public String toString() {
    return "KeyMaterial[" + keyset.size() + " versions, redacted]";
  }
}
