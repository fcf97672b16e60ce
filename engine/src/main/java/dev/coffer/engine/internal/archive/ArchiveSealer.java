package dev.coffer.engine.internal.archive;

import com.google.protobuf.ByteString;
import dev.coffer.format.v1.ArchiveHeader;
import dev.coffer.format.v1.ArchiveRecipient;
import dev.coffer.format.v1.ArchiveScheme;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.EncryptRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.InsecureSecretAccess;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.KeyService;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes a new archive's data key and header: one GenerateDataKey under the archive's key, then one
 * Encrypt of the same data key under each further recipient, all with the archive's context. The
 * plaintext data key is only borrowed to make the body cipher (Tink keeps its own copy there) and
 * is zeroed when the keystore's holder closes.
 */
public final class ArchiveSealer {
  private ArchiveSealer() {}

  /** A new archive's header and the cipher for its body. */
  public record Sealed(HeaderCodec.StoredHeader header, BodyCipher cipher) {}

  public static Sealed seal(
      KeyService kms,
      String keyId,
      EncryptionContext callerPairs,
      List<String> recipients,
      int segmentSize,
      Instant created,
      String exportedBucket) {
    if (!ArchiveFormat.validSegmentSize(segmentSize)) {
      throw new InvalidArgumentException("segment size must be a power of two from 4 KiB to 1 MiB");
    }
    if (recipients.size() > ArchiveFormat.MAX_RECIPIENTS - 1) {
      throw new InvalidArgumentException(
          "an archive has at most " + (ArchiveFormat.MAX_RECIPIENTS - 1) + " further recipients");
    }
    EncryptionContext context = ArchiveFormat.wrappingContext(callerPairs);
    try (DataKey dataKey = kms.generateDataKey(GenerateDataKeyRequest.of(keyId, context))) {
      byte[] dek = dataKey.plaintext().borrow(InsecureSecretAccess.get());
      ArchiveHeader.Builder header =
          ArchiveHeader.newBuilder()
              .setScheme(ArchiveScheme.ARCHIVE_SCHEME_TINK_AES256_GCM_HKDF_V1)
              .setSegmentSize(segmentSize)
              .setKeyArn(dataKey.wrapped().keyArn())
              .setKeyVersion(dataKey.wrapped().keyVersion())
              .setWrappedDataKey(ByteString.copyFrom(dataKey.wrapped().blob()))
              .putAllEncryptionContext(context.asMap())
              // The commitment depends on the key alone, so it can go into the associated data.
              .setKeyCommitment(ByteString.copyFrom(BodyCipher.commitment(dek)))
              .setCreatedEpochMillis(created.toEpochMilli())
              .setCreatedBy(kms.caller().principal().name())
              .setExportedBucket(exportedBucket);
      Set<String> keys = new HashSet<>(List.of(dataKey.wrapped().keyArn()));
      for (String recipient : recipients) {
        Ciphertext copy = kms.encrypt(EncryptRequest.of(recipient, dek, context));
        if (keys.add(copy.keyArn())) {
          header.addRecipients(
              ArchiveRecipient.newBuilder()
                  .setKeyArn(copy.keyArn())
                  .setKeyVersion(copy.keyVersion())
                  .setWrappedDataKey(ByteString.copyFrom(copy.blob())));
        }
      }
      HeaderCodec.StoredHeader stored = HeaderCodec.encode(header.build());
      return new Sealed(stored, BodyCipher.forEncryption(dek, segmentSize, stored.bytes()));
    }
  }
}
