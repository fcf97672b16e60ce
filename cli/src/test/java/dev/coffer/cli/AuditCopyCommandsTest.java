package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coffer audit query|export --log DIR}: a copy of a log, read with neither data directory
 * nor keystore nor passphrase, with every filter, paging and JSON of the live log's commands.
 */
class AuditCopyCommandsTest {
  private static final String BOB = "arn:aws:iam::000000000000:role/Bob";

  @TempDir Path tmp;
  Coffer coffer;
  Path copy;

  /** Runs where there is no data directory: nothing but the copy to read. */
  Coffer auditor;

  @BeforeEach
  void someCallsAndACopyOfTheirLog() throws Exception {
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createKey("--alias", "alias/app");
    coffer.run("key", "generate-data-key", "alias/app", "--context", "tenant=acme").assertOk();
    assertThat(coffer.run("--as", BOB, "key", "describe", "alias/app").exitCode())
        .isEqualTo(ExitCodes.ACCESS_DENIED);
    copy = copyOf(coffer.data().resolve("audit"), tmp.resolve("copy"));
    auditor = new Coffer(tmp.resolve("none"));
  }

  private static Path copyOf(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  private Coffer.Result query(String... options) {
    return auditor.run(
        Stream.concat(Stream.of("audit", "query", "--log", copy.toString()), Stream.of(options))
            .toArray(String[]::new));
  }

  @Test
  void query_ofACopy_showsTheTrail_withFilters_withoutAKeystore() {
    Coffer.Result human = query().assertOk();
    assertThat(human.out())
        .contains("SEQ", "EVENT", "OUTCOME")
        .contains("CreateKey", "CreateAlias", "GenerateDataKey", "DENIED", BOB);
    assertThat(tmp.resolve("none")).doesNotExist();

    JsonArray denied =
        query("--outcome", "denied", "--json").assertOk().json().getAsJsonArray("records");
    assertThat(denied).hasSize(1);
    assertThat(denied.get(0).getAsJsonObject().get("eventName").getAsString())
        .isEqualTo("DescribeKey");
    assertThat(
            query("--key", "alias/app", "--event", "GenerateDataKey", "--since", "1d", "--json")
                .assertOk()
                .json()
                .getAsJsonArray("records"))
        .hasSize(1);
    assertThat(query("--principal", BOB, "--json").assertOk().json().getAsJsonArray("records"))
        .hasSize(1);
    assertThat(query("--until", "2000-01-01").assertOk().out()).isEqualTo("No records match.\n");
  }

  @Test
  void query_ofACopy_answersAsTheLiveLogDoes() {
    JsonObject live = coffer.run("audit", "query", "--newest-first", "--json").assertOk().json();

    assertThat(query("--newest-first", "--json").assertOk().json()).isEqualTo(live);
  }

  @Test
  void query_ofACopy_pagesWithTokens_inEitherOrder() {
    JsonObject first = query("--limit", "2", "--json").assertOk().json();
    String token = first.get("nextToken").getAsString();
    JsonObject second = query("--limit", "2", "--next-token", token, "--json").assertOk().json();
    assertThat(sequence(second, 0)).isEqualTo(sequence(first, 1) + 1);
    assertThat(query("--limit", "2").assertOk().out()).contains("More: --next-token " + token);

    JsonObject newest = query("--newest-first", "--limit", "1", "--json").assertOk().json();
    JsonObject before =
        query(
                "--newest-first",
                "--limit",
                "1",
                "--next-token",
                newest.get("nextToken").getAsString(),
                "--json")
            .assertOk()
            .json();
    assertThat(sequence(before, 0)).isLessThan(sequence(newest, 0));
    assertThat(query("--next-token", "garbage").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  private static long sequence(JsonObject page, int i) {
    return page.getAsJsonArray("records")
        .get(i)
        .getAsJsonObject()
        .get("sequenceNumber")
        .getAsLong();
  }

  @Test
  void export_ofACopy_writesWhatTheLiveExportWrites_toStdoutOrAFile() throws Exception {
    String live = coffer.run("audit", "export").assertOk().out();
    Path file = tmp.resolve("trail.jsonl");

    Coffer.Result stdout = auditor.run("audit", "export", "--log", copy.toString()).assertOk();
    Coffer.Result toFile =
        auditor
            .run("audit", "export", "--log", copy.toString(), file.toString(), "--json")
            .assertOk();
    Coffer.Result denied =
        auditor.run("audit", "export", "--log", copy.toString(), "--outcome", "DENIED").assertOk();

    assertThat(stdout.out()).isEqualTo(live);
    assertThat(Files.readString(file)).isEqualTo(live);
    assertThat(toFile.json().get("records").getAsLong()).isEqualTo(live.lines().count());
    assertThat(denied.out().lines()).singleElement().asString().contains(BOB);
  }

  @Test
  void log_withServer_isAUsageError_beforeAnythingIsRead() {
    for (String command : List.of("query", "export")) {
      Coffer.Result option =
          auditor.run("--server", "127.0.0.1:1", "audit", command, "--log", copy.toString());
      Coffer.Result environment =
          new Coffer(tmp.resolve("none"))
              .env("COFFER_SERVER", "127.0.0.1:1")
              .run("audit", command, "--log", copy.toString());

      assertThat(option.exitCode()).as(command).isEqualTo(ExitCodes.USAGE);
      assertThat(option.stderr()).isEqualTo("coffer: --log and --server exclude each other\n");
      assertThat(environment.exitCode()).as(command).isEqualTo(ExitCodes.USAGE);
      assertThat(environment.stderr())
          .isEqualTo("coffer: --log and COFFER_SERVER exclude each other\n");
    }
    Coffer.Result verify =
        auditor.run(
            "--server",
            "127.0.0.1:1",
            "audit",
            "verify",
            "--log",
            copy.toString(),
            "--public-key",
            tmp.resolve("key.pem").toString());
    assertThat(verify.exitCode()).as("verify --log too").isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void log_thatIsMissingOrNotALog_exitsNotFound_sayingWhy() throws Exception {
    Path missing = tmp.resolve("no-such-log");
    Path file = Files.writeString(tmp.resolve("file"), "x");

    Coffer.Result gone = auditor.run("audit", "query", "--log", missing.toString());
    Coffer.Result dataDirectory = auditor.run("audit", "export", "--log", coffer.data().toString());
    Coffer.Result aFile = auditor.run("audit", "query", "--log", file.toString());

    assertThat(gone.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(gone.stderr()).isEqualTo("coffer: --log: no such directory: " + missing + "\n");
    assertThat(dataDirectory.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(dataDirectory.stderr())
        .isEqualTo(
            "coffer: no audit log in "
                + coffer.data()
                + ": no segment files (audit-*.log) there; a data directory keeps its log in "
                + coffer.data().resolve("audit")
                + "\n");
    assertThat(aFile.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(aFile.stderr()).contains("is a file");
  }

  @Test
  void query_ofADamagedCopy_exits11_namingTheRecord() throws Exception {
    Path segment;
    try (Stream<Path> files = Files.list(copy)) {
      segment =
          files.filter(p -> p.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(segment);
    bytes[200] ^= 0x20;
    Files.write(segment, bytes);

    Coffer.Result human = query();
    Coffer.Result json = auditor.run("audit", "export", "--log", copy.toString(), "--json");

    assertThat(human.exitCode()).isEqualTo(ExitCodes.AUDIT_LOG_INVALID);
    assertThat(human.out()).isEmpty();
    assertThat(human.stderr())
        .startsWith("coffer: the audit log " + copy + " cannot be read beyond a damaged record:")
        .contains("EDITED at record 1 (" + segment.getFileName() + " offset");
    assertThat(json.exitCode()).isEqualTo(ExitCodes.AUDIT_LOG_INVALID);
    assertThat(json.errorJson().get("code").getAsString()).isEqualTo("AUDIT_INTEGRITY_FAILURE");
  }

  @Test
  void help_saysThatReadingACopyDoesNotVerifyIt() {
    for (String command : List.of("query", "export")) {
      String help = auditor.runRaw(new byte[0], "audit", command, "--help").out();

      assertThat(help)
          .as(command)
          .contains("--log=DIR", "Reading does not verify", "coffer audit verify --log");
    }
  }
}
