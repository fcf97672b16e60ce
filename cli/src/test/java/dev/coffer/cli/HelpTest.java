package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

class HelpTest {
  /** A word with a colon inside: an ARN, a condition key such as kms:Decrypt, HOST:PORT. */
  private static final Pattern COLON_WORD = Pattern.compile("[\\w./*-]+:[\\w:./*-]*\\w");

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

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandsHelp_keepsWordsWithColonsOnOneLine(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");
    CommandSpec spec = spec(command);
    List<String> texts = new ArrayList<>();
    texts.addAll(List.of(spec.usageMessage().description()));
    texts.addAll(List.of(spec.usageMessage().footer()));
    spec.options().stream()
        .filter(o -> !o.inherited() && !o.hidden())
        .forEach(o -> texts.addAll(List.of(o.description())));
    spec.positionalParameters().forEach(p -> texts.addAll(List.of(p.description())));

    String help = new Coffer(tmp).runRaw(new byte[0], args.toArray(String[]::new)).out();

    // ARNs, condition keys (kms:Decrypt), HOST:PORT: the JDK would break a line after any ':'.
    String source = String.join("\n", texts);
    Matcher words = COLON_WORD.matcher(source);
    while (words.find()) {
      String word = words.group();
      assertThat(occurrences(help, word))
          .as(word + " in\n" + help)
          .isEqualTo(occurrences(source, word));
    }
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandsExamples_fitTheHelpWidth_soNoneWraps(String command) {
    UsageMessageSpec usage = spec(command).usageMessage();

    assertThat(usage.footer()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
  }

  private static int occurrences(String text, String word) {
    return text.split(Pattern.quote(word), -1).length - 1;
  }

  private static CommandSpec spec(String command) {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    CommandLine c =
        CofferCommand.commandLine(
            new CofferCommand(
                new Host(sink, sink, new ByteArrayInputStream(new byte[0]), Map.of())),
            new String[0]);
    for (String name : command.split(" ")) {
      c = c.getSubcommands().get(name);
    }
    return c.getCommandSpec();
  }

  /** Every command below the root, by its path, e.g. "key alias create". */
  static Stream<String> commands() {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    CommandLine root =
        CofferCommand.commandLine(
            new CofferCommand(
                new Host(sink, sink, new ByteArrayInputStream(new byte[0]), Map.of())),
            new String[0]);
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
