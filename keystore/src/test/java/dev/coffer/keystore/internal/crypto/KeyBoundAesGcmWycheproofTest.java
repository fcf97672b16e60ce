package dev.coffer.keystore.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import dev.coffer.keystore.testing.ByteArrays;
import dev.coffer.keystore.testing.Wycheproof;
import dev.coffer.keystore.testing.Wycheproof.Result;
import dev.coffer.keystore.testing.Wycheproof.Vector;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers for {@link KeyBoundAesGcm} from Wycheproof's {@code aes_gcm_test.json} (the
 * 256-bit-key groups; see {@code /wycheproof/README.md}).
 *
 * <p>Only decryption is checked against the vectors: encryption draws its nonce inside the class,
 * and Coffer has no way (test seam or API) to fix it, on purpose. Encryption is covered by {@link
 * KeyBoundAesGcmTest}, which opens what it seals with Tink's AesGcmJce and the other way round.
 *
 * <p>The vectors with nonces other than 96 bits are valid GCM, but Coffer only ever reads the 12
 * bytes after the prefix as the nonce: those vectors must be refused, both when a key with such
 * parameters is given and when such a ciphertext is read.
 */
class KeyBoundAesGcmWycheproofTest {
  private static final List<Vector> VECTORS = Wycheproof.load("aes_gcm_test.json");
  private static final int TINK_KEY_ID = 0x0c0ffee5;

  static Stream<Vector> nonce96() {
    return VECTORS.stream().filter(v -> v.groupNumber("ivSize") == 96);
  }

  static Stream<Vector> otherNonceSizes() {
    return VECTORS.stream().filter(v -> v.groupNumber("ivSize") != 96);
  }

  static Stream<Vector> validNonce96() {
    return nonce96().filter(v -> v.result() == Result.VALID);
  }

  /** The wire form Coffer reads: nonce ‖ ciphertext ‖ tag, after the key's output prefix. */
  private static byte[] wire(byte[] prefix, Vector v) {
    return ByteArrays.concat(prefix, v.bytes("iv"), v.bytes("ct"), v.bytes("tag"));
  }

  private static AesGcmKey tinkKey(byte[] keyBytes, int ivBytes, int tagBytes)
      throws GeneralSecurityException {
    return AesGcmKey.builder()
        .setParameters(
            AesGcmParameters.builder()
                .setKeySizeBytes(keyBytes.length)
                .setIvSizeBytes(ivBytes)
                .setTagSizeBytes(tagBytes)
                .setVariant(AesGcmParameters.Variant.TINK)
                .build())
        .setKeyBytes(SecretBytes.copyFrom(keyBytes, InsecureSecretKeyAccess.get()))
        .setIdRequirement(TINK_KEY_ID)
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nonce96")
  void decrypt_ofEveryWycheproofVector_matchesItsResult(Vector v) throws Exception {
    // Both forms Coffer reads: a raw key (metadata sealing) and a Tink master-key version, whose
    // ciphertexts carry a 5-byte output prefix before the nonce.
    KeyBoundAesGcm raw = KeyBoundAesGcm.ofRawKey(v.bytes("key"));
    AesGcmKey tinkKey = tinkKey(v.bytes("key"), 12, 16);
    KeyBoundAesGcm tink = KeyBoundAesGcm.create(tinkKey);
    byte[] prefix = tinkKey.getOutputPrefix().toByteArray();
    byte[] aad = v.bytes("aad");
    switch (v.result()) {
      case VALID -> {
        assertThat(raw.decrypt(wire(new byte[0], v), aad)).isEqualTo(v.bytes("msg"));
        assertThat(tink.decrypt(wire(prefix, v), aad)).isEqualTo(v.bytes("msg"));
      }
      case INVALID -> {
        assertRefused(raw, wire(new byte[0], v), aad, v);
        assertRefused(tink, wire(prefix, v), aad, v);
      }
      case ACCEPTABLE -> fail("no decision yet for an acceptable AES-GCM vector: " + v);
    }
  }

  /** Refused with the Aead's checked error, and nothing of the plaintext in it. */
  private static void assertRefused(KeyBoundAesGcm aead, byte[] ciphertext, byte[] aad, Vector v) {
    String plaintextHex = HexFormat.of().formatHex(v.bytes("msg"));
    assertThatThrownBy(() -> aead.decrypt(ciphertext, aad))
        .isInstanceOf(GeneralSecurityException.class)
        .satisfies(
            e -> {
              if (!plaintextHex.isEmpty()) {
                assertThat(String.valueOf(e.getMessage())).doesNotContain(plaintextHex);
              }
            });
  }

  @Test
  void decrypt_afterARefusedTag_stillOpensTheNextCiphertextOnTheSameThread() throws Exception {
    // The Cipher is reused per key and thread: a failed tag check must not leave it unusable or
    // holding state from the refused message.
    List<Vector> invalid = nonce96().filter(v -> v.result() == Result.INVALID).toList();
    byte[] key = invalid.get(0).bytes("key");
    assertThat(invalid).allSatisfy(v -> assertThat(v.bytes("key")).isEqualTo(key));
    KeyBoundAesGcm aead = KeyBoundAesGcm.ofRawKey(key);
    // Wycheproof's modified tags are all derived from one valid ciphertext: restore its tag from
    // the "all bits of tag flipped" vector.
    Vector allFlipped =
        invalid.stream()
            .filter(v -> v.test().get("comment").getAsString().equals("all bits of tag flipped"))
            .findFirst()
            .orElseThrow();
    byte[] goodTag = allFlipped.bytes("tag");
    for (int i = 0; i < goodTag.length; i++) {
      goodTag[i] = (byte) ~goodTag[i];
    }
    byte[] good = ByteArrays.concat(allFlipped.bytes("iv"), allFlipped.bytes("ct"), goodTag);
    for (Vector v : invalid) {
      assertThatThrownBy(() -> aead.decrypt(wire(new byte[0], v), v.bytes("aad")))
          .as("%s", v)
          .isInstanceOf(GeneralSecurityException.class);
      assertThat(aead.decrypt(good, new byte[0]))
          .as("after %s", v)
          .isEqualTo(allFlipped.bytes("msg"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validNonce96")
  void decrypt_withTheTagCutShort_isRefusedForEveryShorterTagLength(Vector v) throws Exception {
    // GCM allows 96- to 120-bit tags; Coffer writes and reads 128-bit tags only, so a ciphertext
    // whose tag was cut must not be accepted as one with a shorter tag.
    KeyBoundAesGcm aead = KeyBoundAesGcm.ofRawKey(v.bytes("key"));
    byte[] tag = v.bytes("tag");
    for (int tagBytes = 12; tagBytes < 16; tagBytes++) {
      byte[] cut = ByteArrays.concat(v.bytes("iv"), v.bytes("ct"), Arrays.copyOf(tag, tagBytes));
      assertThatThrownBy(() -> aead.decrypt(cut, v.bytes("aad")))
          .as("%d-byte tag", tagBytes)
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherNonceSizes")
  void decrypt_ofAVectorWithAnotherNonceSize_isRefused(Vector v) throws Exception {
    // Read as Coffer reads it, the first 12 bytes of iv ‖ ct ‖ tag are taken for the nonce: the tag
    // then fails (or the message is too short), whatever Wycheproof's verdict for that nonce size.
    KeyBoundAesGcm aead = KeyBoundAesGcm.ofRawKey(v.bytes("key"));
    assertRefused(aead, wire(new byte[0], v), v.bytes("aad"), v);
  }

  static IntStream otherNonceByteSizes() {
    return otherNonceSizes().mapToInt(v -> v.groupNumber("ivSize") / 8).distinct();
  }

  @ParameterizedTest(name = "{0}-byte nonce")
  @MethodSource("otherNonceByteSizes")
  void create_ofAKeyWithAnotherNonceSize_isRefused(int ivBytes) {
    // Tink itself refuses a zero-length nonce; every other size Tink accepts must stop here.
    byte[] key = new byte[32];
    assertThatThrownBy(() -> KeyBoundAesGcm.create(tinkKey(key, ivBytes, 16)))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @ParameterizedTest(name = "{0}-byte tag")
  @MethodSource("shorterTagBytes")
  void create_ofAKeyWithAShorterTag_isRefused(int tagBytes) {
    byte[] key = new byte[32];
    assertThatThrownBy(() -> KeyBoundAesGcm.create(tinkKey(key, 12, tagBytes)))
        .isInstanceOf(GeneralSecurityException.class);
  }

  static IntStream shorterTagBytes() {
    return IntStream.range(12, 16);
  }

  @Test
  void theVectorFile_holdsBothVerdictsForTheSupportedParameters() {
    // A refresh that lost the modified-tag vectors (or the valid ones) would otherwise leave a
    // parameterized test running over nothing.
    assertThat(nonce96().filter(v -> v.result() == Result.VALID).count()).isGreaterThan(20);
    assertThat(nonce96().filter(v -> v.result() == Result.INVALID).count()).isGreaterThan(20);
    assertThat(VECTORS)
        .allSatisfy(
            v -> {
              assertThat(v.groupNumber("keySize")).isEqualTo(256);
              assertThat(v.groupNumber("tagSize")).isEqualTo(128);
            });
  }
}
