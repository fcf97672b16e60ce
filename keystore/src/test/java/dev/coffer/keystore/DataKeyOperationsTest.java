package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.maps;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.coffer.keystore.testing.UnicodeStrings;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataKeyOperationsTest extends KeystoreTestBase {
  private static final EncryptionContext CONTEXT =
      EncryptionContext.of(Map.of("tenant", "acme", "purpose", "test"));

  @Test
  void generateDataKey_thenDecryptWithSameContext_returnsTheSameKey() {
    try (DataKey dk = kms.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT));
        Decrypted d = kms.decrypt(DecryptRequest.of(dk.wrapped(), CONTEXT))) {
      assertThat(dk.plaintext().length()).isEqualTo(32);
      assertThat(d.plaintext().toByteArray(InsecureSecretAccess.get()))
          .isEqualTo(dk.plaintext().toByteArray(InsecureSecretAccess.get()));
      assertThat(d.keyArn()).isEqualTo(key.arn());
      assertThat(d.keyVersion()).isEqualTo(1);
      assertThat(dk.wrapped().blob()).hasSize(32 + 54);
    }
  }

  @Test
  void wrapUnwrap_roundTripsForAnyContext() {
    qt().withExamples(200)
        .forAll(
            maps()
                .of(UnicodeStrings.ofLengthBetween(1, 8), UnicodeStrings.ofLengthBetween(0, 8))
                .ofSizeBetween(0, 6),
            integers().between(1, 64))
        .checkAssert(
            (map, bytes) -> {
              EncryptionContext ctx = EncryptionContext.of(map);
              GenerateDataKeyRequest req =
                  GenerateDataKeyRequest.builder()
                      .keyId(key.keyId())
                      .encryptionContext(ctx)
                      .numberOfBytes(bytes)
                      .build();
              try (DataKey dk = kms.generateDataKey(req);
                  Decrypted d = kms.decrypt(DecryptRequest.of(dk.wrapped(), ctx))) {
                assertThat(d.plaintext().toByteArray(InsecureSecretAccess.get()))
                    .isEqualTo(dk.plaintext().toByteArray(InsecureSecretAccess.get()));
              }
            });
  }

  @Test
  void decrypt_withDifferentContext_failsOpaquely() {
    Ciphertext wrapped =
        kms.generateDataKeyWithoutPlaintext(GenerateDataKeyRequest.of(key.keyId(), CONTEXT));
    for (EncryptionContext other :
        new EncryptionContext[] {
          EncryptionContext.empty(),
          CONTEXT.with("tenant", "evil"),
          CONTEXT.with("extra", ""),
          EncryptionContext.of("tenant", "acme")
        }) {
      assertThatThrownBy(() -> kms.decrypt(DecryptRequest.of(wrapped, other)))
          .isInstanceOf(InvalidCiphertextException.class)
          .hasMessage("ciphertext is invalid or does not match the context");
    }
  }

  @Test
  void decrypt_withAnyOtherContext_fails() {
    Ciphertext ct = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {3}, CONTEXT));
    qt().withExamples(300)
        .forAll(
            maps()
                .of(
                    strings().basicLatinAlphabet().ofLengthBetween(1, 8),
                    strings().basicLatinAlphabet().ofLengthBetween(0, 8))
                .ofSizeBetween(0, 4))
        .assuming(m -> !EncryptionContext.of(m).equals(CONTEXT))
        .checkAssert(
            m ->
                assertThatThrownBy(
                        () -> kms.decrypt(DecryptRequest.of(ct, EncryptionContext.of(m))))
                    .isInstanceOf(InvalidCiphertextException.class));
  }

  @Test
  void decrypt_ofEverySingleBitFlip_fails() {
    byte[] blob = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {1, 2, 3}, CONTEXT)).blob();
    for (int i = 0; i < blob.length * 8; i++) {
      byte[] flipped = blob.clone();
      flipped[i / 8] ^= (byte) (1 << (i % 8));
      assertThatThrownBy(() -> kms.decrypt(DecryptRequest.of(flipped, CONTEXT)))
          .as("bit %d", i)
          .isInstanceOf(InvalidCiphertextException.class);
    }
  }

  @Test
  void decrypt_ofTruncatedOrExtendedBlob_fails() {
    byte[] blob = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {1, 2, 3}, CONTEXT)).blob();
    for (int len = 0; len < blob.length; len++) {
      byte[] cut = Arrays.copyOf(blob, len);
      assertThatThrownBy(() -> kms.decrypt(DecryptRequest.of(cut, CONTEXT)))
          .isInstanceOf(InvalidCiphertextException.class);
    }
    byte[] longer = Arrays.copyOf(blob, blob.length + 1);
    assertThatThrownBy(() -> kms.decrypt(DecryptRequest.of(longer, CONTEXT)))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void decrypt_withHeaderNamingAnotherKey_fails() {
    KeyMetadata other = fx.newKey();
    byte[] blob = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {9}, CONTEXT)).blob();
    byte[] otherBlob =
        kms.encrypt(EncryptRequest.of(other.keyId(), new byte[] {9}, CONTEXT)).blob();
    byte[] spliced = blob.clone();
    System.arraycopy(otherBlob, 0, spliced, 0, 21);
    assertThatThrownBy(() -> kms.decrypt(DecryptRequest.of(spliced, CONTEXT)))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void decrypt_withHeaderNamingAnotherVersion_fails() {
    byte[] v1 = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {7}, CONTEXT)).blob();
    kms.rotateKeyOnDemand(key.keyId());
    byte[] v2 = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {7}, CONTEXT)).blob();
    byte[] claimsV2 = v1.clone();
    System.arraycopy(v2, 0, claimsV2, 0, 21);
    byte[] claimsV1 = v2.clone();
    System.arraycopy(v1, 0, claimsV1, 0, 21);
    assertThatThrownBy(() -> kms.decrypt(DecryptRequest.of(claimsV2, CONTEXT)))
        .isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> kms.decrypt(DecryptRequest.of(claimsV1, CONTEXT)))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void decrypt_namingTheWrongKey_failsWithIncorrectKey() {
    KeyMetadata other = fx.newKey();
    Ciphertext ct = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {1}, CONTEXT));
    assertThatThrownBy(() -> kms.decrypt(DecryptRequest.of(ct, CONTEXT).withKeyId(other.keyId())))
        .isInstanceOf(IncorrectKeyException.class);
    try (Decrypted d = kms.decrypt(DecryptRequest.of(ct, CONTEXT).withKeyId(key.arn()))) {
      assertThat(d.plaintext().toByteArray(InsecureSecretAccess.get())).containsExactly(1);
    }
  }

  @Test
  void encrypt_acceptsUpTo4KiBOnly() {
    assertThat(kms.encrypt(EncryptRequest.of(key.keyId(), new byte[4096], CONTEXT)).blob())
        .hasSize(4096 + 54);
    assertThatThrownBy(() -> EncryptRequest.of(key.keyId(), new byte[4097], CONTEXT))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> EncryptRequest.of(key.keyId(), new byte[0], CONTEXT))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void generateDataKey_acceptsKmsLengthsOnly() {
    try (DataKey dk =
        kms.generateDataKey(
            GenerateDataKeyRequest.builder().keyId(key.keyId()).keySpec(KeySpec.AES_128).build())) {
      assertThat(dk.plaintext().length()).isEqualTo(16);
    }
    assertThatThrownBy(
            () -> GenerateDataKeyRequest.builder().keyId(key.keyId()).numberOfBytes(0).build())
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(
            () -> GenerateDataKeyRequest.builder().keyId(key.keyId()).numberOfBytes(1025).build())
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void reEncrypt_toAnotherKeyAndContext_decryptsOnlyThere() {
    KeyMetadata other = fx.newKey();
    EncryptionContext newContext = EncryptionContext.of("tenant", "globex");
    Ciphertext ct = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {4, 2}, CONTEXT));
    ReEncrypted re =
        kms.reEncrypt(
            ReEncryptRequest.builder()
                .ciphertextBlob(ct.blob())
                .sourceEncryptionContext(CONTEXT)
                .destinationKeyId(other.keyId())
                .destinationEncryptionContext(newContext)
                .build());
    assertThat(re.sourceKeyArn()).isEqualTo(key.arn());
    assertThat(re.ciphertext().keyArn()).isEqualTo(other.arn());
    try (Decrypted d = kms.decrypt(DecryptRequest.of(re.ciphertext(), newContext))) {
      assertThat(d.plaintext().toByteArray(InsecureSecretAccess.get())).containsExactly(4, 2);
    }
    assertThatThrownBy(() -> kms.decrypt(DecryptRequest.of(re.ciphertext(), CONTEXT)))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void reEncrypt_withWrongSourceContext_fails() {
    Ciphertext ct = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {1}, CONTEXT));
    assertThatThrownBy(
            () ->
                kms.reEncrypt(
                    ReEncryptRequest.builder()
                        .ciphertextBlob(ct.blob())
                        .sourceEncryptionContext(EncryptionContext.empty())
                        .destinationKeyId(key.keyId())
                        .build()))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void reEncrypt_afterRotation_movesTheBlobToTheNewVersion() {
    Ciphertext ct = kms.encrypt(EncryptRequest.of(key.keyId(), new byte[] {5}, CONTEXT));
    kms.rotateKeyOnDemand(key.keyId());
    ReEncrypted re =
        kms.reEncrypt(
            ReEncryptRequest.builder()
                .ciphertextBlob(ct.blob())
                .sourceEncryptionContext(CONTEXT)
                .destinationKeyId(key.keyId())
                .build());
    assertThat(re.sourceKeyVersion()).isEqualTo(1);
    assertThat(re.ciphertext().keyVersion()).isEqualTo(2);
    try (Decrypted d = kms.decrypt(DecryptRequest.of(re.ciphertext(), CONTEXT))) {
      assertThat(d.keyVersion()).isEqualTo(2);
    }
  }

  @Test
  void plaintextHolders_zeroOnClose_andNeverPrintTheKey() {
    DataKey dk = kms.generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT));
    byte[] borrowed = dk.plaintext().borrow(InsecureSecretAccess.get());
    String hex = java.util.HexFormat.of().formatHex(borrowed);
    assertThat(dk.toString()).doesNotContain(hex).contains("redacted");
    dk.close();
    assertThat(borrowed).containsOnly(0);
    assertThat(dk.plaintext().isDestroyed()).isTrue();
    assertThatThrownBy(() -> dk.plaintext().toByteArray(InsecureSecretAccess.get()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keysAreNamedByIdAliasOrArn_everywhere() {
    kms.createAlias("alias/app", key.keyId());
    String aliasArn = "arn:aws:kms:local:000000000000:alias/app";
    for (String ref : new String[] {key.keyId(), key.arn(), "alias/app", aliasArn}) {
      Ciphertext ct = kms.encrypt(EncryptRequest.of(ref, new byte[] {1}, CONTEXT));
      assertThat(ct.keyArn()).as(ref).isEqualTo(key.arn());
      assertThat(kms.describeKey(ref).keyId()).isEqualTo(key.keyId());
    }
  }

  @Test
  void keyReferences_thatAreMalformedOrForeign_areRejectedClearly() {
    assertThatThrownBy(() -> kms.describeKey("not-a-key"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(
            () -> kms.describeKey("arn:aws:kms:us-east-1:000000000000:key/" + key.keyId()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("not in this keystore");
    assertThatThrownBy(() -> kms.describeKey(java.util.UUID.randomUUID().toString()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> kms.describeKey("alias/missing"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void defaultKeyPolicy_letsIdentityPoliciesDecide() {
    fx.allow(KeystoreFixture.ALICE, "kms:GenerateDataKey", key.arn());
    fx.as(KeystoreFixture.ALICE)
        .generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT))
        .close();
    assertThatThrownBy(
            () ->
                fx.as(KeystoreFixture.BOB)
                    .generateDataKey(GenerateDataKeyRequest.of(key.keyId(), CONTEXT)))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("kms:GenerateDataKey")
        .hasMessageContaining(
            "lets the account's identity policies decide, and none of them allows");
  }
}
