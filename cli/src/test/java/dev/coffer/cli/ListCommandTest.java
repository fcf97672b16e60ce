package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer ls}: buckets, and objects with prefixes, delimiters and pages. */
class ListCommandTest {
  private static final String DATE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";
  private static final String LINE = DATE + " +";

  @TempDir Path tmp;
  private Coffer coffer;

  @BeforeEach
  void init() {
    coffer = Coffer.initialized(tmp.resolve("data"));
    coffer.createBucket("docs", "--bucket-key");
    for (String key :
        List.of("readme.txt", "2026/a.txt", "2026/b.txt", "2026/q3/c.txt", "2027/d.txt")) {
      coffer.put("docs/" + key, "x".repeat(key.length())).assertOk();
    }
  }

  @Test
  void ls_withoutArguments_listsBucketsAsAwsS3Ls() {
    coffer.createBucket("archive");

    Coffer.Result human = coffer.run("ls");
    JsonObject json = coffer.run("ls", "--json").assertOk().json();

    assertThat(human.out().lines())
        .satisfiesExactly(
            l -> assertThat(l).matches(DATE + " archive"),
            l -> assertThat(l).matches(DATE + " docs"));
    assertThat(json.getAsJsonArray("buckets")).hasSize(2);
  }

  @Test
  void ls_ofABucket_rollsKeysUpAtSlash_asAwsS3Ls() {
    Coffer.Result result = coffer.run("ls", "docs");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines())
        .satisfiesExactly(
            l -> assertThat(l).isEqualTo(" ".repeat(27) + "PRE 2026/"),
            l -> assertThat(l).isEqualTo(" ".repeat(27) + "PRE 2027/"),
            l -> assertThat(l).matches(LINE + "10 readme.txt"));
  }

  @Test
  void ls_ofAPrefix_showsNamesRelativeToItsLastSlash() {
    Coffer.Result folder = coffer.run("ls", "docs/2026/");
    Coffer.Result partial = coffer.run("ls", "docs/2026/q");

    assertThat(folder.out().lines())
        .satisfiesExactly(
            l -> assertThat(l).isEqualTo(" ".repeat(27) + "PRE q3/"),
            l -> assertThat(l).matches(LINE + "10 a.txt"),
            l -> assertThat(l).matches(LINE + "10 b.txt"));
    assertThat(partial.out()).isEqualTo(" ".repeat(27) + "PRE q3/\n");
  }

  @Test
  void ls_recursive_listsEveryKeyInFull() {
    Coffer.Result result = coffer.run("ls", "docs/2026", "--recursive");

    assertThat(result.out().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)))
        .containsExactly("2026/a.txt", "2026/b.txt", "2026/q3/c.txt");
  }

  @Test
  void ls_withJson_givesContentsPrefixesAndCounts() {
    JsonObject json = coffer.run("ls", "docs/2026/", "--json").assertOk().json();

    assertThat(json.get("name").getAsString()).isEqualTo("docs");
    assertThat(json.get("prefix").getAsString()).isEqualTo("2026/");
    assertThat(json.get("delimiter").getAsString()).isEqualTo("/");
    assertThat(json.get("keyCount").getAsInt()).isEqualTo(3);
    assertThat(json.get("isTruncated").getAsBoolean()).isFalse();
    assertThat(json.has("nextContinuationToken")).isFalse();
    assertThat(keys(json)).containsExactly("2026/a.txt", "2026/b.txt");
    assertThat(prefixes(json)).containsExactly("2026/q3/");
    JsonObject first = json.getAsJsonArray("contents").get(0).getAsJsonObject();
    assertThat(first.get("size").getAsLong()).isEqualTo(10);
    assertThat(first.get("eTag").getAsString()).matches("[0-9a-f]{32}");
    assertThat(first.get("lastModified").getAsString()).endsWith("Z");
  }

  @Test
  void ls_withAnotherDelimiter_rollsUpThere() {
    JsonObject json = coffer.run("ls", "docs", "--delimiter", ".", "--json").assertOk().json();

    assertThat(prefixes(json))
        .containsExactly("2026/a.", "2026/b.", "2026/q3/c.", "2027/d.", "readme.");
    assertThat(keys(json)).isEmpty();
  }

  @Test
  void ls_followsContinuationTokens_acrossPages() {
    JsonObject recursive =
        coffer.run("ls", "docs", "-r", "--page-size", "2", "--json").assertOk().json();
    JsonObject rolledUp = coffer.run("ls", "docs", "--page-size", "1", "--json").assertOk().json();

    assertThat(keys(recursive))
        .containsExactly("2026/a.txt", "2026/b.txt", "2026/q3/c.txt", "2027/d.txt", "readme.txt");
    assertThat(recursive.get("isTruncated").getAsBoolean()).isFalse();
    assertThat(prefixes(rolledUp)).containsExactly("2026/", "2027/");
    assertThat(keys(rolledUp)).containsExactly("readme.txt");
  }

  @Test
  void ls_withMaxKeys_listsOnePage_andItsTokenContinues() {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      List<String> args = new ArrayList<>(List.of("ls", "docs", "-r", "--max-keys", "2", "--json"));
      if (token != null) {
        args.addAll(List.of("--continuation-token", token));
      }
      JsonObject page = coffer.run(args.toArray(String[]::new)).assertOk().json();
      assertThat(page.get("maxKeys").getAsInt()).isEqualTo(2);
      seen.addAll(keys(page));
      token =
          page.get("isTruncated").getAsBoolean()
              ? page.get("nextContinuationToken").getAsString()
              : null;
      pages++;
    } while (token != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen)
        .containsExactly("2026/a.txt", "2026/b.txt", "2026/q3/c.txt", "2027/d.txt", "readme.txt");
  }

  @Test
  void ls_withMaxKeys_inText_saysHowToContinue_onStandardError() {
    Coffer.Result result = coffer.run("ls", "docs", "-r", "--max-keys", "1");

    assertThat(result.out().lines()).hasSize(1);
    assertThat(result.stderr()).startsWith("More keys follow: add --continuation-token ");
  }

  @Test
  void ls_withStartAfter_skipsKeysUpToIt() {
    JsonObject json =
        coffer
            .run("ls", "docs", "-r", "--start-after", "2026/q3/c.txt", "--json")
            .assertOk()
            .json();

    assertThat(keys(json)).containsExactly("2027/d.txt", "readme.txt");
    assertThat(json.get("startAfter").getAsString()).isEqualTo("2026/q3/c.txt");
  }

  @Test
  void ls_ofAnEmptyPrefix_printsNothing() {
    Coffer.Result result = coffer.run("ls", "docs/nothing-here");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEmpty();
  }

  @Test
  void ls_ofAMissingBucket_exitsNotFound() {
    assertThat(coffer.run("ls", "nothing").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void ls_withRecursiveAndDelimiter_orOptionsWithoutBucket_isAUsageError() {
    assertThat(coffer.run("ls", "docs", "-r", "--delimiter", "/").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(coffer.run("ls", "--recursive").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(coffer.run("ls", "docs", "--max-keys", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  private static List<String> keys(JsonObject listing) {
    return strings(listing.getAsJsonArray("contents"), "key");
  }

  private static List<String> prefixes(JsonObject listing) {
    return strings(listing.getAsJsonArray("commonPrefixes"), "prefix");
  }

  private static List<String> strings(JsonArray array, String field) {
    List<String> values = new ArrayList<>();
    for (JsonElement element : array) {
      values.add(element.getAsJsonObject().get(field).getAsString());
    }
    return values;
  }
}
