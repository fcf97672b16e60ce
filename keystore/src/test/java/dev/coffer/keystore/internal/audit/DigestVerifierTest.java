package dev.coffer.keystore.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The Coffer code around the Ed25519 check of digest signatures: the domain label and the cache of
 * signatures already verified. The Ed25519 verification itself is Tink's ({@code Ed25519Verify}),
 * which Tink tests against Wycheproof; Wycheproof's vectors sign bare messages and cannot pass
 * through {@link DigestVerifier#verify}, which always puts the label first.
 */
class DigestVerifierTest {
  private static final SigningKeys KEYS = parse();

  private static SigningKeys parse() {
    try {
      return SigningKeys.parse(SigningKeys.generate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void verify_ofASignedStatement_holdsAndOfAnyOtherStatementFails() {
    byte[] statement = "a digest statement".getBytes(StandardCharsets.UTF_8);
    byte[] signature = KEYS.sign(statement);
    DigestVerifier verifier = KEYS.verifier();
    assertThat(verifier.verify(statement, signature)).isTrue();
    assertThat(verifier.verify("another statement".getBytes(StandardCharsets.UTF_8), signature))
        .isFalse();
  }

  @Test
  void verify_ofASignatureOverTheBareStatement_failsForWantOfTheLabel() throws Exception {
    // A signature the same key made over the statement without the label (as another protocol
    // using the key would) is no digest signature.
    byte[] keyset = SigningKeys.generate();
    PublicKeySign bare =
        TinkProtoKeysetFormat.parseKeyset(
                keyset, InsecureSecretKeyAccess.get(), RegistryConfiguration.get())
            .getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
    SigningKeys keys = SigningKeys.parse(keyset);
    byte[] statement = "a digest statement".getBytes(StandardCharsets.UTF_8);
    assertThat(keys.verifier().verify(statement, bare.sign(statement))).isFalse();
    assertThat(keys.verifier().verify(statement, keys.sign(statement))).isTrue();
  }

  @Test
  void verify_ofBytesMovedFromTheStatementToTheSignature_failsEvenAfterTheOriginalVerified() {
    // The cache is keyed by a hash of key, signature and statement. Had the three simply been
    // concatenated, (signature, head ‖ tail) and (signature ‖ head, tail) would share a cache
    // entry:
    // once the genuine pair verified, the second would pass without any Ed25519 check, though
    // no 64-byte Ed25519 signature can be longer.
    byte[] head = "head of the statement/".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "tail of the statement".getBytes(StandardCharsets.UTF_8);
    byte[] signature = KEYS.sign(concat(head, tail));
    DigestVerifier verifier = KEYS.verifier();
    assertThat(verifier.verify(concat(head, tail), signature)).isTrue();

    assertThat(verifier.verify(tail, concat(signature, head))).isFalse();
    for (int cut = 1; cut < signature.length; cut++) {
      byte[] shortened = Arrays.copyOf(signature, cut);
      byte[] moved =
          concat(Arrays.copyOfRange(signature, cut, signature.length), concat(head, tail));
      assertThat(verifier.verify(moved, shortened)).as("cut at %d", cut).isFalse();
    }
  }

  @Test
  void verify_remembersSignaturesPerVerifierAndALogKeepsOneVerifier() {
    byte[] statement = "a digest statement".getBytes(StandardCharsets.UTF_8);
    byte[] signature = KEYS.sign(statement);
    DigestVerifier fresh = new DigestVerifier(KEYS.verifier().publicKey());
    DigestVerifier other = new DigestVerifier(KEYS.verifier().publicKey());

    assertThat(fresh.verify(statement, signature)).isTrue();
    assertThat(fresh.cachedSignatures()).isEqualTo(1);
    // Nothing is shared between verifiers (no JVM-wide state).
    assertThat(other.cachedSignatures()).isZero();
    // Failures are not remembered.
    assertThat(fresh.verify("another".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    assertThat(fresh.cachedSignatures()).isEqualTo(1);
    assertThat(KEYS.verifier()).isSameAs(KEYS.verifier());
  }
}
