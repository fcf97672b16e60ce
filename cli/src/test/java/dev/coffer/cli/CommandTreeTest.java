package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Which top-level commands {@link CofferCommand#commandLine} builds for a command line. */
class CommandTreeTest {
  private static final int ALL = 20;

  static Stream<Arguments> commandLines() {
    return Stream.of(
        Arguments.of("put b/k f", "put"),
        Arguments.of("--data d --as arn:aws:iam::1:role/R get b/k -", "get"),
        Arguments.of("--data=d --json key list", "key"),
        Arguments.of("--plaintext --server h:1 bucket create b", "bucket"),
        Arguments.of("--passphrase-file - audit verify", "audit"),
        Arguments.of("--debug archive create -o a.cfa dir", "archive"),
        Arguments.of("ls", "ls"),
        // Everything, so that the help lists every command and picocli can suggest a near name.
        Arguments.of("", null),
        Arguments.of("--help", null),
        Arguments.of("--version", null),
        Arguments.of("help put", null),
        Arguments.of("puut b/k", null),
        Arguments.of("--no-such-option put b/k", null),
        Arguments.of("--data", null),
        Arguments.of("-- put", null));
  }

  @ParameterizedTest(name = "[{0}] builds {1}")
  @MethodSource("commandLines")
  void commandLine_buildsOnlyTheNamedTopLevelCommand_orAllWhenNoneIsNamed(
      String line, String expected) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    CofferCommand root =
        new CofferCommand(new Host(sink, sink, new ByteArrayInputStream(new byte[0]), Map.of()));

    CommandLine tree = CofferCommand.commandLine(root, args);

    if (expected == null) {
      assertThat(tree.getSubcommands()).hasSize(ALL).containsKey("help");
    } else {
      assertThat(tree.getSubcommands()).containsOnlyKeys(expected);
    }
  }
}
