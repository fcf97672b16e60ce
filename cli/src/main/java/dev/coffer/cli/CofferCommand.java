package dev.coffer.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/** The root {@code coffer} command: global options and the command groups. */
@Command(
    name = "coffer",
    // Inherited so that every subcommand has --help, --version and the same help layout; the
    // root's own examples and exit codes are added by HelpLayout, as they would be inherited too.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    abbreviateSynopsis = true,
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    commandListHeading = "%nCommands:%n",
    usageHelpAutoWidth = false,
    description = {
      "Envelope encryption on a local data directory, the AWS KMS way: versioned master keys"
          + " with rotation, aliases and key states, data keys bound to an encryption context,"
          + " and access control by key policies, grants and identity policies.",
      "Objects live in buckets, the S3 SSE-KMS way: each encrypted with its own data key under"
          + " a KMS key, bound to its encryption context, behind bucket policies and key policies."
    })
final class CofferCommand extends CommandGroup {
  /** The top-level commands, in the order the help lists them. */
  private static final List<Class<?>> COMMANDS =
      List.of(
          InitCommand.class,
          KeyCommands.class,
          PrincipalCommands.class,
          BucketCommands.class,
          PutCommand.class,
          GetCommand.class,
          ObjectCommands.Head.class,
          ListCommand.class,
          ObjectCommands.Remove.class,
          CopyCommand.class,
          VerifyCommand.class,
          RotateCommand.class,
          JobCommands.class,
          AuditCommands.class,
          ArchiveCommands.class,
          ExportCommand.class,
          ImportCommand.class,
          ServeCommand.class,
          DemoCommand.class,
          HelpCommand.class);

  @Mixin GlobalOptions options;

  private final Host host;
  private Invocation invocation;

  CofferCommand(Host host) {
    this.host = host;
  }

  /** This run's invocation; one per command line, as it tracks the use of standard input. */
  Invocation invocation() {
    if (invocation == null) {
      invocation = new Invocation(host, options, spec);
    }
    return invocation;
  }

  /**
   * The command tree for one command line: the root with only the top-level command that {@code
   * args} name, or with all of them when the line names none, names an unknown one, or asks for
   * {@code help}. Picocli builds each command's model by reflection, and building all of them cost
   * about a tenth of a second at every start.
   */
  static CommandLine commandLine(CofferCommand root, String[] args) {
    CommandLine line = new CommandLine(root);
    Optional<Class<?>> named = namedCommand(line.getCommandSpec(), args);
    for (Class<?> command : named.map(List::<Class<?>>of).orElse(COMMANDS)) {
      line.addSubcommand(command);
    }
    return line;
  }

  private static Optional<Class<?>> namedCommand(CommandSpec root, String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        return Optional.empty();
      }
      if (arg.startsWith("-")) {
        if (arg.contains("=")) {
          continue;
        }
        OptionSpec option = root.findOption(arg);
        if (option == null) {
          return Optional.empty();
        }
        if (option.arity().max() > 0) {
          i++;
        }
        continue;
      }
      return COMMANDS.stream()
          .filter(command -> command != HelpCommand.class)
          .filter(command -> command.getAnnotation(Command.class).name().equals(arg))
          .findFirst();
    }
    return Optional.empty();
  }
}
