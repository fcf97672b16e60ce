package dev.coffer.keystore.internal.policy;

import dev.coffer.keystore.policy.RequestContext;
import java.util.List;

/**
 * One condition: an operator (with optional {@code ForAnyValue:} / {@code ForAllValues:} qualifier
 * and {@code IfExists} suffix), a condition key, and its policy values.
 *
 * <p>Rules, as IAM documents them: several policy values are alternatives (OR) for positive
 * operators, and all must be avoided (AND) for negated ones. A key absent from the request makes a
 * plain operator false and a negated one true; {@code IfExists} makes it true; {@code ForAllValues}
 * over an absent or empty set is true and {@code ForAnyValue} false; {@code Null} tests presence
 * itself.
 */
final class Condition {
  enum Qualifier {
    NONE(""),
    FOR_ANY_VALUE("ForAnyValue:"),
    FOR_ALL_VALUES("ForAllValues:");

    final String prefix;

    Qualifier(String prefix) {
      this.prefix = prefix;
    }
  }

  private final ConditionOperator operator;
  private final Qualifier qualifier;
  private final boolean ifExists;
  private final String key;
  private final String keyLower;
  private final List<Template> rawValues;
  private final List<ConditionOperator.ValueTest> tests;
  private final boolean[] nullValues;

  Condition(
      ConditionOperator operator,
      Qualifier qualifier,
      boolean ifExists,
      String key,
      List<Template> rawValues) {
    this.operator = operator;
    this.qualifier = qualifier;
    this.ifExists = ifExists;
    this.key = key;
    this.keyLower = key.toLowerCase(java.util.Locale.ROOT);
    this.rawValues = List.copyOf(rawValues);
    if (operator == ConditionOperator.NULL) {
      this.tests = List.of();
      this.nullValues = new boolean[rawValues.size()];
      for (int i = 0; i < rawValues.size(); i++) {
        String v = rawValues.get(i).raw();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException("Null takes true or false, not \"" + v + "\"");
        }
        nullValues[i] = v.equalsIgnoreCase("true");
      }
    } else {
      this.tests = rawValues.stream().map(operator::compile).toList();
      this.nullValues = null;
    }
  }

  /** The operator as written: qualifier, name and suffix. */
  String operatorName() {
    return qualifier.prefix + operator.iamName() + (ifExists ? "IfExists" : "");
  }

  String key() {
    return key;
  }

  List<Template> values() {
    return rawValues;
  }

  boolean matches(RequestContext request) {
    List<String> present = request.values(keyLower);
    if (nullValues != null) {
      boolean absent = present.isEmpty();
      for (boolean wantsAbsent : nullValues) {
        if (wantsAbsent == absent) {
          return true;
        }
      }
      return false;
    }
    if (present.isEmpty()) {
      return switch (qualifier) {
        case FOR_ALL_VALUES -> true;
        case FOR_ANY_VALUE -> false;
        case NONE -> ifExists || operator.negated();
      };
    }
    if (qualifier == Qualifier.FOR_ALL_VALUES) {
      for (int i = 0; i < present.size(); i++) {
        if (!satisfied(present.get(i), request)) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < present.size(); i++) {
      if (satisfied(present.get(i), request)) {
        return true;
      }
    }
    return false;
  }

  private boolean satisfied(String requestValue, RequestContext request) {
    boolean anyMatch = false;
    for (int i = 0; i < tests.size() && !anyMatch; i++) {
      anyMatch = tests.get(i).test(requestValue, request);
    }
    return operator.negated() != anyMatch;
  }
}
