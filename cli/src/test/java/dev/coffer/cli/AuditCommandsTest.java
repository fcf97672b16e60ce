package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer audit}: query, verify (exit 11 when broken), export and the public key. */
class AuditCommandsTest {
  private static final String BOB = "arn:aws:iam::000000000000:role/Bob";

  @TempDir Path tmp;
  Coffer coffer;
  String keyId;

  @BeforeEach
  void someCalls() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyId = coffer.createKey("--alias", "alias/app");
    coffer.run("key", "generate-data-key", "alias/app", "--context", "tenant=acme").assertOk();
    assertThat(coffer.run("--as", BOB, "key", "describe", "alias/app").exitCode())
        .isEqualTo(ExitCodes.ACCESS_DENIED);
  }

  private Path segment() throws Exception {
    try (Stream<Path> files = Files.list(coffer.data().resolve("audit"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".log"))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void query_showsTheTrail_humanAndJson_withFilters() {
    Coffer.Result human = coffer.run("audit", "query").assertOk();
    assertThat(human.out())
        .contains("SEQ", "EVENT", "OUTCOME")
        .contains("CreateKey", "CreateAlias", "GenerateDataKey", "DENIED", BOB);
    // Calls on the data directory itself come from no address.
    assertThat(human.out().lines().filter(l -> l.contains("GenerateDataKey")))
        .singleElement()
        .satisfies(l -> assertThat(l).endsWith("  -"));

    JsonArray denied =
        coffer
            .run("audit", "query", "--outcome", "denied", "--json")
            .assertOk()
            .json()
            .getAsJsonArray("records");
    assertThat(denied).hasSize(1);
    JsonObject record = denied.get(0).getAsJsonObject();
    assertThat(record.get("eventName").getAsString()).isEqualTo("DescribeKey");
    assertThat(record.getAsJsonObject("userIdentity").get("arn").getAsString()).isEqualTo(BOB);
    assertThat(record.get("errorCode").getAsString()).isEqualTo("ACCESS_DENIED");
    assertThat(record.get("hash").getAsString()).hasSize(64);

    JsonArray onKey =
        coffer
            .run("audit", "query", "--key", "alias/app", "--event", "GenerateDataKey", "--json")
            .assertOk()
            .json()
            .getAsJsonArray("records");
    assertThat(onKey).hasSize(1);
    assertThat(
            onKey
                .get(0)
                .getAsJsonObject()
                .getAsJsonObject("requestParameters")
                .getAsJsonObject("encryptionContext")
                .get("tenant")
                .getAsString())
        .isEqualTo("acme");
    assertThat(
            coffer
                .run("audit", "query", "--since", "1d", "--principal", BOB, "--json")
                .assertOk()
                .json()
                .getAsJsonArray("records"))
        .hasSize(1);
    assertThat(
            coffer
                .run("audit", "query", "--until", "2000-01-01", "--json")
                .assertOk()
                .json()
                .getAsJsonArray("records"))
        .isEmpty();
  }

  @Test
  void query_showsTheObjectAndKeyOfObjectEvents() {
    coffer.createBucket("docs", "--kms-key", "alias/app");
    coffer.put("docs/reports/q1.txt", "quarterly").assertOk();
    coffer.run("cp", "docs/reports/q1.txt", "docs/archive/q1.txt").assertOk();

    String out = coffer.run("audit", "query", "--newest-first").assertOk().out();

    assertThat(out)
        .contains("OBJECT")
        .containsPattern("PutObject +ALLOWED +\\S+ +docs/reports/q1.txt +" + keyId)
        .containsPattern("CopyObject +ALLOWED +\\S+ +docs/reports/q1.txt -> docs/archive/q1.txt")
        .containsPattern("CreateBucket +ALLOWED +\\S+ +docs +-")
        .containsPattern("GenerateDataKey +ALLOWED +\\S+ +- +alias/app");
  }

  /** A key with a line break cannot pass for another line of the trail or of a listing. */
  @Test
  void objectKeysWithControlCharacters_areEscapedInTablesAndListings() {
    coffer.createBucket("docs", "--kms-key", "alias/app");
    String forged = "a\n999  2026-01-01T00:00:00Z  ScheduleKeyDeletion  ALLOWED";
    coffer.put("docs/" + forged, "x").assertOk();

    String trail = coffer.run("audit", "query", "--event", "PutObject").assertOk().out();
    String listing = coffer.run("ls", "docs/").assertOk().out();

    assertThat(trail).contains("docs/a\\x0a999").doesNotContain("\n999");
    assertThat(listing).contains("a\\x0a999").doesNotContain("\n999");
    assertThat(
            coffer
                .run("ls", "docs/", "--json")
                .assertOk()
                .json()
                .getAsJsonArray("contents")
                .get(0)
                .getAsJsonObject()
                .get("key")
                .getAsString())
        .isEqualTo(forged);
  }

  @Test
  void query_pagesWithTokens_inEitherOrder() {
    JsonObject first = coffer.run("audit", "query", "--limit", "2", "--json").assertOk().json();
    assertThat(first.getAsJsonArray("records")).hasSize(2);
    String token = first.get("nextToken").getAsString();
    JsonObject second =
        coffer
            .run("audit", "query", "--limit", "2", "--next-token", token, "--json")
            .assertOk()
            .json();
    assertThat(
            second
                .getAsJsonArray("records")
                .get(0)
                .getAsJsonObject()
                .get("sequenceNumber")
                .getAsLong())
        .isGreaterThan(
            first
                .getAsJsonArray("records")
                .get(1)
                .getAsJsonObject()
                .get("sequenceNumber")
                .getAsLong());
    JsonArray newest =
        coffer
            .run("audit", "query", "--newest-first", "--limit", "1", "--json")
            .assertOk()
            .json()
            .getAsJsonArray("records");
    assertThat(newest.get(0).getAsJsonObject().get("eventName").getAsString())
        .as("the last call before this query")
        .isNotEqualTo("CreateKey");
    assertThat(coffer.run("audit", "query", "--next-token", "garbage").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void verify_exitsZeroWhenIntact_and11NamingTheRecordWhenNot() throws Exception {
    Coffer.Result ok = coffer.run("audit", "verify");
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out()).startsWith("audit log intact: records 1 to");

    Path segment = segment();
    byte[] bytes = Files.readAllBytes(segment);
    bytes[200] ^= 0x20;
    Files.write(segment, bytes);

    Coffer.Result broken = coffer.run("audit", "verify");
    assertThat(broken.exitCode()).isEqualTo(ExitCodes.AUDIT_LOG_INVALID).isEqualTo(11);
    assertThat(broken.out()).contains("NOT intact").contains("EDITED at record 1");
    JsonObject json = coffer.run("audit", "verify", "--json").json();
    assertThat(json.get("intact").getAsBoolean()).isFalse();
    assertThat(json.getAsJsonObject("problem").get("kind").getAsString()).isEqualTo("EDITED");
    assertThat(json.getAsJsonObject("problem").get("sequence").getAsLong()).isEqualTo(1);

    Coffer.Result other = coffer.run("key", "list");
    assertThat(other.exitCode()).as("no command runs on a broken log").isEqualTo(11);
    assertThat(other.stderr()).contains("failed verification").contains("EDITED at record 1");
  }

  @Test
  void verify_ofACopy_needsOnlyThePublicKey() throws Exception {
    Path pem = tmp.resolve("audit.pem");
    Files.write(pem, coffer.run("audit", "public-key").assertOk().stdout());
    assertThat(Files.readString(pem)).startsWith("-----BEGIN PUBLIC KEY-----");
    Path json = tmp.resolve("audit.json");
    Files.writeString(
        json,
        coffer
            .run("audit", "public-key", "--format", "tink-json", "--json")
            .assertOk()
            .json()
            .get("publicKey")
            .getAsString());
    Path log = coffer.data().resolve("audit");
    for (Path key : List.of(pem, json)) {
      Coffer.Result copy =
          new Coffer(tmp.resolve("none"))
              .run("audit", "verify", "--log", log.toString(), "--public-key", key.toString());
      assertThat(copy.exitCode()).as(copy.out() + copy.stderr()).isZero();
    }
    Coffer.Result dataDirectory =
        new Coffer(tmp.resolve("none"))
            .run(
                "audit",
                "verify",
                "--log",
                coffer.data().toString(),
                "--public-key",
                pem.toString());
    assertThat(dataDirectory.exitCode())
        .as("a directory without segments is no log, not an intact empty one")
        .isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(dataDirectory.stderr()).contains("a data directory keeps its log in " + log);
    Path notAKey = tmp.resolve("not-a-key.pem");
    Files.writeString(notAKey, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    Coffer.Result badKey =
        new Coffer(tmp.resolve("none"))
            .run("audit", "verify", "--log", log.toString(), "--public-key", notAKey.toString());
    assertThat(badKey.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badKey.stderr()).contains("not the log's public key");
  }

  @Test
  void verify_ofACopy_withAMalformedHead_isAUsageErrorSayingTheForm() throws Exception {
    Path pem = tmp.resolve("audit.pem");
    Files.write(pem, coffer.run("audit", "public-key").assertOk().stdout());
    Path log = coffer.data().resolve("audit");
    for (String head : List.of("1:abc", "one:" + "0".repeat(64), "1")) {
      Coffer.Result result =
          new Coffer(tmp.resolve("none"))
              .run(
                  "audit",
                  "verify",
                  "--log",
                  log.toString(),
                  "--public-key",
                  pem.toString(),
                  "--head",
                  head);

      assertThat(result.exitCode()).as(head).isEqualTo(ExitCodes.USAGE);
      assertThat(result.stderr())
          .as(head)
          .startsWith("coffer: Invalid value for option '--head'")
          .contains("SEQUENCE:HASH", "64 hex digits", head)
          .doesNotContain("internal error");
    }
  }

  @Test
  void verify_ofACopy_thatIsMissing_exitsNotFound() throws Exception {
    Path pem = tmp.resolve("audit.pem");
    Files.write(pem, coffer.run("audit", "public-key").assertOk().stdout());
    Path missing = tmp.resolve("no-such-log");

    Coffer.Result result =
        new Coffer(tmp.resolve("none"))
            .run("audit", "verify", "--log", missing.toString(), "--public-key", pem.toString());
    Coffer.Result noKey =
        new Coffer(tmp.resolve("none"))
            .run(
                "audit",
                "verify",
                "--log",
                coffer.data().resolve("audit").toString(),
                "--public-key",
                tmp.resolve("no-such.pem").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.stderr()).isEqualTo("coffer: --log: no such directory: " + missing + "\n");
    assertThat(noKey.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(noKey.stderr()).contains("no such file");
  }

  @Test
  void export_writesJsonLines_toAFileOrStdout() throws Exception {
    Path file = tmp.resolve("trail.jsonl");
    Coffer.Result result = coffer.run("audit", "export", file.toString()).assertOk();
    assertThat(result.out()).startsWith("Wrote ");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
    for (String line : lines) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      assertThat(o.has("eventID")).isTrue();
    }
    String stdout = coffer.run("audit", "export", "--outcome", "DENIED").assertOk().out();
    assertThat(stdout.lines()).hasSize(1);
    assertThat(keyId).isNotBlank();
  }
}
