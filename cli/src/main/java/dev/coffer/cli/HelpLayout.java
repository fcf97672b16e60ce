package dev.coffer.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Finishes the usage help after the command tree is built: the root lists examples and exit codes;
 * subcommands list their own options and point at the global ones instead of repeating them.
 */
final class HelpLayout {
  private static final String[] EXAMPLES = {
    "  coffer demo                          narrated tour on a temporary directory",
    "  coffer init                          create ./coffer-data and its keystore",
    "  coffer key create --alias alias/app  create a master key",
    "  coffer key generate-data-key alias/app --context tenant=acme",
    "  echo -n s3cret | coffer key encrypt alias/app | coffer key decrypt",
    "  coffer key describe alias/app --json",
    "  coffer bucket create invoices --kms-key alias/app --bucket-key",
    "  coffer put invoices/2026/a.pdf a.pdf --context tenant=acme",
    "  coffer get invoices/2026/a.pdf - --context tenant=acme > a.pdf",
    "  coffer head invoices/2026/a.pdf",
    "  coffer ls invoices/2026/",
    "  coffer audit verify                  check the audit log's chain and digests",
    "  coffer audit query --outcome DENIED --since 1d",
    "  coffer serve --listen 127.0.0.1:7443  serve the directory over gRPC",
    "  coffer --server 127.0.0.1:7443 --ca-cert coffer-data/sidecar/server.pem \\",
    "    --token-file coffer-data/sidecar/token ls invoices/     (through a sidecar)",
    "",
    "Run `coffer COMMAND --help` (or `coffer help COMMAND`) for a command's options."
  };

  private static final String GLOBAL_OPTIONS =
      "Global options (see `coffer --help`): --data DIR, --as PRINCIPAL, --json,%n"
          + "  --passphrase-file FILE, --debug; through a sidecar: --server HOST:PORT,%n"
          + "  --token-file FILE, --ca-cert FILE, --client-cert FILE, --client-key FILE,%n"
          + "  --plaintext.%n";

  private HelpLayout() {}

  static void apply(CommandLine root) {
    root.setHelpFactory(UnbrokenTokensHelp::new);
    UsageMessageSpec usage = root.getCommandSpec().usageMessage();
    usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.descriptions());
    usage.footerHeading("%nExamples:%n").footer(EXAMPLES);
    root.getSubcommands().values().forEach(HelpLayout::applyToSubcommand);
  }

  private static void applyToSubcommand(CommandLine command) {
    command
        .getHelpSectionMap()
        .put(
            UsageMessageSpec.SECTION_KEY_OPTION_LIST,
            help ->
                help.optionListExcludingGroups(ownOptions(help.commandSpec()))
                    + String.format(GLOBAL_OPTIONS));
    command.getSubcommands().values().forEach(HelpLayout::applyToSubcommand);
  }

  private static List<OptionSpec> ownOptions(CommandSpec spec) {
    return spec.options().stream().filter(o -> !o.inherited() && !o.hidden()).toList();
  }
}
