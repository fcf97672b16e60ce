package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coffer audit recover}: a data directory whose log was damaged works again, the damaged log
 * kept beside it; an intact log, a sidecar and a bad reason are refused.
 */
class AuditRecoverCommandTest {
  private static final String OPS = "arn:aws:iam::000000000000:user/ops";

  @TempDir Path tmp;
  Coffer coffer;

  @BeforeEach
  void someCalls() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createKey("--alias", "alias/app");
    coffer.run("key", "generate-data-key", "alias/app", "--context", "tenant=acme").assertOk();
  }

  private void damageTheLog() throws Exception {
    Path segment;
    try (Stream<Path> files = Files.list(coffer.data().resolve("audit"))) {
      segment =
          files.filter(p -> p.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(segment);
    bytes[200] ^= 0x20;
    Files.write(segment, bytes);
  }

  private Stream<String> dataDirectoryEntries() throws Exception {
    try (Stream<Path> entries = Files.list(coffer.data())) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @Test
  void recover_afterDamage_setsTheLogAside_andEveryCommandWorksAgain() throws Exception {
    damageTheLog();
    Coffer.Result refused = coffer.run("key", "list");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.AUDIT_LOG_INVALID);
    assertThat(refused.stderr()).contains("EDITED at record 1").contains("coffer audit recover");

    Coffer.Result recovered =
        coffer.run("--as", OPS, "audit", "recover", "--reason", "disk error, ticket OPS-1234");

    assertThat(recovered.exitCode()).as(recovered.stderr()).isZero();
    assertThat(recovered.out())
        .contains("The damaged log: EDITED at record 1")
        .contains("Set aside:       " + coffer.data().resolve("audit.damaged-"))
        .contains("(unchanged)")
        .contains("New log:         continues from record")
        .contains("coffer audit verify --log " + coffer.data().resolve("audit.damaged-"));
    assertThat(dataDirectoryEntries())
        .hasSize(3)
        .contains("audit", "keystore")
        .anyMatch(name -> name.startsWith("audit.damaged-"));
    coffer.run("key", "list").assertOk();
    Coffer.Result verify = coffer.run("audit", "verify");
    assertThat(verify.exitCode()).isZero();
    assertThat(verify.out()).contains("began this log anew");
    JsonObject event =
        coffer
            .run("audit", "query", "--event", "RecoverAuditLog", "--json")
            .assertOk()
            .json()
            .getAsJsonArray("records")
            .get(0)
            .getAsJsonObject();
    assertThat(event.toString())
        .contains(OPS)
        .contains("disk error, ticket OPS-1234")
        .contains("audit.damaged-");
  }

  @Test
  void recover_json_namesTheProblem_whereTheLogWent_andTheNewHead() throws Exception {
    damageTheLog();

    JsonObject json = coffer.run("audit", "recover", "--json").assertOk().json();

    assertThat(json.getAsJsonObject("problem").get("kind").getAsString()).isEqualTo("EDITED");
    assertThat(json.getAsJsonObject("problem").get("sequence").getAsLong()).isEqualTo(1);
    assertThat(Path.of(json.get("setAside").getAsString())).isDirectory();
    long from = json.get("continuesFrom").getAsLong();
    assertThat(json.get("recoveryRecord").getAsLong()).isEqualTo(from + 2);
    assertThat(json.getAsJsonObject("head").get("sequence").getAsLong()).isGreaterThan(from + 2);
  }

  @Test
  void recover_onAnIntactLog_exitsConflict_andChangesNothing() throws Exception {
    Coffer.Result result = coffer.run("audit", "recover");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(result.stderr()).contains("nothing to recover").contains("audit log intact");
    assertThat(dataDirectoryEntries()).containsExactly("audit", "keystore");
  }

  @Test
  void recover_throughASidecar_isAUsageError() {
    Coffer.Result result = coffer.run("--server", "localhost:1", "audit", "recover");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("works on the data directory itself");
  }

  @Test
  void recover_withAReasonOnTwoLines_isAUsageError_andLeavesTheLogAsItWas() throws Exception {
    damageTheLog();

    Coffer.Result result = coffer.run("audit", "recover", "--reason", "one\ntwo");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("one line");
    assertThat(dataDirectoryEntries()).containsExactly("audit", "keystore");
  }
}
