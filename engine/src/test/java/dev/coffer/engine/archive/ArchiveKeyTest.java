package dev.coffer.engine.archive;

import static dev.coffer.engine.archive.ArchiveFixture.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.engine.archive.ArchiveFixture.Item;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who can open an archive: its key and its further recipients, with its context, while usable. */
class ArchiveKeyTest {
  @TempDir Path dir;
  @TempDir Path otherDir;
  ArchiveFixture fx;
  String key;
  List<Item> items = List.of(Item.file("secret.txt", new byte[] {42}));

  @BeforeEach
  void setUp() {
    fx = new ArchiveFixture(dir);
    key = fx.createKey();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private byte[] sealed(ArchiveSpec.Builder spec) throws IOException {
    return fx.seal(spec.build(), items);
  }

  @Test
  void open_withAKeystoreThatLacksTheKey_failsAsNotFound() throws IOException {
    byte[] archive = sealed(ArchiveSpec.builder(key));
    try (Keystore other = ArchiveFixture.open(otherDir)) {
      KeyService stranger = other.as(ArchiveFixture.ROOT);
      assertThatThrownBy(() -> ArchiveFixture.read(stranger, archive, OpenOptions.defaults()))
          .isInstanceOf(ArchiveKeyException.class)
          .hasMessageContaining(key)
          .extracting(e -> ((CofferException) e).errorCode())
          .isEqualTo(ErrorCode.NOT_FOUND);
    }
  }

  @Test
  void open_tryingAKeyThatIsNotARecipient_failsAsIncorrectKey() throws IOException {
    byte[] archive = sealed(ArchiveSpec.builder(key));
    String other = fx.createKey();
    assertThatThrownBy(() -> fx.open(archive, OpenOptions.defaults().tryingKeys(List.of(other))))
        .isInstanceOf(ArchiveKeyException.class)
        .hasMessageContaining("not sealed for " + other)
        .extracting(e -> ((CofferException) e).errorCode())
        .isEqualTo(ErrorCode.INCORRECT_KEY);
  }

  @Test
  void open_expectingAnotherContext_failsBeforeAnyKeystoreCall() throws IOException {
    byte[] archive = sealed(ArchiveSpec.builder(key).encryptionContext(context("case", "7")));
    assertThat(fx.open(archive, OpenOptions.defaults().expectingContext(context("case", "7"))))
        .isEqualTo(items);
    for (var wrong : List.of(context("case", "8"), context(), context("case", "7", "x", "y"))) {
      assertThatThrownBy(() -> fx.open(archive, OpenOptions.defaults().expectingContext(wrong)))
          .isInstanceOf(CofferException.class)
          .hasMessageContaining("another encryption context")
          .extracting(e -> ((CofferException) e).errorCode())
          .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
    }
  }

  @Test
  void create_withACofferContextKey_isRefused() {
    assertThatThrownBy(
            () -> ArchiveSpec.builder(key).encryptionContext(context("coffer:archive", "2")))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void open_withTheKeyDisabled_failsAsKeyDisabled() throws IOException {
    byte[] archive = sealed(ArchiveSpec.builder(key));
    fx.kms().disableKey(key);
    assertThatThrownBy(() -> fx.open(archive))
        .isInstanceOf(ArchiveKeyException.class)
        .extracting(e -> ((CofferException) e).errorCode())
        .isEqualTo(ErrorCode.KEY_DISABLED);
    fx.kms().enableKey(key);
    assertThat(fx.open(archive)).isEqualTo(items);
  }

  @Test
  void open_withTheKeyPendingDeletion_failsAsKeyPendingDeletion() throws IOException {
    byte[] archive = sealed(ArchiveSpec.builder(key));
    fx.kms().scheduleKeyDeletion(key, 7);
    assertThatThrownBy(() -> fx.open(archive))
        .isInstanceOf(ArchiveKeyException.class)
        .extracting(e -> ((CofferException) e).errorCode())
        .isEqualTo(ErrorCode.KEY_PENDING_DELETION);
  }

  @Test
  void open_withTheKeyVersionDestroyed_failsAsKeyDestroyed() throws IOException {
    byte[] archive = sealed(ArchiveSpec.builder(key));
    fx.kms().rotateKeyOnDemand(key);
    fx.kms().updateMinDecryptionVersion(key, 2);
    fx.kms().destroyKeyVersion(key, 1);
    assertThatThrownBy(() -> fx.open(archive))
        .isInstanceOf(ArchiveKeyException.class)
        .extracting(e -> ((CofferException) e).errorCode())
        .isEqualTo(ErrorCode.KEY_DESTROYED);
  }

  @Test
  void open_withTheKeyVersionRetired_failsAsRetired() throws IOException {
    byte[] archive = sealed(ArchiveSpec.builder(key));
    fx.kms().rotateKeyOnDemand(key);
    fx.kms().updateMinDecryptionVersion(key, 2);
    assertThatThrownBy(() -> fx.open(archive))
        .isInstanceOf(ArchiveKeyException.class)
        .extracting(e -> ((CofferException) e).errorCode())
        .isEqualTo(ErrorCode.KEY_VERSION_RETIRED);
  }

  @Test
  void aFurtherRecipient_opensTheArchive_whenTheMainKeyIsDisabled() throws IOException {
    String recovery = fx.createKey();
    byte[] archive = sealed(ArchiveSpec.builder(key).recipient(recovery));
    fx.kms().disableKey(key);
    assertThat(fx.open(archive)).isEqualTo(items);
    assertThat(fx.open(archive, OpenOptions.defaults().tryingKeys(List.of(recovery))))
        .isEqualTo(items);
  }

  @Test
  void whenNoRecipientOpensIt_theErrorNamesEachAndWhy() throws IOException {
    String recovery = fx.createKey();
    byte[] archive = sealed(ArchiveSpec.builder(key).recipient(recovery));
    fx.kms().disableKey(key);
    fx.kms().disableKey(recovery);
    assertThatThrownBy(() -> fx.open(archive))
        .isInstanceOf(ArchiveKeyException.class)
        .hasMessageContaining("none of the archive's keys opened it (2 recipients)")
        .hasMessageContaining(key)
        .hasMessageContaining(recovery)
        .extracting(e -> ((CofferException) e).errorCode())
        .isEqualTo(ErrorCode.KEY_DISABLED);
  }
}
