package dev.coffer.keystore.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Random;
import com.google.crypto.tink.util.SecretBytes;
import dev.coffer.keystore.testing.ByteArrays;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quicktheories.core.Gen;

/**
 * {@link KeyBoundAesGcm} must be indistinguishable from Tink's {@link AesGcmJce} on the wire: every
 * master-key wrap written before it existed was written by AesGcmJce, and must stay readable by
 * whichever of the two a later version uses.
 */
class KeyBoundAesGcmTest {
  /** The master keys' variant (5-byte output prefix) and the raw one (none). */
  enum Variant {
    TINK(AesGcmParameters.Variant.TINK, 0x1234abcd),
    NO_PREFIX(AesGcmParameters.Variant.NO_PREFIX, null);

    final AesGcmParameters.Variant tink;
    final Integer idRequirement;

    Variant(AesGcmParameters.Variant tink, Integer idRequirement) {
      this.tink = tink;
      this.idRequirement = idRequirement;
    }
  }

  private static AesGcmKey key(Variant variant, byte[] keyBytes) throws GeneralSecurityException {
    AesGcmParameters parameters =
        AesGcmParameters.builder()
            .setKeySizeBytes(keyBytes.length)
            .setIvSizeBytes(12)
            .setTagSizeBytes(16)
            .setVariant(variant.tink)
            .build();
    return AesGcmKey.builder()
        .setParameters(parameters)
        .setKeyBytes(SecretBytes.copyFrom(keyBytes, InsecureSecretKeyAccess.get()))
        .setIdRequirement(variant.idRequirement)
        .build();
  }

  private static AesGcmKey key(Variant variant) throws GeneralSecurityException {
    return key(variant, Random.randBytes(32));
  }

  private static Gen<byte[]> bytes(int maxLength) {
    return ByteArrays.ofLengthBetween(0, maxLength);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void ciphertexts_areInterchangeableWithTinksAesGcmJce_bothWays(Variant variant)
      throws GeneralSecurityException {
    AesGcmKey key = key(variant);
    Aead ours = KeyBoundAesGcm.create(key);
    Aead tink = AesGcmJce.create(key);
    qt().withExamples(300)
        .forAll(bytes(80), bytes(80))
        .checkAssert(
            (plaintext, aad) -> {
              try {
                assertThat(tink.decrypt(ours.encrypt(plaintext, aad), aad)).isEqualTo(plaintext);
                assertThat(ours.decrypt(tink.encrypt(plaintext, aad), aad)).isEqualTo(plaintext);
              } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
              }
            });
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void ciphertext_isTinksLayout_prefixNonceBodyTag(Variant variant)
      throws GeneralSecurityException {
    AesGcmKey key = key(variant);
    byte[] prefix = key.getOutputPrefix().toByteArray();
    byte[] plaintext = new byte[32];
    byte[] ours = KeyBoundAesGcm.create(key).encrypt(plaintext, new byte[] {7});
    byte[] tink = AesGcmJce.create(key).encrypt(plaintext, new byte[] {7});
    assertThat(ours).hasSameSizeAs(tink).hasSize(prefix.length + 12 + 32 + 16);
    assertThat(Arrays.copyOf(ours, prefix.length)).isEqualTo(prefix);
    assertThat(Arrays.copyOf(tink, prefix.length)).isEqualTo(prefix);
  }

  @Test
  void emptyAndNullAssociatedData_areTheSameForBoth() throws GeneralSecurityException {
    AesGcmKey key = key(Variant.TINK);
    Aead ours = KeyBoundAesGcm.create(key);
    Aead tink = AesGcmJce.create(key);
    byte[] plaintext = {1, 2, 3};
    assertThat(tink.decrypt(ours.encrypt(plaintext, null), new byte[0])).isEqualTo(plaintext);
    assertThat(ours.decrypt(tink.encrypt(plaintext, new byte[0]), null)).isEqualTo(plaintext);
  }

  @Test
  void decrypt_ofEverySingleBitFlip_failsInBoth() throws GeneralSecurityException {
    AesGcmKey key = key(Variant.TINK);
    Aead ours = KeyBoundAesGcm.create(key);
    Aead tink = AesGcmJce.create(key);
    byte[] aad = {4, 5};
    byte[] ciphertext = ours.encrypt(new byte[] {1, 2, 3}, aad);
    for (int i = 0; i < ciphertext.length * 8; i++) {
      byte[] flipped = ciphertext.clone();
      flipped[i / 8] ^= (byte) (1 << (i % 8));
      assertThatThrownBy(() -> ours.decrypt(flipped, aad))
          .as("bit %d", i)
          .isInstanceOf(GeneralSecurityException.class);
      assertThatThrownBy(() -> tink.decrypt(flipped, aad))
          .as("bit %d", i)
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void decrypt_withOtherAssociatedDataOrKey_fails() throws GeneralSecurityException {
    AesGcmKey key = key(Variant.TINK);
    Aead ours = KeyBoundAesGcm.create(key);
    byte[] ciphertext = ours.encrypt(new byte[] {1}, new byte[] {1});
    assertThatThrownBy(() -> ours.decrypt(ciphertext, new byte[] {2}))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> ours.decrypt(ciphertext, null))
        .isInstanceOf(GeneralSecurityException.class);
    // Same Tink key id, other key bytes: the prefix matches, the tag does not.
    Aead other = KeyBoundAesGcm.create(key(Variant.TINK));
    assertThatThrownBy(() -> other.decrypt(ciphertext, new byte[] {1}))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void decrypt_ofTruncatedCiphertext_failsForEveryLength() throws GeneralSecurityException {
    Aead ours = KeyBoundAesGcm.create(key(Variant.TINK));
    byte[] ciphertext = ours.encrypt(new byte[0], null);
    for (int length = 0; length < ciphertext.length; length++) {
      byte[] cut = Arrays.copyOf(ciphertext, length);
      assertThatThrownBy(() -> ours.decrypt(cut, null))
          .as("length %d", length)
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void encrypt_usesAFreshNonceEachTime() throws GeneralSecurityException {
    Aead ours = KeyBoundAesGcm.create(key(Variant.TINK));
    byte[] a = ours.encrypt(new byte[16], null);
    byte[] b = ours.encrypt(new byte[16], null);
    assertThat(Arrays.copyOfRange(a, 5, 17)).isNotEqualTo(Arrays.copyOfRange(b, 5, 17));
  }

  @Test
  void oneThreadAlternatingKeys_andManyThreadsSharingThem_allRoundTrip() throws Exception {
    Aead first = KeyBoundAesGcm.create(key(Variant.TINK));
    Aead second = KeyBoundAesGcm.create(key(Variant.TINK));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    byte[] plaintext = Random.randBytes(i % 48);
                    byte[] aad = {(byte) i};
                    // ReEncrypt's pattern: open under one key, seal under the other.
                    byte[] wrapped = first.encrypt(plaintext, aad);
                    byte[] rewrapped = second.encrypt(first.decrypt(wrapped, aad), aad);
                    assertThat(second.decrypt(rewrapped, aad)).isEqualTo(plaintext);
                    assertThatThrownBy(() -> first.decrypt(rewrapped, aad))
                        .isInstanceOf(GeneralSecurityException.class);
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void toStringAndErrors_neverShowTheKey() throws GeneralSecurityException {
    byte[] keyBytes = Random.randBytes(32);
    Aead ours = KeyBoundAesGcm.create(key(Variant.TINK, keyBytes));
    String hex = HexFormat.of().formatHex(keyBytes);
    assertThat(ours.toString()).doesNotContainIgnoringCase(hex).contains("redacted");
    assertThatThrownBy(() -> ours.decrypt(new byte[40], null))
        .isInstanceOf(GeneralSecurityException.class)
        .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(hex));
  }

  @Test
  void create_refusesOtherNonceOrTagSizes() throws GeneralSecurityException {
    AesGcmParameters parameters =
        AesGcmParameters.builder()
            .setKeySizeBytes(32)
            .setIvSizeBytes(16)
            .setTagSizeBytes(16)
            .setVariant(AesGcmParameters.Variant.NO_PREFIX)
            .build();
    AesGcmKey key =
        AesGcmKey.builder()
            .setParameters(parameters)
            .setKeyBytes(SecretBytes.randomBytes(32))
            .build();
    assertThatThrownBy(() -> KeyBoundAesGcm.create(key))
        .isInstanceOf(GeneralSecurityException.class);
  }
}
