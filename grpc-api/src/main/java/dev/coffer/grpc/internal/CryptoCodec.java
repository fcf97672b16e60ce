package dev.coffer.grpc.internal;

import com.google.protobuf.ByteString;
import dev.coffer.api.v1.DecryptRequest;
import dev.coffer.api.v1.EncryptRequest;
import dev.coffer.api.v1.GenerateDataKeyRequest;
import dev.coffer.api.v1.ReEncryptRequest;
import dev.coffer.keystore.InsecureSecretAccess;
import dev.coffer.keystore.KeySpec;

/** The keystore's cryptographic requests to and from their {@code coffer.api.v1} forms. */
public final class CryptoCodec {
  private CryptoCodec() {}

  public static GenerateDataKeyRequest toProto(dev.coffer.keystore.GenerateDataKeyRequest r) {
    return GenerateDataKeyRequest.newBuilder()
        .setKeyId(r.keyId())
        .setEncryptionContext(ObjectCodec.toProto(r.encryptionContext()))
        .setNumberOfBytes(r.numberOfBytes())
        .build();
  }

  public static dev.coffer.keystore.GenerateDataKeyRequest fromProto(GenerateDataKeyRequest r) {
    return dev.coffer.keystore.GenerateDataKeyRequest.builder()
        .keyId(r.getKeyId())
        .encryptionContext(ObjectCodec.fromProto(r.getEncryptionContext()))
        .numberOfBytes(
            r.getNumberOfBytes() == 0 ? KeySpec.AES_256.numberOfBytes() : r.getNumberOfBytes())
        .build();
  }

  public static EncryptRequest toProto(dev.coffer.keystore.EncryptRequest r) {
    return EncryptRequest.newBuilder()
        .setKeyId(r.keyId())
        .setPlaintext(ByteString.copyFrom(r.plaintext(InsecureSecretAccess.get())))
        .setEncryptionContext(ObjectCodec.toProto(r.encryptionContext()))
        .build();
  }

  /** {@code plaintext} is the caller's copy of the message's bytes, used as it is. */
  public static dev.coffer.keystore.EncryptRequest fromProto(EncryptRequest r, byte[] plaintext) {
    return dev.coffer.keystore.EncryptRequest.of(
        r.getKeyId(), plaintext, ObjectCodec.fromProto(r.getEncryptionContext()));
  }

  public static DecryptRequest toProto(dev.coffer.keystore.DecryptRequest r) {
    DecryptRequest.Builder b =
        DecryptRequest.newBuilder()
            .setCiphertextBlob(ByteString.copyFrom(r.ciphertextBlob()))
            .setEncryptionContext(ObjectCodec.toProto(r.encryptionContext()));
    r.keyId().ifPresent(b::setKeyId);
    return b.build();
  }

  public static dev.coffer.keystore.DecryptRequest fromProto(DecryptRequest r) {
    dev.coffer.keystore.DecryptRequest request =
        dev.coffer.keystore.DecryptRequest.of(
            r.getCiphertextBlob().toByteArray(), ObjectCodec.fromProto(r.getEncryptionContext()));
    return r.hasKeyId() ? request.withKeyId(r.getKeyId()) : request;
  }

  public static ReEncryptRequest toProto(dev.coffer.keystore.ReEncryptRequest r) {
    ReEncryptRequest.Builder b =
        ReEncryptRequest.newBuilder()
            .setCiphertextBlob(ByteString.copyFrom(r.ciphertextBlob()))
            .setSourceEncryptionContext(ObjectCodec.toProto(r.sourceEncryptionContext()))
            .setDestinationKeyId(r.destinationKeyId())
            .setDestinationEncryptionContext(ObjectCodec.toProto(r.destinationEncryptionContext()));
    r.sourceKeyId().ifPresent(b::setSourceKeyId);
    return b.build();
  }

  public static dev.coffer.keystore.ReEncryptRequest fromProto(ReEncryptRequest r) {
    dev.coffer.keystore.ReEncryptRequest.Builder b =
        dev.coffer.keystore.ReEncryptRequest.builder()
            .ciphertextBlob(r.getCiphertextBlob().toByteArray())
            .sourceEncryptionContext(ObjectCodec.fromProto(r.getSourceEncryptionContext()))
            .destinationKeyId(r.getDestinationKeyId());
    if (r.hasSourceKeyId()) {
      b.sourceKeyId(r.getSourceKeyId());
    }
    if (r.hasDestinationEncryptionContext()) {
      b.destinationEncryptionContext(ObjectCodec.fromProto(r.getDestinationEncryptionContext()));
    }
    return b.build();
  }
}
