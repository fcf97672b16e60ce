package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer head} and {@code coffer rm}. */
class HeadAndRmCommandsTest {
  private static final String READER = "arn:aws:iam::000000000000:role/Reader";

  @TempDir Path tmp;
  private Coffer coffer;
  private String keyArn;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    keyArn = "arn:aws:kms:local:000000000000:key/" + coffer.createKey("--alias", "alias/app");
    coffer.createBucket("docs", "--kms-key", "alias/app", "--bucket-key");
  }

  @Test
  void principalWithoutGetObject_isDeniedByTheBucketLayer() {
    coffer.put("docs/a.txt", "secret").assertOk();

    Coffer.Result result = coffer.run("--as", READER, "head", "docs/a.txt");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(result.stderr()).contains("s3:GetObject", "bucket layer");
  }

  @Test
  void head_showsSizeEncryptionKeyBucketKeyAndContext() {
    coffer
        .put("docs/a.txt", "hello", "--context", "tenant=acme", "--metadata", "author=ann")
        .assertOk();

    Coffer.Result result = coffer.run("head", "docs/a.txt");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .containsPattern("Object +docs/a.txt")
        .containsPattern("Size +5 bytes")
        .containsPattern("ETag +[0-9a-f]{32}")
        .containsPattern("Last modified +\\d{4}-\\d\\d-\\d\\d [0-9:]+ UTC")
        .containsPattern("Content type +binary/octet-stream")
        .containsPattern("Metadata +author=ann")
        .containsPattern("Encryption +aws:kms")
        .containsPattern("KMS key +" + keyArn + " \\(version 1\\)")
        .containsPattern("Bucket key +on")
        .containsPattern("Context +aws:s3:arn=arn:aws:s3:::docs, tenant=acme");
  }

  @Test
  void head_withJson_matchesWhatPutReturned() {
    JsonObject put = coffer.put("docs/a.txt", "hello", "--json").assertOk().json();

    JsonObject head = coffer.run("head", "docs/a.txt", "--json").assertOk().json();

    assertThat(head).isEqualTo(put);
  }

  @Test
  void head_ofAMissingKey_exitsNotFound() {
    assertThat(coffer.run("head", "docs/nope").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void rm_deletesTheObject_andSucceedsForMissingKeysAsS3Does() {
    coffer.put("docs/a.txt", "x").assertOk();
    coffer.put("docs/b.txt", "x").assertOk();

    Coffer.Result human = coffer.run("rm", "docs/a.txt");
    JsonObject json = coffer.run("rm", "docs/b.txt", "--json").assertOk().json();
    Coffer.Result again = coffer.run("rm", "docs/a.txt");

    assertThat(human.out()).isEqualTo("delete: docs/a.txt\n");
    assertThat(json.get("bucket").getAsString()).isEqualTo("docs");
    assertThat(json.get("key").getAsString()).isEqualTo("b.txt");
    assertThat(json.get("deleted").getAsBoolean()).isTrue();
    assertThat(again.exitCode()).isZero();
    assertThat(coffer.run("get", "docs/a.txt", "-").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void rm_inAMissingBucket_exitsNotFound() {
    assertThat(coffer.run("rm", "nothing/a.txt").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }
}
