package dev.coffer.cli;

import java.util.Locale;

/**
 * Stored names (object keys, principals, paths in archives) printed for people: control characters
 * are shown as {@code \xNN}, so that a name with a line break cannot pass for another line of a
 * listing or an audit trail, nor drive the terminal. {@code --json} output carries names exactly.
 */
final class TerminalText {
  private TerminalText() {}

  static String escapeControls(String text) {
    if (text.codePoints().noneMatch(Character::isISOControl)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\x%02x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
