package dev.coffer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code coffer help [COMMAND...]}: the help of the command at that path, as {@code git help} takes
 * it ({@code coffer help bucket policy put}). Picocli's own help command looks up one name only and
 * ignores the rest of the path.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = {
      "Show a command's help by its path, as in `coffer help key create`.",
      "The same as `coffer key create --help`; without a command, the help of coffer" + " itself."
    })
final class HelpCommand implements IHelpCommandInitializable2, Runnable {
  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "The command's path, such as `key create`.")
  List<String> path = new ArrayList<>();

  private CommandLine self;
  private Help.ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(
      CommandLine helpCommandLine,
      Help.ColorScheme colorScheme,
      PrintWriter outWriter,
      PrintWriter errWriter) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = outWriter;
  }

  @Override
  public void run() {
    CommandLine command = self.getParent();
    for (String name : path) {
      CommandLine next = command.getSubcommands().get(name);
      if (next == null) {
        String qualified = command.getCommandSpec().qualifiedName();
        List<String> names = List.copyOf(command.getSubcommands().keySet());
        throw new ParameterException(
            command,
            names.isEmpty()
                ? "unknown command '" + name + "': `" + qualified + "` has no subcommands"
                : "unknown command '"
                    + name
                    + "' in `"
                    + qualified
                    + "`: choose one of "
                    + String.join(", ", names));
      }
      command = next;
    }
    command.usage(out, colors);
  }
}
