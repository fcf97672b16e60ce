package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keystores sealed with a passphrase, at the lowest PBKDF2 cost the keystore allows. */
class PassphraseTest {
  private static final String PASSPHRASE = "correct horse battery staple";

  @TempDir Path tmp;
  private Path data;

  @BeforeEach
  void initWithPassphrase() {
    data = tmp.resolve("data");
    Coffer.Result init =
        new Coffer(data)
            .env(Invocation.PASSPHRASE_ENV, PASSPHRASE)
            .run("init", "--kdf-iterations", "10000");
    init.assertOk();
    assertThat(init.out()).contains("passphrase").doesNotContain(PASSPHRASE);
    assertThat(data.resolve("keystore/root.key")).doesNotExist();
  }

  @Test
  void passphraseFromEnvironment_opensKeystore() {
    Coffer coffer = new Coffer(data).env(Invocation.PASSPHRASE_ENV, PASSPHRASE);

    coffer.createKey("--alias", "alias/sealed");

    assertThat(coffer.run("key", "list").assertOk().out()).contains("alias/sealed");
  }

  @Test
  void passphraseFile_withTrailingNewline_opensKeystore() throws IOException {
    Path file = tmp.resolve("passphrase.txt");
    Files.writeString(file, PASSPHRASE + "\n", StandardCharsets.UTF_8);

    Coffer.Result result =
        new Coffer(data).run("--passphrase-file", file.toString(), "key", "list");

    assertThat(result.exitCode()).isZero();
  }

  @Test
  void passphraseFileDash_readsStandardInput() {
    Coffer.Result result =
        new Coffer(data).runWithInput(PASSPHRASE + "\n", "key", "list", "--passphrase-file", "-");

    assertThat(result.exitCode()).isZero();
  }

  @Test
  void wrongPassphrase_exitsKeystoreUnavailableWithoutRevealingIt() {
    String wrong = "Tr0ub4dor&3";

    Coffer.Result result =
        new Coffer(data).env(Invocation.PASSPHRASE_ENV, wrong).run("key", "list", "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.KEYSTORE_UNAVAILABLE);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("WRONG_ROOT_KEY");
    assertThat(result.stderr()).doesNotContain(wrong).doesNotContain(PASSPHRASE);
  }

  @Test
  void noPassphrase_onSealedKeystore_exitsKeystoreUnavailableNamingWhatIsNeeded() {
    Coffer.Result result = new Coffer(data).run("key", "list");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.KEYSTORE_UNAVAILABLE);
    assertThat(result.stderr()).contains("passphrase");
  }

  @Test
  void passphraseAndInputBothFromStandardInput_isUsageError() {
    Coffer coffer = new Coffer(data).env(Invocation.PASSPHRASE_ENV, PASSPHRASE);
    String keyId = coffer.createKey();

    Coffer.Result result =
        new Coffer(data)
            .runWithInput(PASSPHRASE, "key", "encrypt", keyId, "-", "--passphrase-file", "-");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("standard input is already used");
  }
}
