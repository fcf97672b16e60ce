package dev.coffer.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.InvalidArgumentException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the public request types and the builder say about a missing argument, before any I/O. */
class RequestValidationTest {
  @TempDir Path dir;

  @Test
  void requestAndBuilderNullArguments_failNamingTheParameter() {
    assertThatThrownBy(() -> GetObjectRequest.of("bkt", "k").expectingContext(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context");
    assertThatThrownBy(() -> PutObjectRequest.builder("bkt", "k").encryptionContext(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context");
    assertThatThrownBy(() -> ListObjectsRequest.builder("bkt").delimiter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("delimiter");
    assertThatThrownBy(() -> Coffer.builder(dir).bucketKeyLifetime(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("lifetime");
  }

  @Test
  void bucketEncryption_withABlankKey_isInvalid_notAMissingKey() {
    assertThatThrownBy(() -> new BucketEncryption(" ", true))
        .isInstanceOf(dev.coffer.keystore.InvalidArgumentException.class)
        .hasMessageContaining("needs a KMS key");
  }

  @Test
  void keystoreOptionsReturningNull_failAtOpenSayingSo() {
    assertThatThrownBy(() -> Coffer.builder(dir).warmUpCrypto(false).keystore(k -> null).open())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("keystore options");
  }

  @Test
  void malformedRegionOrAccount_isRefusedAtOpen_asInvalidArgument() {
    assertThatThrownBy(() -> Coffer.builder(dir).warmUpCrypto(false).account("abc").open())
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("account");
    assertThatThrownBy(() -> Coffer.builder(dir).warmUpCrypto(false).region("").open())
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("region");
  }
}
