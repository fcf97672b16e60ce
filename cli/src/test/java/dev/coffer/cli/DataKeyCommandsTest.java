package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataKeyCommandsTest {
  @TempDir Path tmp;
  private Coffer coffer;
  private String keyId;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyId = coffer.createKey("--alias", "alias/app");
  }

  @Test
  void generateDataKey_printsWrappedAndPlaintextKey() {
    Coffer.Result result =
        coffer.run("key", "generate-data-key", "alias/app", "--context", "tenant=acme");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .containsPattern("Key +arn:aws:kms:local:000000000000:key/" + keyId + " \\(version 1\\)")
        .containsPattern("Wrapped key +[A-Za-z0-9+/=]+")
        .containsPattern("Plaintext key +[A-Za-z0-9+/=]{44}\n");
  }

  @Test
  void generateDataKey_withJson_wrappedKeyDecryptsToThePlaintextKey() {
    JsonObject json =
        coffer
            .run("key", "generate-data-key", "alias/app", "--context", "tenant=acme", "--json")
            .assertOk()
            .json();
    String wrapped = json.get("ciphertextBlob").getAsString();

    JsonObject decrypted =
        coffer
            .runWithInput(wrapped, "key", "decrypt", "--context", "tenant=acme", "--json")
            .assertOk()
            .json();

    assertThat(Base64.getDecoder().decode(json.get("plaintext").getAsString())).hasSize(32);
    assertThat(decrypted.get("plaintext").getAsString())
        .isEqualTo(json.get("plaintext").getAsString());
    assertThat(decrypted.get("keyVersion").getAsInt()).isEqualTo(1);
    assertThat(json.get("keyId").getAsString()).endsWith(keyId);
  }

  @Test
  void generateDataKey_withBytesAndWithoutPlaintext_printsOnlyTheWrappedKey() {
    JsonObject json =
        coffer
            .run(
                "key", "generate-data-key", keyId, "--bytes", "16", "--without-plaintext", "--json")
            .assertOk()
            .json();
    Coffer.Result human = coffer.run("key", "generate-data-key", keyId, "--without-plaintext");

    assertThat(json.has("plaintext")).isFalse();
    JsonObject decrypted =
        coffer
            .runWithInput(json.get("ciphertextBlob").getAsString(), "key", "decrypt", "--json")
            .assertOk()
            .json();
    assertThat(Base64.getDecoder().decode(decrypted.get("plaintext").getAsString())).hasSize(16);
    assertThat(human.out()).contains("Wrapped key").doesNotContain("Plaintext");
  }

  @Test
  void encryptFromStdin_decryptToStdout_roundTripsBinary() {
    byte[] plaintext = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n', 'x'};

    String blob =
        coffer
            .runWithInput(plaintext, "key", "encrypt", "alias/app", "-", "--context", "a=b")
            .assertOk()
            .out();
    Coffer.Result decrypted = coffer.runWithInput(blob, "key", "decrypt", "-", "--context", "a=b");

    assertThat(blob).matches("[A-Za-z0-9+/=]+\n");
    assertThat(decrypted.exitCode()).isZero();
    assertThat(decrypted.stdout()).isEqualTo(plaintext);
  }

  @Test
  void encryptAndDecrypt_readFiles() throws IOException {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "s3cret");
    Path blob = tmp.resolve("secret.b64");

    Files.writeString(blob, coffer.run("key", "encrypt", keyId, secret.toString()).out());
    Coffer.Result decrypted = coffer.run("key", "decrypt", blob.toString());

    assertThat(decrypted.out()).isEqualTo("s3cret");
  }

  @Test
  void encrypt_withJson_printsBlobAndKeyVersion() {
    JsonObject json =
        coffer.runWithInput("s3cret", "key", "encrypt", keyId, "--json").assertOk().json();

    assertThat(json.get("keyId").getAsString())
        .isEqualTo("arn:aws:kms:local:000000000000:key/" + keyId);
    assertThat(json.get("keyVersion").getAsInt()).isEqualTo(1);
    assertThat(json.get("ciphertextBlob").getAsString()).isNotEmpty();
  }

  @Test
  void encrypt_ofMoreThanFourKiB_isUsageError() {
    Coffer.Result result = coffer.runWithInput(new byte[4097], "key", "encrypt", keyId);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("larger than 4096 bytes");
  }

  @Test
  void encrypt_ofMissingFile_exitsNotFound() {
    Coffer.Result result = coffer.run("key", "encrypt", keyId, tmp.resolve("nope").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.stderr()).contains("no such file");
  }

  @Test
  void context_splitsAtTheFirstEquals() {
    String blob =
        coffer.runWithInput("x", "key", "encrypt", keyId, "--context", "k=v=w").assertOk().out();

    assertThat(coffer.runWithInput(blob, "key", "decrypt", "--context", "k=v=w").out())
        .isEqualTo("x");
    assertThat(coffer.runWithInput(blob, "key", "decrypt", "--context", "k=v").exitCode())
        .isEqualTo(ExitCodes.INTEGRITY_FAILURE);
  }

  @Test
  void context_withoutEquals_isUsageError() {
    Coffer.Result result = coffer.runWithInput("x", "key", "encrypt", keyId, "--context", "k");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void decrypt_withWrongContext_exitsWithIntegrityFailure() {
    String blob = coffer.runWithInput("x", "key", "encrypt", keyId, "--context", "a=b").out();

    Coffer.Result result =
        coffer.runWithInput(blob, "key", "decrypt", "--context", "a=c", "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("INTEGRITY_FAILURE");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void decrypt_withAnotherKeyNamed_exitsWithIntegrityFailure() {
    String other = coffer.createKey();
    String blob = coffer.runWithInput("x", "key", "encrypt", keyId).out();

    Coffer.Result result = coffer.runWithInput(blob, "key", "decrypt", "--key", other, "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.INTEGRITY_FAILURE);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("INCORRECT_KEY");
  }

  @Test
  void decrypt_ofNonBase64Input_isUsageError() {
    Coffer.Result result = coffer.runWithInput("not base64!", "key", "decrypt");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("not base64");
  }

  @Test
  void decrypt_ofEmptyInput_isUsageError() {
    assertThat(coffer.run("key", "decrypt").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void reEncrypt_movesTheBlobToAnotherKeyAndContext() {
    String other = coffer.createKey("--alias", "alias/other");
    String blob = coffer.runWithInput("payload", "key", "encrypt", keyId, "--context", "a=b").out();

    JsonObject json =
        coffer
            .runWithInput(
                blob,
                "key",
                "re-encrypt",
                "--to",
                "alias/other",
                "--context",
                "a=b",
                "--to-context",
                "c=d",
                "--json")
            .assertOk()
            .json();
    String moved = json.get("ciphertextBlob").getAsString();

    assertThat(json.get("keyId").getAsString()).endsWith(other);
    assertThat(json.get("sourceKeyId").getAsString()).endsWith(keyId);
    assertThat(json.get("sourceKeyVersion").getAsInt()).isEqualTo(1);
    assertThat(coffer.runWithInput(moved, "key", "decrypt", "--context", "c=d").out())
        .isEqualTo("payload");
    assertThat(coffer.runWithInput(moved, "key", "decrypt", "--context", "a=b").exitCode())
        .isEqualTo(ExitCodes.INTEGRITY_FAILURE);
  }

  @Test
  void reEncrypt_toTheSameKeyAfterRotation_movesTheBlobToThePrimaryVersion() throws IOException {
    String blob = coffer.runWithInput("payload", "key", "encrypt", keyId).out();
    coffer.run("key", "rotate", keyId).assertOk();
    Path file = Files.writeString(tmp.resolve("old.b64"), blob, StandardCharsets.US_ASCII);

    Coffer.Result human = coffer.run("key", "re-encrypt", "--to", keyId, file.toString());
    JsonObject decrypted = coffer.runWithInput(human.out(), "key", "decrypt", "--json").json();

    assertThat(human.out()).matches("[A-Za-z0-9+/=]+\n");
    assertThat(decrypted.get("keyVersion").getAsInt()).isEqualTo(2);
  }

  @Test
  void reEncrypt_withoutDestination_isUsageError() {
    assertThat(coffer.runWithInput("AAAA", "key", "re-encrypt").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }
}
