package dev.coffer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    },
    subcommands = {
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
      HelpCommand.class
    })
final class CofferCommand extends CommandGroup {
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
}
