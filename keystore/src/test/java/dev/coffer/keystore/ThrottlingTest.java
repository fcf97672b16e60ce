package dev.coffer.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThrottlingTest {
  private static final EncryptionContext CONTEXT = EncryptionContext.empty();

  @TempDir Path dir;

  private static Ciphertext gen(KeyService kms, String keyId) {
    return kms.generateDataKeyWithoutPlaintext(GenerateDataKeyRequest.of(keyId, CONTEXT));
  }

  @Test
  void perKeyQuota_throttlesTheBurstPlusOne_andRefillsWithTime() {
    try (KeystoreFixture fx =
        new KeystoreFixture(dir, b -> b.perKeyLimits(new ThrottleLimits(2, 3)))) {
      KeyService kms = fx.admin();
      String a = fx.newKey().keyId();
      String b = fx.newKey().keyId();
      for (int i = 0; i < 3; i++) {
        gen(kms, a);
      }
      assertThatThrownBy(() -> gen(kms, a))
          .isInstanceOf(ThrottlingException.class)
          .hasMessageContaining("rate exceeded for arn:aws:kms:local:000000000000:key/" + a);
      assertThat(gen(kms, b)).as("another key has its own quota").isNotNull();
      fx.clock.advance(Duration.ofMillis(500));
      assertThat(gen(kms, a)).as("one token after half a second at 2/s").isNotNull();
      assertThatThrownBy(() -> gen(kms, a)).isInstanceOf(ThrottlingException.class);
      assertThat(fx.audit.last().errorCode()).contains(ErrorCode.THROTTLED);
    }
  }

  @Test
  void overallQuota_coversAllKeys() {
    try (KeystoreFixture fx =
        new KeystoreFixture(dir, b -> b.overallLimits(new ThrottleLimits(0, 2)))) {
      KeyService kms = fx.admin();
      gen(kms, fx.newKey().keyId());
      gen(kms, fx.newKey().keyId());
      String third = fx.newKey().keyId();
      assertThatThrownBy(() -> gen(kms, third))
          .isInstanceOf(ThrottlingException.class)
          .hasMessageContaining("this keystore");
      assertThat(kms.describeKey(third).enabled()).as("administration is not throttled").isTrue();
    }
  }

  @Test
  void noQuota_byDefault() {
    try (KeystoreFixture fx = new KeystoreFixture(dir)) {
      String k = fx.newKey().keyId();
      for (int i = 0; i < 1000; i++) {
        gen(fx.admin(), k);
      }
    }
  }

  @Test
  void limits_areValidated() {
    assertThatThrownBy(() -> new ThrottleLimits(-1, 1))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new ThrottleLimits(Double.NaN, 1))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new ThrottleLimits(1, 0)).isInstanceOf(InvalidArgumentException.class);
  }
}
