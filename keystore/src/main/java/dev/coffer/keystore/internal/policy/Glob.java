package dev.coffer.keystore.internal.policy;

import java.util.Locale;

/**
 * IAM wildcard matching: {@code *} matches any run of characters (including none, and across {@code
 * :} and {@code /}), {@code ?} matches one character. Wildcard characters can be marked literal,
 * for the {@code ${*}} escape and for substituted policy variables. Matching is linear in practice:
 * one backtrack point, no regex, no allocation.
 */
final class Glob {
  private final char[] pattern;
  private final boolean[] wildcard;
  private final boolean ignoreCase;
  private final boolean literal;
  private final String text;

  private Glob(char[] pattern, boolean[] wildcard, boolean ignoreCase) {
    this.ignoreCase = ignoreCase;
    this.pattern =
        ignoreCase ? new String(pattern).toLowerCase(Locale.ROOT).toCharArray() : pattern;
    this.wildcard = wildcard;
    boolean anyWild = false;
    for (boolean w : wildcard) {
      anyWild |= w;
    }
    this.literal = !anyWild;
    this.text = new String(this.pattern);
  }

  /** A pattern in which every {@code *} and {@code ?} is a wildcard. */
  static Glob of(String pattern, boolean ignoreCase) {
    char[] chars = pattern.toCharArray();
    boolean[] wild = new boolean[chars.length];
    for (int i = 0; i < chars.length; i++) {
      wild[i] = chars[i] == '*' || chars[i] == '?';
    }
    return new Glob(chars, wild, ignoreCase);
  }

  /** A pattern built piece by piece (see {@link Template}). */
  static Glob of(char[] pattern, boolean[] wildcard, boolean ignoreCase) {
    return new Glob(pattern, wildcard, ignoreCase);
  }

  boolean isLiteral() {
    return literal;
  }

  boolean matches(String text) {
    if (literal) {
      return ignoreCase ? text.equalsIgnoreCase(this.text) : text.equals(this.text);
    }
    int t = 0;
    int p = 0;
    int starP = -1;
    int starT = -1;
    int n = text.length();
    while (t < n) {
      if (p < pattern.length && wildcard[p] && pattern[p] == '*') {
        starP = p++;
        starT = t;
      } else if (p < pattern.length
          && ((wildcard[p] && pattern[p] == '?') || same(pattern[p], text.charAt(t)))) {
        p++;
        t++;
      } else if (starP >= 0) {
        p = starP + 1;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (p < pattern.length && wildcard[p] && pattern[p] == '*') {
      p++;
    }
    return p == pattern.length;
  }

  private boolean same(char fromPattern, char fromText) {
    return ignoreCase ? fromPattern == Character.toLowerCase(fromText) : fromPattern == fromText;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pattern.length; i++) {
      if (!wildcard[i] && (pattern[i] == '*' || pattern[i] == '?')) {
        sb.append("${").append(pattern[i]).append('}');
      } else {
        sb.append(pattern[i]);
      }
    }
    return sb.toString();
  }
}
