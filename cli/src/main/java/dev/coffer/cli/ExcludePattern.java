package dev.coffer.cli;

import dev.coffer.keystore.InvalidArgumentException;
import java.util.regex.Pattern;

/**
 * One {@code archive create --exclude} pattern, matched against the path an entry would be stored
 * under ("src/app/node_modules"), case-sensitively, as tar and rsync users expect:
 *
 * <ul>
 *   <li>without a '/', it matches any one name in the path ("node_modules", "*.tmp" at any depth);
 *   <li>with a '/', it matches the whole path ("src/build", "build/*.o", "docs/**.pdf");
 *   <li>{@code *} matches any run of characters but '/', {@code ?} one character but '/', {@code
 *       **} any run including '/'; {@code \} makes the next character match itself; every other
 *       character ('[' too) matches itself.
 * </ul>
 *
 * Entry paths are relative, and never have empty, "." or ".." names, so a pattern that starts or
 * ends with '/' or has such names could match nothing; it is refused rather than silently leaving
 * everything in.
 */
final class ExcludePattern {
  private final String text;
  private final Pattern regex;
  private final boolean wholePath;

  private ExcludePattern(String text, Pattern regex, boolean wholePath) {
    this.text = text;
    this.regex = regex;
    this.wholePath = wholePath;
  }

  /**
   * The pattern {@code text} says.
   *
   * @throws InvalidArgumentException for a pattern that no entry path could match
   */
  static ExcludePattern parse(String text) {
    String problem = problem(text);
    if (problem != null) {
      throw new InvalidArgumentException(
          "--exclude " + ArchiveText.printable(text) + ": " + problem);
    }
    return new ExcludePattern(
        text, Pattern.compile(regex(text), Pattern.DOTALL), text.contains("/"));
  }

  /** Whether the entry stored as {@code path} ("a/b/c") is to be left out. */
  boolean matches(String path) {
    if (wholePath) {
      return regex.matcher(path).matches();
    }
    int start = 0;
    for (int slash; (slash = path.indexOf('/', start)) >= 0; start = slash + 1) {
      if (regex.matcher(path.substring(start, slash)).matches()) {
        return true;
      }
    }
    return regex.matcher(path.substring(start)).matches();
  }

  @Override
  public String toString() {
    return text;
  }

  private static String problem(String text) {
    if (text.isEmpty()) {
      return "the pattern is empty";
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\\' && ++i == text.length()) {
        return "it ends in a lone \\ (write \\\\ for a backslash)";
      }
    }
    if (text.startsWith("/")) {
      return "entry paths are relative (as `coffer archive list` shows them): write "
          + ArchiveText.printable(text.replaceFirst("^/+", ""))
          + ", which a pattern with a '/' matches from the archive's top";
    }
    if (text.endsWith("/")) {
      return "a pattern cannot end in '/': write "
          + ArchiveText.printable(text.replaceFirst("/+$", ""))
          + " to leave out what has that name, a directory with all that is under it";
    }
    for (String name : text.split("/", -1)) {
      if (name.isEmpty() || name.equals(".") || name.equals("..")) {
        return "entry paths have no empty, \".\" or \"..\" names, so it would match nothing";
      }
    }
    return null;
  }

  private static String regex(String text) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        literal.append(text.charAt(++i));
        continue;
      }
      if (c != '*' && c != '?') {
        literal.append(c);
        continue;
      }
      if (literal.length() > 0) {
        // Quoted as runs, so that a character outside the BMP stays one code point.
        regex.append(Pattern.quote(literal.toString()));
        literal.setLength(0);
      }
      if (c == '?') {
        regex.append("[^/]");
      } else if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
        while (i + 1 < text.length() && text.charAt(i + 1) == '*') {
          i++;
        }
        regex.append(".*");
      } else {
        regex.append("[^/]*");
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return regex.toString();
  }
}
