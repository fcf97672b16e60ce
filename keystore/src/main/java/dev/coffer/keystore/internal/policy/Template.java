package dev.coffer.keystore.internal.policy;

import dev.coffer.keystore.policy.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A policy string that may hold policy variables, such as {@code
 * arn:aws:s3:::bucket/${aws:username}/*}. Variables are resolved against the request's
 * single-valued condition keys; {@code ${key, 'default'}} supplies a default; {@code ${*}}, {@code
 * ${?}} and {@code ${$}} stand for those characters literally. In a 2008-10-17 policy nothing is a
 * variable, as IAM does. A variable that cannot be resolved makes the element not match.
 */
final class Template {
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9]+:[A-Za-z0-9:/_.\\-]+");

  private sealed interface Part permits Text, Escape, Variable {}

  private record Text(String text) implements Part {}

  private record Escape(char c) implements Part {}

  private record Variable(String key, String fallback) implements Part {}

  private final String raw;
  private final List<Part> parts;
  private final boolean hasVariables;

  private Template(String raw, List<Part> parts) {
    this.raw = raw;
    this.parts = parts;
    this.hasVariables = parts.stream().anyMatch(p -> p instanceof Variable);
  }

  /**
   * Parses {@code raw}.
   *
   * @param variables whether the policy version has variables (2012-10-17)
   * @throws IllegalArgumentException with a message if a variable is malformed
   */
  static Template parse(String raw, boolean variables) {
    List<Part> parts = new ArrayList<>();
    if (!variables) {
      parts.add(new Text(raw));
      return new Template(raw, parts);
    }
    int i = 0;
    StringBuilder text = new StringBuilder();
    while (i < raw.length()) {
      int start = raw.indexOf("${", i);
      if (start < 0) {
        text.append(raw, i, raw.length());
        break;
      }
      text.append(raw, i, start);
      int end = raw.indexOf('}', start);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated policy variable in \"" + raw + "\"");
      }
      String body = raw.substring(start + 2, end).trim();
      if (!text.isEmpty()) {
        parts.add(new Text(text.toString()));
        text.setLength(0);
      }
      parts.add(variable(body, raw));
      i = end + 1;
    }
    if (!text.isEmpty()) {
      parts.add(new Text(text.toString()));
    }
    return new Template(raw, parts);
  }

  private static Part variable(String body, String raw) {
    if (body.equals("*") || body.equals("?") || body.equals("$")) {
      return new Escape(body.charAt(0));
    }
    String name = body;
    String fallback = null;
    int comma = body.indexOf(',');
    if (comma >= 0) {
      name = body.substring(0, comma).trim();
      String def = body.substring(comma + 1).trim();
      if (def.length() < 2 || def.charAt(0) != '\'' || def.charAt(def.length() - 1) != '\'') {
        throw new IllegalArgumentException(
            "a policy variable default must be quoted, as ${key, 'value'}, in \"" + raw + "\"");
      }
      fallback = def.substring(1, def.length() - 1);
    }
    if (!VARIABLE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid policy variable ${" + body + "} in \"" + raw + "\"");
    }
    return new Variable(name.toLowerCase(Locale.ROOT), fallback);
  }

  String raw() {
    return raw;
  }

  boolean hasVariables() {
    return hasVariables;
  }

  /** The pattern of a template without variables. */
  Glob glob(boolean ignoreCase) {
    return build(null, ignoreCase);
  }

  /** The pattern with variables resolved, or null if one cannot be. */
  Glob glob(RequestContext request, boolean ignoreCase) {
    return build(request, ignoreCase);
  }

  /** The literal text with variables resolved (wildcards are plain characters), or null. */
  String text(RequestContext request) {
    if (!hasVariables && parts.size() == 1 && parts.get(0) instanceof Text t) {
      return t.text();
    }
    StringBuilder sb = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Text t) {
        sb.append(t.text());
      } else if (part instanceof Escape e) {
        sb.append(e.c());
      } else {
        String value = resolve((Variable) part, request);
        if (value == null) {
          return null;
        }
        sb.append(value);
      }
    }
    return sb.toString();
  }

  private Glob build(RequestContext request, boolean ignoreCase) {
    StringBuilder chars = new StringBuilder();
    List<Boolean> wild = new ArrayList<>();
    for (Part part : parts) {
      if (part instanceof Text t) {
        for (char c : t.text().toCharArray()) {
          chars.append(c);
          wild.add(c == '*' || c == '?');
        }
      } else if (part instanceof Escape e) {
        chars.append(e.c());
        wild.add(false);
      } else {
        String value = request == null ? null : resolve((Variable) part, request);
        if (value == null) {
          return null;
        }
        for (char c : value.toCharArray()) {
          chars.append(c);
          wild.add(false);
        }
      }
    }
    boolean[] w = new boolean[wild.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = wild.get(i);
    }
    return Glob.of(chars.toString().toCharArray(), w, ignoreCase);
  }

  private static String resolve(Variable v, RequestContext request) {
    List<String> values = request.values(v.key());
    if (values.size() == 1) {
      return values.get(0);
    }
    return v.fallback();
  }

  @Override
  public String toString() {
    return raw;
  }
}
