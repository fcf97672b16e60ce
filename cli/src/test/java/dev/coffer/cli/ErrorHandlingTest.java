package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.Keystore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each class of failure reaches the user as one message and its own exit code. */
class ErrorHandlingTest {
  private static final String BOB = "arn:aws:iam::000000000000:user/bob";

  @TempDir Path tmp;
  private Coffer coffer;
  private String keyId;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyId = coffer.createKey("--alias", "alias/app");
  }

  @Test
  void describe_ofUnknownKey_exitsNotFound() {
    Coffer.Result result = coffer.run("key", "describe", "alias/missing");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.stderr()).isEqualTo("coffer: alias alias/missing does not exist\n");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void describe_asAnotherPrincipal_exitsAccessDenied() {
    Coffer.Result result = coffer.run("--as", BOB, "key", "describe", keyId);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(result.stderr()).startsWith("coffer: ").contains(BOB).contains("not");
  }

  @Test
  void principalWithoutIdentityPolicy_cannotCreateKeys() {
    Coffer.Result result = coffer.run("key", "create", "--as", BOB);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(result.stderr()).contains("kms:CreateKey").contains("no identity policy");
  }

  @Test
  void invalidPrincipal_isUsageError() {
    assertThat(coffer.run("--as", "", "key", "list").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void generateDataKey_withDisabledKey_exitsKeyUnavailable() {
    coffer.run("key", "disable", keyId).assertOk();

    Coffer.Result result = coffer.run("key", "generate-data-key", keyId, "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("KEY_DISABLED");
  }

  @Test
  void encrypt_withKeyPendingDeletion_exitsKeyUnavailable() {
    coffer.run("key", "schedule-deletion", keyId, "--days", "7").assertOk();

    Coffer.Result result = coffer.runWithInput("x", "key", "encrypt", keyId, "--json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("KEY_PENDING_DELETION");
  }

  @Test
  void aliasCreate_withDuplicateAlias_exitsConflict() {
    Coffer.Result result = coffer.run("key", "alias", "create", "alias/app", keyId);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(result.stderr()).isEqualTo("coffer: alias alias/app already exists\n");
  }

  @Test
  void unknownOption_isUsageErrorWithHint() {
    Coffer.Result result = coffer.run("key", "create", "--colour", "blue");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr())
        .startsWith("coffer: Unknown options: '--colour', 'blue'")
        .contains("Try `coffer key create --help`.");
  }

  @Test
  void unknownCommand_isUsageErrorWithSuggestion() {
    Coffer.Result result = coffer.run("key", "rotat", keyId);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("Did you mean").contains("rotate");
  }

  @Test
  void missingParameter_isUsageError() {
    assertThat(coffer.run("key", "describe").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void groupWithoutCommand_isUsageErrorListingTheCommands() {
    Coffer.Result result = coffer.run("key", "alias");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("choose one of create, update, delete, list");
  }

  @Test
  void usageError_withJson_isJsonOnStandardError() {
    Coffer.Result result = coffer.run("--json", "key", "describe");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errorJson().get("code").getAsString()).isEqualTo("INVALID_ARGUMENT");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void invalidArgumentFromKeystore_isUsageError() {
    Coffer.Result result = coffer.run("key", "schedule-deletion", keyId, "--days", "3");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("7 to 30 days");
  }

  @Test
  void keystoreOpenElsewhere_exitsKeystoreUnavailable() {
    try (Keystore held =
        Keystore.builder(coffer.data().resolve("keystore")).createIfMissing(false).open()) {
      Coffer.Result result = coffer.run("key", "list", "--json");

      assertThat(held.generation()).isPositive();
      assertThat(result.exitCode()).isEqualTo(ExitCodes.KEYSTORE_UNAVAILABLE);
      assertThat(result.errorJson().get("code").getAsString()).isEqualTo("KEYSTORE_LOCKED");
    }
  }

  @Test
  void keystoreOpenElsewhere_pointsAtTheSidecar() {
    try (Keystore held =
        Keystore.builder(coffer.data().resolve("keystore")).createIfMissing(false).open()) {
      Coffer.Result result = coffer.run("key", "list");

      assertThat(held.generation()).isPositive();
      assertThat(result.exitCode()).isEqualTo(ExitCodes.KEYSTORE_UNAVAILABLE);
      assertThat(result.stderr()).contains("in use").contains("--server");
    }
  }

  @Test
  void keystoreFailure_printsNoStackTraceUnlessDebugging() {
    coffer.run("key", "disable", keyId).assertOk();

    Coffer.Result plain = coffer.run("key", "generate-data-key", keyId);
    Coffer.Result debug = coffer.run("--debug", "key", "generate-data-key", keyId);

    assertThat(plain.stderr().lines()).hasSize(1);
    assertThat(debug.stderr()).contains("KeyUnavailableException").contains("\tat ");
  }
}
