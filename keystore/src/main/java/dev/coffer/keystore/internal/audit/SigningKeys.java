package dev.coffer.keystore.internal.audit;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.signature.SignatureConfig;
import java.security.GeneralSecurityException;

/**
 * The Ed25519 key that signs digests: a Tink keyset with one key and no output prefix, so that a
 * signature is the plain 64 bytes any Ed25519 implementation verifies. The private keyset lives
 * only inside the keystore's sealed state; this class never prints it.
 */
final class SigningKeys {
  private static final Ed25519Parameters PARAMETERS;

  static {
    try {
      SignatureConfig.register();
      PARAMETERS = Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX);
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final PublicKeySign signer;
  private final KeysetHandle publicKeyset;
  private final byte[] publicKey;
  private final DigestVerifier verifier;

  private SigningKeys(KeysetHandle keyset) throws GeneralSecurityException {
    if (keyset.size() != 1
        || !(keyset.getPrimary().getKey().getParameters() instanceof Ed25519Parameters p)
        || !p.equals(PARAMETERS)) {
      throw new GeneralSecurityException("the audit signing keyset is not one raw Ed25519 key");
    }
    this.signer = keyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
    this.publicKeyset = keyset.getPublicKeysetHandle();
    this.publicKey =
        ((Ed25519PublicKey) publicKeyset.getPrimary().getKey()).getPublicKeyBytes().toByteArray();
    this.verifier = new DigestVerifier(publicKey);
  }

  /** A new private keyset, serialized for the keystore's sealed state. */
  static byte[] generate() {
    try {
      KeysetHandle handle =
          KeysetHandle.newBuilder()
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PARAMETERS).withRandomId().makePrimary())
              .build();
      return TinkProtoKeysetFormat.serializeKeyset(
          handle, InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate the audit signing key", e);
    }
  }

  static SigningKeys parse(byte[] serialized) throws GeneralSecurityException {
    return new SigningKeys(
        TinkProtoKeysetFormat.parseKeyset(
            serialized, InsecureSecretKeyAccess.get(), RegistryConfiguration.get()));
  }

  /** Signs a digest statement, with the format's domain-separation label. */
  byte[] sign(byte[] statement) {
    try {
      return signer.sign(DigestVerifier.signedBytes(statement));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /**
   * The verifier of this key's signatures: always the same one, so that verifying the live log
   * again re-checks only the digests signed since.
   */
  DigestVerifier verifier() {
    return verifier;
  }

  /** The public key as a Tink public keyset in JSON. */
  String publicKeysetJson() {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(
          publicKeyset, RegistryConfiguration.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot export the audit public key", e);
    }
  }

  String publicKeyPem() {
    return DigestVerifier.pem(publicKey);
  }

  @Override
  public String toString() {
    return "SigningKeys[Ed25519]";
  }
}
