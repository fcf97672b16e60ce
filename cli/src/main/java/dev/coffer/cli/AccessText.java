package dev.coffer.cli;

import java.io.PrintStream;
import java.util.List;

/** The human forms of policies. */
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
}
