package dev.coffer.engine.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.coffer.keystore.testing.Wycheproof;
import dev.coffer.keystore.testing.Wycheproof.Result;
import dev.coffer.keystore.testing.Wycheproof.Vector;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers for {@link Hkdf256} from Wycheproof's {@code hkdf_sha256_test.json}: the tests
 * whose output is at most 32 bytes, and RFC 5869's tests 1 to 3 (see {@code
 * /wycheproof/README.md}).
 *
 * <p>HKDF's output of L bytes is the first L bytes of T(1) ‖ T(2) ‖ …, and expand32 computes T(1):
 * so for every vector the first min(size, 32) bytes of okm are a known answer for it. Hkdf256 has
 * no output length to ask for, so Wycheproof's "size too large" vectors (8161 bytes) cannot be put
 * to it; what stands in for them is that it never returns anything but 32 bytes.
 */
class Hkdf256WycheproofTest {
  private static final List<Vector> VECTORS = Wycheproof.load("hkdf_sha256_test.json");

  static Stream<Vector> vectors() {
    return VECTORS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void derive_ofEveryWycheproofVector_matchesItsOkm(Vector v) {
    byte[] ikm = v.bytes("ikm");
    byte[] salt = v.bytes("salt");
    byte[] info = v.bytes("info");
    switch (v.result()) {
      case VALID -> {
        int compared = Math.min(v.number("size"), 32);
        byte[] expected = Arrays.copyOf(v.bytes("okm"), compared);
        byte[] derived = Hkdf256.derive(ikm, salt, info);
        assertThat(derived).hasSize(32);
        assertThat(Arrays.copyOf(derived, compared)).isEqualTo(expected);
        // The two steps that derive is made of, as the engine also calls them apart.
        byte[] twoSteps = Hkdf256.expand32(Hkdf256.extract(salt, ikm), info);
        assertThat(twoSteps).isEqualTo(derived);
      }
      case INVALID -> fail("Hkdf256 cannot be asked for an invalid output size: " + v);
      case ACCEPTABLE -> fail("no decision yet for an acceptable HKDF vector: " + v);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void derive_leavesItsInputsUntouched(Vector v) {
    // derive zeroes its intermediate key; it must never zero (or otherwise change) what it was
    // given, which callers go on using (a bucket key is the ikm of every object under it).
    byte[] ikm = v.bytes("ikm");
    byte[] salt = v.bytes("salt");
    byte[] info = v.bytes("info");
    Hkdf256.derive(ikm, salt, info);
    assertThat(ikm).isEqualTo(v.bytes("ikm"));
    assertThat(salt).isEqualTo(v.bytes("salt"));
    assertThat(info).isEqualTo(v.bytes("info"));
  }

  @Test
  void theVectorFile_coversTheEdgesThatMatterHere() {
    assertThat(VECTORS).allSatisfy(v -> assertThat(v.result()).isEqualTo(Result.VALID));
    // An empty salt is replaced by 32 zero bytes in code; both must be in the file.
    assertThat(VECTORS).anySatisfy(v -> assertThat(v.flags()).contains("EmptySalt"));
    // Salts longer than SHA-256's block are hashed by HMAC: the "OutputCollision" vectors.
    assertThat(VECTORS).anySatisfy(v -> assertThat(v.bytes("salt").length).isGreaterThan(64));
    assertThat(VECTORS).anySatisfy(v -> assertThat(v.number("size")).isEqualTo(32));
  }
}
