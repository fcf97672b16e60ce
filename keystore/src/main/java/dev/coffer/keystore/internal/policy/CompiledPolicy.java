package dev.coffer.keystore.internal.policy;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.coffer.keystore.policy.PolicyKind;
import dev.coffer.keystore.policy.RequestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A validated, compiled policy document and the JSON it came from. Immutable. */
public final class CompiledPolicy {
  private final PolicyKind kind;
  private final String version;
  private final Optional<String> id;
  private final List<CompiledStatement> statements;
  private final String json;

  CompiledPolicy(
      PolicyKind kind,
      String version,
      Optional<String> id,
      List<CompiledStatement> statements,
      String json) {
    this.kind = kind;
    this.version = version;
    this.id = id;
    this.statements = List.copyOf(statements);
    this.json = json;
  }

  public PolicyKind kind() {
    return kind;
  }

  public String version() {
    return version;
  }

  public Optional<String> id() {
    return id;
  }

  public String json() {
    return json;
  }

  public int statementCount() {
    return statements.size();
  }

  List<CompiledStatement> statements() {
    return statements;
  }

  /** Whether an Allow statement names {@code account}'s root (delegating to identity policies). */
  public boolean allowsAccountRoot(String account) {
    for (CompiledStatement s : statements) {
      if (s.allow()
          && s.principal() != null
          && !s.notPrincipal()
          && (s.principal().isWildcard() || s.principal().namesAccount(account))) {
        return true;
      }
    }
    return false;
  }

  /** Evaluates this policy alone against a request. */
  public PolicyEvaluation evaluate(RequestContext request) {
    return PolicyEvaluation.of(this, request);
  }

  /** The document as normalized JSON: same meaning, every list written as a list. */
  public String canonicalJson() {
    JsonObject doc = new JsonObject();
    doc.addProperty("Version", version);
    id.ifPresent(i -> doc.addProperty("Id", i));
    JsonArray list = new JsonArray();
    for (CompiledStatement s : statements) {
      JsonObject o = new JsonObject();
      s.sid().ifPresent(sid -> o.addProperty("Sid", sid));
      o.addProperty("Effect", s.allow() ? "Allow" : "Deny");
      if (s.principal() != null) {
        String field = s.notPrincipal() ? "NotPrincipal" : "Principal";
        if (s.principal().isWildcard()
            && s.principal().serviceValues.isEmpty()
            && s.principal().awsValues.equals(List.of("*"))) {
          o.addProperty(field, "*");
        } else {
          JsonObject p = new JsonObject();
          if (!s.principal().awsValues.isEmpty()) {
            p.add("AWS", array(s.principal().awsValues));
          }
          if (!s.principal().serviceValues.isEmpty()) {
            p.add("Service", array(s.principal().serviceValues));
          }
          o.add(field, p);
        }
      }
      o.add(s.notAction() ? "NotAction" : "Action", templates(s.actions().written()));
      o.add(s.notResource() ? "NotResource" : "Resource", templates(s.resources().written()));
      if (!s.conditions().isEmpty()) {
        Map<String, JsonObject> ops = new LinkedHashMap<>();
        for (Condition c : s.conditions()) {
          ops.computeIfAbsent(c.operatorName(), k -> new JsonObject())
              .add(c.key(), templates(c.values()));
        }
        JsonObject cond = new JsonObject();
        ops.forEach(cond::add);
        o.add("Condition", cond);
      }
      list.add(o);
    }
    doc.add("Statement", list);
    return new GsonBuilder().disableHtmlEscaping().create().toJson(doc);
  }

  private static JsonArray array(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(v -> a.add(new JsonPrimitive(v)));
    return a;
  }

  private static JsonArray templates(List<Template> values) {
    return array(values.stream().map(Template::raw).toList());
  }
}
