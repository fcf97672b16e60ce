package dev.coffer.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Rows of text printed with aligned columns, for human output. */
final class Table {
  private static final String GAP = "  ";

  private final List<String[]> rows = new ArrayList<>();
  private final String indent;

  private Table(String indent) {
    this.indent = indent;
  }

  static Table indented(String indent) {
    return new Table(indent);
  }

  static Table plain() {
    return new Table("");
  }

  /** Adds a row; control characters in cells are escaped ({@link TerminalText}). */
  Table row(String... cells) {
    String[] row = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      row[i] = TerminalText.escapeControls(cells[i]);
    }
    rows.add(row);
    return this;
  }

  void print(PrintStream out) {
    int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length())).append(GAP);
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
