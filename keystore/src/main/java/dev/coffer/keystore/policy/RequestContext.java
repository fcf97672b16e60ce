package dev.coffer.keystore.policy;

import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request as policies see it: who, what action, on which resource, and the condition keys with
 * their values. Condition key names are case-insensitive, values case-sensitive, as in IAM. The
 * principal's own keys ({@code aws:PrincipalArn}, {@code aws:PrincipalAccount}, {@code
 * aws:username} for IAM users) are filled in from the principal.
 */
public final class RequestContext {
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:aws:sts::(\\d{12}):assumed-role/([^/]+)/.+");
  private static final Pattern IAM_USER =
      Pattern.compile("arn:aws:iam::\\d{12}:user/(?:.*/)?([^/]+)");

  private final Principal principal;
  private final String roleArn;
  private final String action;
  private final String resource;
  private final Map<String, List<String>> keys;

  private RequestContext(Builder b) {
    this.principal = Objects.requireNonNull(b.principal, "principal");
    this.action = Objects.requireNonNull(b.action, "action");
    this.resource = Objects.requireNonNull(b.resource, "resource");
    Matcher m = ASSUMED_ROLE.matcher(principal.name());
    this.roleArn = m.matches() ? "arn:aws:iam::" + m.group(1) + ":role/" + m.group(2) : null;
    Map<String, List<String>> k = new HashMap<>(b.keys);
    k.putIfAbsent("aws:principalarn", List.of(principal.name()));
    if (!principal.account().isEmpty()) {
      k.putIfAbsent("aws:principalaccount", List.of(principal.account()));
    }
    Matcher user = IAM_USER.matcher(principal.name());
    if (user.matches()) {
      k.putIfAbsent("aws:username", List.of(user.group(1)));
    }
    this.keys = Collections.unmodifiableMap(k);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Principal principal() {
    return principal;
  }

  /** For an STS assumed-role session, the role's IAM ARN, which policies name; else null. */
  public String roleArn() {
    return roleArn;
  }

  public String action() {
    return action;
  }

  public String resource() {
    return resource;
  }

  /** The values of a condition key; empty if the request does not have it. */
  public List<String> values(String conditionKey) {
    List<String> v = keys.get(conditionKey.toLowerCase(Locale.ROOT));
    return v == null ? List.of() : v;
  }

  /** Every condition key present, lower-cased, with its values. */
  public Map<String, List<String>> conditionKeys() {
    return keys;
  }

  @Override
  public String toString() {
    return principal + " " + action + " " + resource + " " + keys;
  }

  /** Builds a request context. */
  public static final class Builder {
    private Principal principal;
    private String action;
    private String resource;
    private final Map<String, List<String>> keys = new HashMap<>();

    private Builder() {}

    public Builder principal(Principal principal) {
      this.principal = principal;
      return this;
    }

    /** The IAM action, such as {@code kms:Decrypt} or {@code s3:PutObject}. */
    public Builder action(String action) {
      this.action = action;
      return this;
    }

    /** The ARN acted on. */
    public Builder resource(String resource) {
      this.resource = resource;
      return this;
    }

    /** Sets a condition key; no values means the key is absent. */
    public Builder conditionKey(String name, List<String> values) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (values.isEmpty()) {
        keys.remove(lower);
      } else {
        keys.put(lower, List.copyOf(values));
      }
      return this;
    }

    public Builder conditionKey(String name, String value) {
      return conditionKey(name, List.of(value));
    }

    /**
     * Sets {@code kms:EncryptionContext:<key>} for each pair and {@code kms:EncryptionContextKeys}.
     */
    public Builder encryptionContext(EncryptionContext context) {
      List<String> names = new ArrayList<>();
      context
          .asMap()
          .forEach(
              (k, v) -> {
                names.add(k);
                keys.computeIfAbsent(
                        ("kms:encryptioncontext:" + k).toLowerCase(Locale.ROOT),
                        x -> new ArrayList<>())
                    .add(v);
              });
      return conditionKey("kms:EncryptionContextKeys", names);
    }

    /** Sets {@code aws:CurrentTime} and {@code aws:EpochTime}. */
    public Builder time(Instant now) {
      conditionKey("aws:CurrentTime", now.toString());
      return conditionKey("aws:EpochTime", Long.toString(now.getEpochSecond()));
    }

    public RequestContext build() {
      keys.replaceAll((k, v) -> List.copyOf(v));
      return new RequestContext(this);
    }
  }
}
