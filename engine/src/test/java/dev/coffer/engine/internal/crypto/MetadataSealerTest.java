package dev.coffer.engine.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Random;
import dev.coffer.format.v1.ObjectMetadata;
import dev.coffer.keystore.InvalidCiphertextException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetadataSealerTest {
  private static final ObjectMetadata METADATA =
      ObjectMetadata.newBuilder()
          .setContentType("application/pdf")
          .putUserMetadata("invoice", "INV-000123")
          .build();

  private final byte[] key = Random.randBytes(32);
  private final byte[] versionId = Random.randBytes(16);

  private static byte[] aad(byte[] versionId) {
    return ByteBuffer.allocate(18 + versionId.length)
        .put("coffer/v1/metadata".getBytes(StandardCharsets.US_ASCII))
        .put(versionId)
        .array();
  }

  @Test
  void seal_producesWhatTinkAesGcmOpens() throws Exception {
    byte[] sealed = new MetadataSealer(key.clone()).seal(METADATA, versionId);

    byte[] plaintext = new AesGcmJce(key).decrypt(sealed, aad(versionId));

    assertEquals(METADATA, ObjectMetadata.parseFrom(plaintext));
  }

  @Test
  void open_readsWhatTinkAesGcmSealed() throws Exception {
    byte[] sealed = new AesGcmJce(key).encrypt(METADATA.toByteArray(), aad(versionId));

    assertEquals(METADATA, new MetadataSealer(key.clone()).open(sealed, versionId));
  }

  @Test
  void open_afterEveryBitFlip_failsAuthentication() {
    MetadataSealer sealer = new MetadataSealer(key.clone());
    byte[] sealed = sealer.seal(METADATA, versionId);
    for (int bit = 0; bit < sealed.length * 8; bit++) {
      byte[] flipped = sealed.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThrows(InvalidCiphertextException.class, () -> sealer.open(flipped, versionId));
    }
  }

  @Test
  void open_underAnotherObjectsVersionId_failsAuthentication() {
    MetadataSealer sealer = new MetadataSealer(key.clone());
    byte[] sealed = sealer.seal(METADATA, versionId);
    byte[] other = versionId.clone();
    other[0] ^= 1;

    assertThrows(InvalidCiphertextException.class, () -> sealer.open(sealed, other));
  }

  @Test
  void open_ofTruncatedBytes_failsAuthentication() {
    MetadataSealer sealer = new MetadataSealer(key.clone());
    for (int length = 0; length < 28; length++) {
      byte[] shortBytes = new byte[length];
      assertThrows(InvalidCiphertextException.class, () -> sealer.open(shortBytes, versionId));
    }
  }

  @Test
  void sealAndOpen_alternatingWithOtherKeysOnOneThread_roundTrip() {
    MetadataSealer first = new MetadataSealer(key.clone());
    MetadataSealer second = new MetadataSealer(Random.randBytes(32));
    for (int i = 0; i < 10; i++) {
      byte[] a = first.seal(METADATA, versionId);
      byte[] b = second.seal(METADATA, versionId);
      assertEquals(METADATA, first.open(a, versionId));
      assertEquals(METADATA, second.open(b, versionId));
      assertThrows(InvalidCiphertextException.class, () -> first.open(b, versionId));
    }
  }

  @Test
  void constructor_zeroesTheKeyItWasGiven() {
    byte[] given = key.clone();
    new MetadataSealer(given);
    assertArrayEquals(new byte[32], given);
  }
}
