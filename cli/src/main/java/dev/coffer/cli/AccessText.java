package dev.coffer.cli;

import dev.coffer.keystore.GrantInfo;
import dev.coffer.keystore.GrantOperation;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The human forms of policies and grants. */
final class AccessText {
  private AccessText() {}

  /**
   * A policy document exactly as stored, so that {@code get > file}, edit, {@code put file} round
   * trips; only a missing final newline is added, for the terminal's sake.
   */
  static void policy(String document, PrintStream out) {
    out.print(document);
    if (!document.endsWith("\n")) {
      out.println();
    }
  }

  static void policyNames(List<String> names, String none, PrintStream out) {
    if (names.isEmpty()) {
      out.println(none);
      return;
    }
    Table table = Table.plain().row("POLICY NAME");
    names.stream().sorted().forEach(table::row);
    table.print(out);
  }

  /** Each grant as a block of aligned fields, blocks separated by a blank line. */
  static void grants(List<GrantInfo> grants, String none, PrintStream out) {
    if (grants.isEmpty()) {
      out.println(none);
      return;
    }
    for (int i = 0; i < grants.size(); i++) {
      if (i > 0) {
        out.println();
      }
      grant(grants.get(i), out);
    }
  }

  private static void grant(GrantInfo grant, PrintStream out) {
    Table fields = Table.plain();
    fields.row("Grant ID", grant.grantId());
    if (!grant.name().isEmpty()) {
      fields.row("Name", grant.name());
    }
    fields.row("Key", grant.keyArn());
    fields.row("Grantee", grant.granteePrincipal().name());
    fields.row("Operations", operations(grant.operations()));
    fields.row("Constraint", constraint(grant));
    grant.retiringPrincipal().ifPresent(p -> fields.row("Retiring", p.name()));
    fields.row(
        "Created", KeyText.date(grant.creationDate()) + " by " + grant.issuingPrincipal().name());
    fields.print(out);
  }

  /** KMS names in the enum's order, so that the same grant always reads the same. */
  static List<String> operationNames(Collection<GrantOperation> operations) {
    return operations.stream()
        .sorted(Comparator.naturalOrder())
        .map(GrantOperation::kmsName)
        .toList();
  }

  private static String operations(Collection<GrantOperation> operations) {
    return String.join(", ", operationNames(operations));
  }

  private static String constraint(GrantInfo grant) {
    if (!grant.constraintEquals().isEmpty()) {
      return "encryption context is exactly " + pairs(grant.constraintEquals());
    }
    if (!grant.constraintSubset().isEmpty()) {
      return "encryption context includes " + pairs(grant.constraintSubset());
    }
    return "none";
  }

  private static String pairs(Map<String, String> pairs) {
    return pairs.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
