package dev.coffer.keystore.internal.policy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.coffer.keystore.policy.MalformedPolicyException;
import dev.coffer.keystore.policy.PolicyKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates and compiles an IAM JSON policy document. Everything that is not understood is refused
 * with a message naming the statement and field; nothing is silently ignored.
 */
public final class PolicyParser {
  public static final String VERSION_2012 = "2012-10-17";
  public static final String VERSION_2008 = "2008-10-17";

  private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_FIELDS =
      Set.of(
          "Sid",
          "Effect",
          "Principal",
          "NotPrincipal",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
          "Condition");
  private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+");
  private static final int MAX_STATEMENTS = 100;

  private PolicyParser() {}

  public static CompiledPolicy parse(String json, PolicyKind kind) {
    if (json == null || json.isBlank()) {
      throw new MalformedPolicyException("the " + kind.displayName() + " is empty");
    }
    int size = json.getBytes(StandardCharsets.UTF_8).length;
    if (size > kind.maxBytes()) {
      throw new MalformedPolicyException(
          "the " + kind.displayName() + " is " + size + " bytes; the limit is " + kind.maxBytes());
    }
    JsonElement root;
    try {
      root = StrictJson.parse(json);
    } catch (StrictJson.JsonSyntaxError e) {
      throw new MalformedPolicyException(e.getMessage());
    }
    if (!root.isJsonObject()) {
      throw new MalformedPolicyException("a policy document must be a JSON object");
    }
    JsonObject doc = root.getAsJsonObject();
    for (String field : doc.keySet()) {
      if (!TOP_LEVEL.contains(field)) {
        throw new MalformedPolicyException(
            "unknown top-level element \"" + field + "\" (expected Version, Id, Statement)");
      }
    }
    String version = doc.has("Version") ? string(doc.get("Version"), "Version") : VERSION_2008;
    if (!version.equals(VERSION_2012) && !version.equals(VERSION_2008)) {
      throw new MalformedPolicyException(
          "Version: \""
              + version
              + "\" is not a policy language version (2012-10-17 or 2008-10-17)");
    }
    Optional<String> id =
        doc.has("Id") ? Optional.of(string(doc.get("Id"), "Id")) : Optional.empty();
    if (!doc.has("Statement")) {
      throw new MalformedPolicyException("Statement: missing");
    }
    JsonElement statements = doc.get("Statement");
    List<JsonElement> list = new ArrayList<>();
    if (statements.isJsonArray()) {
      statements.getAsJsonArray().forEach(list::add);
    } else {
      list.add(statements);
    }
    if (list.isEmpty()) {
      throw new MalformedPolicyException("Statement: at least one statement is required");
    }
    if (list.size() > MAX_STATEMENTS) {
      throw new MalformedPolicyException("Statement: more than " + MAX_STATEMENTS + " statements");
    }
    boolean variables = version.equals(VERSION_2012);
    List<CompiledStatement> compiled = new ArrayList<>();
    Set<String> sids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      CompiledStatement s = new StatementParser(i, list.get(i), kind, variables).parse();
      if (s.sid().isPresent() && !sids.add(s.sid().get())) {
        throw new MalformedPolicyException(
            "Statement[" + i + "]: Sid \"" + s.sid().get() + "\" is used twice");
      }
      compiled.add(s);
    }
    return new CompiledPolicy(kind, version, id, compiled, json);
  }

  static String string(JsonElement e, String where) {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      return e.getAsString();
    }
    throw new MalformedPolicyException(where + ": must be a string");
  }

  /** Parses one statement, with its position for messages. */
  private static final class StatementParser {
    private final int index;
    private final JsonElement element;
    private final PolicyKind kind;
    private final boolean variables;
    private String where;

    StatementParser(int index, JsonElement element, PolicyKind kind, boolean variables) {
      this.index = index;
      this.element = element;
      this.kind = kind;
      this.variables = variables;
      this.where = "Statement[" + index + "]";
    }

    CompiledStatement parse() {
      if (!element.isJsonObject()) {
        throw fail(null, "must be a JSON object");
      }
      JsonObject s = element.getAsJsonObject();
      for (String field : s.keySet()) {
        if (!STATEMENT_FIELDS.contains(field)) {
          throw fail(null, "unknown element \"" + field + "\"");
        }
      }
      Optional<String> sid = Optional.empty();
      if (s.has("Sid")) {
        sid = Optional.of(stringField(s, "Sid"));
        where = where + " (Sid \"" + sid.get() + "\")";
      }
      String effect = s.has("Effect") ? stringField(s, "Effect") : null;
      if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
        throw fail("Effect", "must be \"Allow\" or \"Deny\"");
      }
      PrincipalMatcher principal = null;
      boolean notPrincipal = s.has("NotPrincipal");
      if (kind.hasPrincipals()) {
        String field = exactlyOne(s, "Principal", "NotPrincipal");
        principal = principal(s.get(field), field);
      } else if (s.has("Principal") || s.has("NotPrincipal")) {
        throw fail("Principal", "an identity policy cannot name a principal");
      }
      String actionField = exactlyOne(s, "Action", "NotAction");
      List<Template> actions = new ArrayList<>();
      for (String a : strings(s.get(actionField), actionField)) {
        if (!ACTION.matcher(a).matches()) {
          throw fail(
              actionField, "\"" + a + "\" is not an action (service:Action, wildcards allowed)");
        }
        actions.add(Template.parse(a, false));
      }
      String resourceField = exactlyOne(s, "Resource", "NotResource");
      List<Template> resources = new ArrayList<>();
      for (String r : strings(s.get(resourceField), resourceField)) {
        if (!r.equals("*") && !(r.startsWith("arn:") && r.split(":", -1).length >= 6)) {
          throw fail(resourceField, "\"" + r + "\" is not \"*\" or an ARN");
        }
        resources.add(template(r, resourceField));
      }
      List<Condition> conditions = s.has("Condition") ? conditions(s.get("Condition")) : List.of();
      return new CompiledStatement(
          index,
          sid,
          effect.equals("Allow"),
          principal,
          notPrincipal,
          new PatternSet(actions, true),
          actionField.equals("NotAction"),
          new PatternSet(resources, false),
          resourceField.equals("NotResource"),
          conditions);
    }

    private PrincipalMatcher principal(JsonElement e, String field) {
      if (e.isJsonPrimitive()) {
        if (!"*".equals(string(e, where + ", " + field))) {
          throw fail(field, "must be \"*\" or an object such as {\"AWS\": \"arn:...\"}");
        }
        return new PrincipalMatcher(true, List.of("*"), List.of());
      }
      if (!e.isJsonObject()) {
        throw fail(field, "must be \"*\" or an object such as {\"AWS\": \"arn:...\"}");
      }
      List<String> aws = new ArrayList<>();
      List<String> services = new ArrayList<>();
      for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
        switch (entry.getKey()) {
          case "AWS" -> aws.addAll(strings(entry.getValue(), field + ".AWS"));
          case "Service" -> services.addAll(strings(entry.getValue(), field + ".Service"));
          default ->
              throw fail(
                  field,
                  "principal type \"" + entry.getKey() + "\" is not supported (AWS or Service)");
        }
      }
      if (aws.isEmpty() && services.isEmpty()) {
        throw fail(field, "names no principal");
      }
      try {
        return new PrincipalMatcher(aws.contains("*"), aws, services);
      } catch (IllegalArgumentException ex) {
        throw fail(field, ex.getMessage());
      }
    }

    private List<Condition> conditions(JsonElement e) {
      if (!e.isJsonObject() || e.getAsJsonObject().isEmpty()) {
        throw fail("Condition", "must be a non-empty object of operators");
      }
      List<Condition> out = new ArrayList<>();
      for (Map.Entry<String, JsonElement> op : e.getAsJsonObject().entrySet()) {
        String written = op.getKey();
        String field = "Condition." + written;
        Condition.Qualifier qualifier = Condition.Qualifier.NONE;
        String name = written;
        for (Condition.Qualifier q : Condition.Qualifier.values()) {
          if (q != Condition.Qualifier.NONE && name.startsWith(q.prefix)) {
            qualifier = q;
            name = name.substring(q.prefix.length());
          }
        }
        boolean ifExists = name.endsWith("IfExists");
        if (ifExists) {
          name = name.substring(0, name.length() - "IfExists".length());
        }
        ConditionOperator operator = ConditionOperator.byName(name);
        if (operator == null || (ifExists && operator == ConditionOperator.NULL)) {
          throw fail(field, "unknown condition operator \"" + written + "\"");
        }
        if (!op.getValue().isJsonObject() || op.getValue().getAsJsonObject().isEmpty()) {
          throw fail(field, "must be a non-empty object of condition keys");
        }
        for (Map.Entry<String, JsonElement> key : op.getValue().getAsJsonObject().entrySet()) {
          String keyField = field + "." + key.getKey();
          if (key.getKey().indexOf(':') <= 0) {
            throw fail(keyField, "condition keys look like service:Name");
          }
          List<Template> values = new ArrayList<>();
          for (String v : strings(key.getValue(), keyField)) {
            values.add(template(v, keyField));
          }
          try {
            out.add(new Condition(operator, qualifier, ifExists, key.getKey(), values));
          } catch (IllegalArgumentException ex) {
            throw fail(keyField, ex.getMessage());
          }
        }
      }
      return out;
    }

    private Template template(String value, String field) {
      try {
        return Template.parse(value, variables);
      } catch (IllegalArgumentException e) {
        throw fail(field, e.getMessage());
      }
    }

    private String exactlyOne(JsonObject s, String a, String b) {
      if (s.has(a) == s.has(b)) {
        throw fail(a, "exactly one of " + a + " and " + b + " is required");
      }
      return s.has(a) ? a : b;
    }

    private String stringField(JsonObject s, String field) {
      JsonElement e = s.get(field);
      if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
        return e.getAsString();
      }
      throw fail(field, "must be a string");
    }

    /** A string or a non-empty array of strings; numbers and booleans as their literal text. */
    private List<String> strings(JsonElement e, String field) {
      List<String> out = new ArrayList<>();
      if (e.isJsonArray()) {
        JsonArray array = e.getAsJsonArray();
        if (array.isEmpty()) {
          throw fail(field, "must not be an empty list");
        }
        for (JsonElement item : array) {
          out.add(scalar(item, field));
        }
      } else {
        out.add(scalar(e, field));
      }
      return out;
    }

    private String scalar(JsonElement e, String field) {
      if (e.isJsonPrimitive()) {
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.getAsString();
      }
      throw fail(field, "must be a string or a list of strings");
    }

    private MalformedPolicyException fail(String field, String message) {
      return new MalformedPolicyException(
          where + (field == null ? "" : ", " + field) + ": " + message);
    }
  }
}
