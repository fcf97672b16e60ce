package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer rotate}, {@code coffer jobs} and the deletion dry run. */
class RotateAndJobsCommandsTest {
  private static final int PER_BUCKET = 3;

  @TempDir Path tmp;
  private Coffer coffer;
  private String keyArn;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createKey("--alias", "alias/app");
    keyArn = key().get("arn").getAsString();
    coffer.createBucket("direct", "--kms-key", "alias/app");
    coffer.createBucket("keyed", "--kms-key", "alias/app", "--bucket-key");
    for (int i = 0; i < PER_BUCKET; i++) {
      coffer.put("direct/o" + i, "direct " + i).assertOk();
      coffer.put("keyed/o" + i, "keyed " + i).assertOk();
    }
  }

  @Test
  void rotate_withRewrapAndWait_movesEveryObjectToTheNewVersion() {
    Coffer.Result result = coffer.run("rotate", "alias/app", "--rewrap", "--wait");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.out()).contains("State:", "SUCCEEDED", "-> version 2", "REWRAP");
    for (int i = 0; i < PER_BUCKET; i++) {
      for (String bucket : new String[] {"direct", "keyed"}) {
        JsonObject head = coffer.run("head", bucket + "/o" + i, "--json").assertOk().json();
        assertThat(head.get("sseKmsKeyVersion").getAsInt()).as(bucket + i).isEqualTo(2);
        assertThat(coffer.run("get", bucket + "/o" + i, "-").assertOk().out())
            .isEqualTo(bucket + " " + i);
      }
    }
  }

  @Test
  void rotate_withWaitAndJson_printsTheFinishedJob() {
    JsonObject job =
        coffer.run("rotate", "alias/app", "--rewrap", "--wait", "--json").assertOk().json();

    assertThat(job.get("state").getAsString()).isEqualTo("SUCCEEDED");
    assertThat(job.get("kind").getAsString()).isEqualTo("REWRAP");
    assertThat(job.get("keyArn").getAsString()).isEqualTo(keyArn);
    assertThat(job.get("targetVersion").getAsInt()).isEqualTo(2);
    assertThat(job.get("done").getAsLong() + job.get("skipped").getAsLong()).isPositive();
    assertThat(job.get("failed").getAsLong()).isZero();
  }

  @Test
  void rotate_withoutAJob_onlyRotates_andExistingObjectsStayOnVersionOne() {
    Coffer.Result result = coffer.run("rotate", "alias/app");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.out()).contains("Add --rewrap");
    JsonObject head = coffer.run("head", "direct/o0", "--json").assertOk().json();
    assertThat(head.get("sseKmsKeyVersion").getAsInt()).isEqualTo(1);
    assertThat(coffer.run("jobs", "list", "--json").assertOk().json().getAsJsonArray("jobs"))
        .isEmpty();
  }

  @Test
  void rotate_withRewrapAndDeep_isAUsageError_andRotatesNothing() {
    Coffer.Result result = coffer.run("rotate", "alias/app", "--rewrap", "--deep");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("choose one of --rewrap and --deep");
    assertThat(key().get("primaryVersion").getAsInt()).isEqualTo(1);
  }

  @Test
  void jobs_listAndStatus_showAStartedJob_andStatusWaitFollowsItToTheEnd() {
    JsonObject started = coffer.run("rotate", "alias/app", "--deep", "--json").assertOk().json();
    String jobId = started.get("jobId").getAsString();

    JsonObject waited = coffer.run("jobs", "status", jobId, "--wait", "--json").assertOk().json();
    Coffer.Result list = coffer.run("jobs", "list");

    assertThat(started.get("kind").getAsString()).isEqualTo("DEEP");
    assertThat(waited.get("state").getAsString()).isEqualTo("SUCCEEDED");
    assertThat(list.out()).contains("JOB", jobId, "DEEP", "SUCCEEDED");
    assertThat(coffer.run("get", "direct/o2", "-").assertOk().out()).isEqualTo("direct 2");
  }

  private String rewrapJob() {
    return coffer
        .run("rotate", "alias/app", "--rewrap", "--wait", "--json")
        .assertOk()
        .json()
        .get("jobId")
        .getAsString();
  }

  @Test
  void jobs_list_showsTheNewestFirst_asItsHelpSays() throws InterruptedException {
    String first = rewrapJob();
    // Creation times are in milliseconds: the second job must not share the first's.
    Thread.sleep(5);
    String second = rewrapJob();

    List<String> listed =
        coffer
            .run("jobs", "list", "--json")
            .assertOk()
            .json()
            .getAsJsonArray("jobs")
            .asList()
            .stream()
            .map(job -> job.getAsJsonObject().get("jobId").getAsString())
            .toList();
    String table = coffer.run("jobs", "list").assertOk().out();

    assertThat(coffer.run("jobs", "list", "--help").out()).contains("newest first");
    assertThat(listed).containsExactly(second, first);
    assertThat(table.indexOf(second)).isLessThan(table.indexOf(first));
  }

  @Test
  void jobs_statusAndCancel_takeTheFirstDigitsOfAnId_whenOnlyOneJobStartsWithThem() {
    // Seventeen ids: two of them share a first digit, and some digit starts none of them.
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 17; i++) {
      ids.add(rewrapJob());
    }
    String first = ids.get(0);
    String unique = first;
    for (int n = 1; n < first.length(); n++) {
      String prefix = first.substring(0, n);
      if (ids.stream().filter(id -> id.startsWith(prefix)).count() == 1) {
        unique = prefix;
        break;
      }
    }
    String shared =
        ids.stream()
            .map(id -> id.substring(0, 1))
            .filter(d -> ids.stream().filter(id -> id.startsWith(d)).count() > 1)
            .findFirst()
            .orElseThrow();
    String unused =
        "0123456789abcdef"
            .chars()
            .mapToObj(c -> String.valueOf((char) c))
            .filter(d -> ids.stream().noneMatch(id -> id.startsWith(d)))
            .findFirst()
            .orElseThrow();

    JsonObject byPrefix =
        coffer.run("jobs", "status", unique.toUpperCase(), "--json").assertOk().json();
    Coffer.Result cancel = coffer.run("jobs", "cancel", unique);
    Coffer.Result ambiguous = coffer.run("jobs", "status", shared);
    Coffer.Result none = coffer.run("jobs", "status", unused);

    assertThat(byPrefix.get("jobId").getAsString()).isEqualTo(first);
    assertThat(cancel.stderr()).contains("job " + first + " has already finished");
    assertThat(ambiguous.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(ambiguous.stderr()).contains("is the start of", "give more digits");
    assertThat(none.exitCode()).as(none.stderr()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(none.stderr()).contains("no job id starts with " + unused);
  }

  @Test
  void jobs_statusOfAnUnknownJob_exitsNotFound_andOfAMalformedId_exitsUsage() {
    Coffer.Result unknown = coffer.run("jobs", "status", "0".repeat(32));
    Coffer.Result malformed = coffer.run("jobs", "status", "no-such-job");

    assertThat(unknown.exitCode()).as(unknown.stderr()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(malformed.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(malformed.stderr()).contains("not a job id");
  }

  @Test
  void jobs_cancelOfAFinishedJob_isAConflictNamingItsFinalState_andLeavesItAsItWas() {
    String jobId =
        coffer
            .run("rotate", "alias/app", "--rewrap", "--wait", "--json")
            .assertOk()
            .json()
            .get("jobId")
            .getAsString();

    Coffer.Result cancel = coffer.run("jobs", "cancel", jobId);
    Coffer.Result cancelJson = coffer.run("jobs", "cancel", jobId, "--json");
    JsonObject after = coffer.run("jobs", "status", jobId, "--json").assertOk().json();

    assertThat(cancel.exitCode()).as(cancel.stderr()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(cancel.stderr())
        .startsWith("coffer: job " + jobId + " has already finished (SUCCEEDED, ")
        .contains("nothing to cancel");
    assertThat(cancel.out()).isEmpty();
    assertThat(cancelJson.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(cancelJson.errorJson().get("code").getAsString()).isEqualTo("INVALID_STATE");
    assertThat(after.get("state").getAsString()).isEqualTo("SUCCEEDED");
  }

  @Test
  void scheduleDeletion_dryRun_countsWhatWouldBeShredded_andSchedulesNothing() {
    Coffer.Result report =
        coffer.run("key", "schedule-deletion", "alias/app", "--dry-run", "--names", "3");
    JsonObject json =
        coffer
            .run("key", "schedule-deletion", "alias/app", "--dry-run", "--json")
            .assertOk()
            .json();

    assertThat(report.exitCode()).as(report.stderr()).isZero();
    assertThat(report.out())
        .contains("would make 6 objects unreadable", "direct", "keyed", "direct/o0")
        .contains("... and 3 more");
    assertThat(json.get("objects").getAsLong()).isEqualTo(6);
    assertThat(json.getAsJsonObject("objectsByBucket").get("direct").getAsLong()).isEqualTo(3);
    assertThat(json.getAsJsonObject("objectsByBucket").get("keyed").getAsLong()).isEqualTo(3);
    assertThat(key().get("keyState").getAsString()).isEqualTo("Enabled");
  }

  @Test
  void scheduleDeletion_dryRun_ofOneObjectAndOneBucketKey_countsThemInTheSingular() {
    coffer.createKey("--alias", "alias/one");
    coffer.createBucket("single", "--kms-key", "alias/one", "--bucket-key");
    coffer.put("single/o", "one").assertOk();

    Coffer.Result report = coffer.run("key", "schedule-deletion", "alias/one", "--dry-run");

    assertThat(report.assertOk().out())
        .startsWith("Destroying the key would make 1 object unreadable (1 bucket key):\n");
  }

  @Test
  void scheduleDeletion_thenGet_exitsKeyUnavailable() {
    coffer.run("key", "schedule-deletion", "alias/app", "--days", "7").assertOk();

    Coffer.Result get = coffer.run("get", "direct/o1", "-");

    assertThat(get.exitCode()).isEqualTo(ExitCodes.KEY_UNAVAILABLE);
  }

  private JsonObject key() {
    return coffer
        .run("key", "describe", "alias/app", "--json")
        .assertOk()
        .json()
        .getAsJsonObject("keyMetadata");
  }
}
