package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every repeatable KEY=VALUE option (encryption contexts, grant constraints, metadata, tags)
 * refuses a key given twice and a value without '=', before anything is opened.
 */
class KeyValueOptionsTest {
  @TempDir Path tmp;

  /** A command line up to the option, which comes last. */
  static Stream<List<String>> commandsWithKeyValueOptions() {
    return Stream.of(
        List.of("put", "docs/a", "-", "--context"),
        List.of("put", "docs/a", "-", "--metadata"),
        List.of("get", "docs/a", "-", "--context"),
        List.of("cp", "docs/a", "docs/b", "--context"),
        List.of("cp", "docs/a", "docs/b", "--source-context"),
        List.of("cp", "docs/a", "docs/b", "--metadata-directive", "REPLACE", "--metadata"),
        List.of("archive", "create", "-o", "x.coffer", "--context"),
        List.of("archive", "extract", "x.coffer", "--context"),
        List.of("archive", "verify", "x.coffer", "--context"),
        List.of("archive", "list", "x.coffer", "--context"),
        List.of("export", "docs", "--context"),
        List.of("key", "create", "--tag"),
        List.of("key", "encrypt", "alias/app", "--context"),
        List.of("key", "re-encrypt", "--to", "alias/app", "--to-context"),
        List.of("key", "grant", "create", "alias/app", "--constraint-equals"),
        List.of("key", "grant", "create", "alias/app", "--constraint-subset"));
  }

  @ParameterizedTest
  @MethodSource("commandsWithKeyValueOptions")
  void aKeyGivenTwice_isAUsageError(List<String> command) {
    String option = command.get(command.size() - 1);
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("a=1", option, "a=2"));

    Coffer.Result result = new Coffer(tmp.resolve("none")).run(args.toArray(String[]::new));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr())
        .startsWith(
            "coffer: Invalid value for option '"
                + option
                + "': key 'a' is given twice (a=1 and a=2); give each key once\n");
  }

  @ParameterizedTest
  @MethodSource("commandsWithKeyValueOptions")
  void aValueWithoutEquals_isAUsageErrorSayingTheForm(List<String> command) {
    String option = command.get(command.size() - 1);
    List<String> args = new ArrayList<>(command);
    args.add("noeq");

    Coffer.Result result = new Coffer(tmp.resolve("none")).run(args.toArray(String[]::new));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr())
        .startsWith("coffer: Invalid value for option '" + option + "': 'noeq' is not ")
        .doesNotContain("option option");
  }

  @ParameterizedTest
  @MethodSource("commandsWithKeyValueOptions")
  void anOptionInsteadOfTheValue_isAMissingValue(List<String> command) {
    String option = command.get(command.size() - 1);
    List<String> args = new ArrayList<>(command);
    args.add("--json");

    Coffer.Result result = new Coffer(tmp.resolve("none")).run(args.toArray(String[]::new));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errorJson().get("message").getAsString())
        .startsWith("Missing required parameter for option '" + option + "'");
  }
}
