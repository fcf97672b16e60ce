package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class HelpTest {
  @TempDir Path tmp;

  @Test
  void rootHelp_listsCommandsExamplesAndEveryExitCode() {
    Coffer.Result result = new Coffer(tmp).runRaw(new byte[0], "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Usage: coffer [OPTIONS] [COMMAND]")
        .contains("--data=DIR", "--as=PRINCIPAL", "--json", "--passphrase-file=FILE")
        .contains("init", "key", "demo")
        .contains("Examples:")
        .contains("Exit codes:");
    ExitCodes.descriptions()
        .forEach((code, text) -> assertThat(result.out()).contains(code + "   " + text));
  }

  @Test
  void version_printsTheProjectVersion() {
    Coffer.Result result = new Coffer(tmp).runRaw(new byte[0], "--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("coffer ").doesNotContain("${project.version}");
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommand_hasHelpWithADescription(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");

    Coffer.Result result = new Coffer(tmp).runRaw(new byte[0], args.toArray(String[]::new));

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("Usage: coffer " + command);
    assertThat(result.out().lines().skip(1).findFirst().orElse("")).isNotBlank();
    assertThat(result.out()).contains("Global options");
  }

  @Test
  void helpCommand_showsACommandsHelp() {
    Coffer.Result result = new Coffer(tmp).runRaw(new byte[0], "help", "key");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("Usage: coffer key").contains("generate-data-key");
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpCommand_withACommandPath_showsThatCommandsHelp(String command) {
    List<String> args = new ArrayList<>(List.of("help"));
    args.addAll(List.of(command.split(" ")));
    List<String> withOption = new ArrayList<>(List.of(command.split(" ")));
    withOption.add("--help");

    Coffer.Result help = new Coffer(tmp).runRaw(new byte[0], args.toArray(String[]::new));
    Coffer.Result option = new Coffer(tmp).runRaw(new byte[0], withOption.toArray(String[]::new));

    assertThat(help.exitCode()).as(help.stderr()).isZero();
    assertThat(help.out()).startsWith("Usage: coffer " + command).isEqualTo(option.out());
  }

  @Test
  void helpCommand_withoutACommand_showsTheRootHelp() {
    Coffer.Result help = new Coffer(tmp).runRaw(new byte[0], "help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).isEqualTo(new Coffer(tmp).runRaw(new byte[0], "--help").out());
  }

  @Test
  void helpCommand_withAnUnknownCommand_isAUsageErrorNamingTheChoices() {
    Coffer.Result top = new Coffer(tmp).runRaw(new byte[0], "help", "nope");
    Coffer.Result nested = new Coffer(tmp).runRaw(new byte[0], "help", "bucket", "policy", "nope");
    Coffer.Result tooDeep = new Coffer(tmp).runRaw(new byte[0], "help", "key", "create", "extra");

    assertThat(top.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(top.stderr()).contains("unknown command 'nope' in `coffer`", "bucket", "serve");
    assertThat(top.out()).isEmpty();
    assertThat(nested.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(nested.stderr())
        .contains(
            "unknown command 'nope' in `coffer bucket policy`: choose one of get, put, delete")
        .contains("Try `coffer bucket policy --help`.");
    assertThat(tooDeep.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(tooDeep.stderr()).contains("`coffer key create` has no subcommands");
  }

  /** Every command below the root, by its path, e.g. "key alias create". */
  static Stream<String> commands() {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    CommandLine root =
        new CommandLine(
            new CofferCommand(
                new Host(sink, sink, new ByteArrayInputStream(new byte[0]), Map.of())));
    List<String> paths = new ArrayList<>();
    collect(root, "", paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, String prefix, List<String> paths) {
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              String path = prefix.isEmpty() ? name : prefix + " " + name;
              paths.add(path);
              collect(sub, path, paths);
            });
  }
}
