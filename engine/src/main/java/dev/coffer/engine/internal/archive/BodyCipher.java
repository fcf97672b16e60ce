package dev.coffer.engine.internal.archive;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.util.SecretBytes;
import dev.coffer.keystore.InvalidCiphertextException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The cipher of an archive body: Tink's AES-GCM-HKDF {@link StreamingAead} under the archive's data
 * key, with the stored header as associated data (layout in {@code archive.proto}). Made with
 * Tink's direct constructor, not through the registry. Tink's primitive keeps its own copy of the
 * data key for as long as this object lives; nothing else here does.
 */
public final class BodyCipher {
  public static final int COMMITMENT_LENGTH = 32;

  /** Tink's body header: its length byte, a 32-byte salt and a 7-byte nonce prefix. */
  static final int TINK_HEADER_LENGTH = 1 + 32 + 7;

  private static final byte[] COMMITMENT_INFO =
      "coffer/v1/archive-key-commitment".getBytes(StandardCharsets.US_ASCII);

  /** Ciphertext is written to the file in blocks of this size, not one segment at a time. */
  private static final int WRITE_BUFFER = 64 * 1024;

  private final StreamingAead aead;
  private final byte[] associatedData;

  private BodyCipher(byte[] dataKey, int segmentSize, byte[] associatedData) {
    try {
      AesGcmHkdfStreamingParameters parameters =
          AesGcmHkdfStreamingParameters.builder()
              .setKeySizeBytes(32)
              .setDerivedAesGcmKeySizeBytes(32)
              .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
              .setCiphertextSegmentSizeBytes(segmentSize)
              .build();
      this.aead =
          AesGcmHkdfStreaming.create(
              AesGcmHkdfStreamingKey.create(
                  parameters, SecretBytes.copyFrom(dataKey, InsecureSecretKeyAccess.get())));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink refused the archive's body parameters", e);
    }
    this.associatedData = associatedData.clone();
  }

  /** For a new archive. The data key is read, not kept (Tink copies it). */
  public static BodyCipher forEncryption(byte[] dataKey, int segmentSize, byte[] associatedData) {
    return new BodyCipher(dataKey, segmentSize, associatedData);
  }

  /**
   * For reading an archive: checks the stored commitment first, in constant time.
   *
   * @throws InvalidCiphertextException if the commitment does not match the data key
   */
  public static BodyCipher forDecryption(
      byte[] dataKey, int segmentSize, byte[] associatedData, byte[] storedCommitment) {
    if (!MessageDigest.isEqual(commitment(dataKey), storedCommitment)) {
      throw new InvalidCiphertextException(
          "the archive's key commitment does not match its data key: the header was altered");
    }
    return new BodyCipher(dataKey, segmentSize, associatedData);
  }

  /** The key commitment stored in the header: it depends on the data key alone. */
  public static byte[] commitment(byte[] dataKey) {
    try {
      return Hkdf.computeHkdf("HmacSha256", dataKey, new byte[0], COMMITMENT_INFO, 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF-SHA256 is unavailable", e);
    }
  }

  /**
   * A stream that encrypts into {@code sink}. Only its {@code close} seals the last segment (and
   * then flushes {@code sink}, leaving it open): a stream abandoned without it leaves a body that
   * no reader accepts.
   */
  public OutputStream encrypting(OutputStream sink) throws IOException {
    OutputStream buffered =
        new BufferedOutputStream(
            new FilterOutputStream(sink) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
              }

              @Override
              public void close() throws IOException {
                out.flush();
              }
            },
            WRITE_BUFFER);
    try {
      return aead.newEncryptingStream(buffered, associatedData);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink cannot start an encrypting stream", e);
    }
  }

  /**
   * A stream of the plaintext of the body that {@code source} holds. Failures to authenticate are
   * thrown as {@link InvalidCiphertextException}; failures to read {@code source} as the {@link
   * IOException} it threw.
   */
  public InputStream decrypting(InputStream source, long bodyOffset) {
    return new BodyInputStream(aead, associatedData, source, bodyOffset);
  }

  @Override
  public String toString() {
    return "BodyCipher[redacted]";
  }
}
