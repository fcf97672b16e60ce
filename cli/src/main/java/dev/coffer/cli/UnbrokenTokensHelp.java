package dev.coffer.cli;

import java.text.BreakIterator;
import java.util.List;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage help that wraps lines at spaces only, never inside a word with a colon: the JDK's line
 * breaking allows a break after every ':', so picocli broke ARNs ({@code arn:aws:iam::…:role/App}),
 * condition keys ({@code kms:Decrypt}) and {@code HOST:PORT} values across lines, where they cannot
 * be copied. Picocli already keeps words with '-' whole, the same way: the break iterator reads a
 * copy of the text in which those characters are letters.
 *
 * <p>Covers the sections that wrap prose: description, header, footer, and the arguments and
 * options lists.
 */
final class UnbrokenTokensHelp extends Help {
  UnbrokenTokensHelp(CommandSpec spec, ColorScheme colors) {
    super(spec, colors);
  }

  @Override
  public Layout createDefaultLayout(
      List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme colors) {
    Layout layout = super.createDefaultLayout(options, positionals, colors);
    TextTable table = layout.textTable();
    UnbrokenTokensTable ours = new UnbrokenTokensTable(colors, table.columns());
    ours.indentWrappedLines = table.indentWrappedLines;
    ours.setAdjustLineBreaksForWideCJKCharacters(table.isAdjustLineBreaksForWideCJKCharacters());
    return new Layout(colors, ours, layout.optionRenderer(), layout.parameterRenderer());
  }

  @Override
  public String description(Object... params) {
    return join(commandSpec().usageMessage().description(), params);
  }

  @Override
  public String header(Object... params) {
    return join(commandSpec().usageMessage().header(), params);
  }

  @Override
  public String footer(Object... params) {
    return join(commandSpec().usageMessage().footer(), params);
  }

  /** As {@link Help#join}: each string a paragraph, wrapped at the usage width, not indented. */
  private String join(String[] paragraphs, Object... params) {
    if (paragraphs == null || paragraphs.length == 0) {
      return "";
    }
    TextTable table =
        new UnbrokenTokensTable(
            defaultColorScheme(ansi()),
            new Column(commandSpec().usageMessage().width(), 0, Column.Overflow.WRAP));
    table.setAdjustLineBreaksForWideCJKCharacters(
        commandSpec().usageMessage().adjustLineBreaksForWideCJKCharacters());
    table.indentWrappedLines = 0;
    for (String paragraph : paragraphs) {
      table.addRowValues(String.format(paragraph, params));
    }
    return table.toString();
  }

  /**
   * A text table whose wrapping columns break lines where picocli's do, but not after a ':'. It
   * cuts each value into lines itself and lets picocli write each line, which then fits.
   */
  private static final class UnbrokenTokensTable extends TextTable {
    private final ColorScheme colors;

    UnbrokenTokensTable(ColorScheme colors, Column... columns) {
      super(colors, columns);
      this.colors = colors;
    }

    @Override
    public Cell putValue(int row, int col, Ansi.Text value) {
      Column column = columns()[col];
      if (column.overflow != Column.Overflow.WRAP
          || row >= rowCount()
          || value == null
          || value.plainString().isEmpty()) {
        return super.putValue(row, col, value);
      }
      int length = value.plainString().length();
      String indent = " ".repeat(indentWrappedLines);
      int start = 0;
      int available = column.width - column.indent;
      while (true) {
        int end = lineEnd(value, start, available);
        Ansi.Text line = value.substring(start, end);
        if (start > 0) {
          line = colors.text(indent).concat(line);
        }
        Cell cell = super.putValue(row, col, line);
        if (end == length) {
          return cell;
        }
        start = end;
        available = column.width - column.indent - indentWrappedLines;
        row = cell.row + 1;
        addEmptyRow();
      }
    }

    /**
     * Where the line that starts at {@code start} ends: after the last word, with its trailing
     * spaces, that fits in {@code available} columns, measured as picocli does; after the first
     * word if none fits, which picocli then cuts.
     */
    private int lineEnd(Ansi.Text value, int start, int available) {
      String plain = value.plainString();
      BreakIterator words = BreakIterator.getLineInstance();
      // Letters in place of '-' (as picocli does) and ':', which then never end a line.
      words.setText(plain.substring(start).replace('-', 'x').replace(':', 'x'));
      int end = start;
      for (int next = words.next(); next != BreakIterator.DONE; next = words.next()) {
        if (length(value.substring(start, start + next)) > available) {
          return end == start ? start + next : end;
        }
        end = start + next;
      }
      return end;
    }

    private int length(Ansi.Text text) {
      return isAdjustLineBreaksForWideCJKCharacters()
          ? text.getCJKAdjustedLength()
          : text.plainString().length();
    }
  }
}
