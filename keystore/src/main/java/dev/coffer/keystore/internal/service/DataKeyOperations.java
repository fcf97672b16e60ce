package dev.coffer.keystore.internal.service;

import com.google.crypto.tink.subtle.Random;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.EncryptRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.IncorrectKeyException;
import dev.coffer.keystore.InsecureSecretAccess;
import dev.coffer.keystore.InvalidCiphertextException;
import dev.coffer.keystore.KeyUnavailableException;
import dev.coffer.keystore.Plaintext;
import dev.coffer.keystore.ReEncryptRequest;
import dev.coffer.keystore.ReEncrypted;
import dev.coffer.keystore.internal.crypto.WrappedKeyFormat;
import dev.coffer.keystore.internal.model.KeyVersion;
import dev.coffer.keystore.internal.model.MasterKey;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;

/**
 * GenerateDataKey, GenerateDataKeyWithoutPlaintext, Encrypt, Decrypt and ReEncrypt. The hot path:
 * no lock is taken (the snapshot is read through a volatile field and primitives are cached per
 * version), except once per reservation block to persist the usage count.
 */
final class DataKeyOperations {
  private final KeystoreCore core;

  DataKeyOperations(KeystoreCore core) {
    this.core = core;
  }

  DataKey generate(Caller caller, GenerateDataKeyRequest request) {
    return Operation.run(
        core,
        caller,
        KmsAction.GENERATE_DATA_KEY,
        op -> {
          MasterKey key = usableKey(op, KmsAction.GENERATE_DATA_KEY, request.keyId(), request);
          byte[] dek = Random.randBytes(request.numberOfBytes());
          try {
            Ciphertext wrapped = seal(op, key, dek, request.encryptionContext());
            return new DataKey(Plaintext.adopt(dek), wrapped);
          } catch (RuntimeException e) {
            Arrays.fill(dek, (byte) 0);
            throw e;
          }
        });
  }

  Ciphertext generateWithoutPlaintext(Caller caller, GenerateDataKeyRequest request) {
    return Operation.run(
        core,
        caller,
        KmsAction.GENERATE_DATA_KEY_WITHOUT_PLAINTEXT,
        op -> {
          MasterKey key =
              usableKey(
                  op, KmsAction.GENERATE_DATA_KEY_WITHOUT_PLAINTEXT, request.keyId(), request);
          byte[] dek = Random.randBytes(request.numberOfBytes());
          try {
            return seal(op, key, dek, request.encryptionContext());
          } finally {
            Arrays.fill(dek, (byte) 0);
          }
        });
  }

  Ciphertext encrypt(Caller caller, EncryptRequest request) {
    return Operation.run(
        core,
        caller,
        KmsAction.ENCRYPT,
        op -> {
          op.context(request.encryptionContext());
          MasterKey key = core.resolve(request.keyId());
          op.namedBy(request.keyId()).key(key);
          admit(op, KmsAction.ENCRYPT, key);
          return seal(
              op, key, request.plaintext(InsecureSecretAccess.get()), request.encryptionContext());
        });
  }

  Decrypted decrypt(Caller caller, DecryptRequest request) {
    return Operation.run(
        core,
        caller,
        KmsAction.DECRYPT,
        op -> {
          op.context(request.encryptionContext());
          byte[] blob = request.ciphertextBlob();
          Opened opened = open(op, KmsAction.DECRYPT, blob, request.keyId());
          byte[] plaintext = decryptBlob(opened, blob, request.encryptionContext());
          return new Decrypted(
              Plaintext.adopt(plaintext), core.arn(opened.key()), opened.version().number());
        });
  }

  ReEncrypted reEncrypt(Caller caller, ReEncryptRequest request) {
    return Operation.run(
        core,
        caller,
        KmsAction.RE_ENCRYPT,
        op -> {
          op.context(request.sourceEncryptionContext())
              .sourceContext(request.sourceEncryptionContext())
              .parameter("destinationKeyId", request.destinationKeyId());
          byte[] blob = request.ciphertextBlob();
          Opened source = open(op, KmsAction.RE_ENCRYPT_FROM, blob, request.sourceKeyId());
          op.parameter("sourceKeyArn", core.arn(source.key()))
              .parameter("sourceKeyVersion", Integer.toString(source.version().number()));
          byte[] plaintext = decryptBlob(source, blob, request.sourceEncryptionContext());
          try {
            op.context(request.destinationEncryptionContext());
            MasterKey destination = core.resolve(request.destinationKeyId());
            op.namedBy(request.destinationKeyId()).key(destination);
            admit(op, KmsAction.RE_ENCRYPT_TO, destination);
            Ciphertext result =
                seal(op, destination, plaintext, request.destinationEncryptionContext());
            return new ReEncrypted(result, core.arn(source.key()), source.version().number());
          } finally {
            Arrays.fill(plaintext, (byte) 0);
          }
        });
  }

  private MasterKey usableKey(
      Operation op, KmsAction action, String keyId, GenerateDataKeyRequest request) {
    op.context(request.encryptionContext())
        .parameter("numberOfBytes", Integer.toString(request.numberOfBytes()));
    MasterKey key = core.resolve(keyId);
    op.namedBy(keyId).key(key);
    admit(op, action, key);
    return key;
  }

  /** Quota, authorization and state, in that order, for using {@code key}. */
  private void admit(Operation op, KmsAction action, MasterKey key) {
    core.throttle.acquire(key.id());
    op.authorize(action, key);
    KeyLifecycle.requireUsable(key, core.arn(key));
  }

  private Ciphertext seal(
      Operation op, MasterKey key, byte[] plaintext, EncryptionContext context) {
    KeyVersion version = key.primaryVersion();
    long count = core.counters.recordEncryption(key, version);
    byte[] header = WrappedKeyFormat.header(key.id(), version.number());
    byte[] tinkCiphertext;
    try {
      tinkCiphertext =
          key.material()
              .orElseThrow()
              .aead(version.tinkKeyId())
              .encrypt(plaintext, WrappedKeyFormat.associatedData(header, context));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
    op.version(version.number());
    if (count >= core.counters.threshold()) {
      core.maintenance.rotateForUsage(key.id(), version.number(), core.counters.threshold());
    }
    return new Ciphertext(
        WrappedKeyFormat.assemble(header, tinkCiphertext), core.arn(key), version.number());
  }

  private record Opened(MasterKey key, KeyVersion version) {}

  /**
   * Finds, checks and authorizes the key version a blob names. Anything about the blob itself that
   * is wrong (format, unknown key or version) is the one opaque {@link InvalidCiphertextException};
   * key states are reported as such, since the caller must act on them.
   */
  private Opened open(Operation op, KmsAction action, byte[] blob, Optional<String> namedKey) {
    WrappedKeyFormat.Header header = WrappedKeyFormat.parseHeader(blob);
    namedKey.ifPresent(
        k -> op.parameter(action == KmsAction.RE_ENCRYPT_FROM ? "sourceKeyId" : "keyId", k));
    MasterKey key = core.find(header.keyId()).orElseThrow(InvalidCiphertextException::new);
    op.key(key).version(header.version());
    if (namedKey.isPresent()) {
      MasterKey named = core.resolve(namedKey.get());
      if (!named.id().equals(key.id())) {
        throw new IncorrectKeyException(
            "the ciphertext was not made under " + namedKey.get() + " (it names another key)");
      }
    }
    admit(op, action, key);
    KeyVersion version = key.version(header.version()).orElseThrow(InvalidCiphertextException::new);
    switch (version.state()) {
      case RETIRED ->
          throw new KeyUnavailableException(
              ErrorCode.KEY_VERSION_RETIRED,
              core.arn(key),
              "version "
                  + version.number()
                  + " of "
                  + core.arn(key)
                  + " is retired (minimum decryption version is "
                  + key.minDecryptionVersion()
                  + ")");
      case DESTROYED ->
          throw new KeyUnavailableException(
              ErrorCode.KEY_DESTROYED,
              core.arn(key),
              "version " + version.number() + " of " + core.arn(key) + " was destroyed");
      case ACTIVE -> {}
    }
    return new Opened(key, version);
  }

  private static byte[] decryptBlob(Opened opened, byte[] blob, EncryptionContext context) {
    try {
      return opened
          .key()
          .material()
          .orElseThrow()
          .aead(opened.version().tinkKeyId())
          .decrypt(
              WrappedKeyFormat.tinkCiphertext(blob),
              WrappedKeyFormat.associatedData(blob, context));
    } catch (GeneralSecurityException e) {
      throw new InvalidCiphertextException();
    }
  }
}
