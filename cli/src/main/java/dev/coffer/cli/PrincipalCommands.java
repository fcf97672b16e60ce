package dev.coffer.cli;

import picocli.CommandLine.Command;

/** {@code coffer principal}: what is attached to principals rather than to keys. */
@Command(
    name = "principal",
    description = "Manage principals' identity policies (IAM's inline user and role policies).",
    subcommands = {PrincipalPolicyCommands.class})
final class PrincipalCommands extends CommandGroup {
  static final String PRINCIPAL = "The principal, e.g. arn:aws:iam::000000000000:role/App.";
}
