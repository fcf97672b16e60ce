package dev.coffer.keystore.policy;

import dev.coffer.keystore.Caller;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A request as policies see it: who, what action, on which resource, and the condition keys with
 * their values. Condition key names are case-insensitive, values case-sensitive, as in IAM.
 *
 * <p>Keys derived from the principal ({@code aws:PrincipalArn}, {@code aws:PrincipalAccount},
 * {@code aws:username} for IAM users), the encryption context ({@code kms:EncryptionContext:<k>},
 * {@code kms:EncryptionContextKeys}), the resource's tags and aliases ({@code aws:ResourceTag/<k>},
 * {@code kms:ResourceAliases}) and the time ({@code aws:CurrentTime}, {@code aws:EpochTime}) are
 * answered on demand, so building a request costs little and a policy pays only for the keys it
 * reads. Explicitly set keys take precedence.
 */
public final class RequestContext {
  private static final String CONTEXT_PREFIX = "kms:encryptioncontext:";
  private static final String RESOURCE_TAG_PREFIX = "aws:resourcetag/";

  private final Principal principal;
  private final String action;
  private final String resource;
  private final Map<String, List<String>> keys;
  private final EncryptionContext context;
  private final Instant time;
  private final Map<String, String> resourceTags;
  private final Supplier<List<String>> resourceAliases;
  private List<String> contextKeys;

  private RequestContext(Builder b) {
    this.principal = Objects.requireNonNull(b.principal, "principal");
    this.action = Objects.requireNonNull(b.action, "action");
    this.resource = Objects.requireNonNull(b.resource, "resource");
    this.keys = b.keys;
    this.context = b.context;
    this.time = b.time;
    this.resourceTags = b.resourceTags;
    this.resourceAliases = b.resourceAliases;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Principal principal() {
    return principal;
  }

  /** For an STS assumed-role session, the role's IAM ARN, which policies name; else null. */
  public String roleArn() {
    return principal.roleArn().orElse(null);
  }

  public String action() {
    return action;
  }

  public String resource() {
    return resource;
  }

  /** The values of a condition key; empty if the request does not have it. */
  public List<String> values(String conditionKey) {
    String key = conditionKey.toLowerCase(Locale.ROOT);
    List<String> explicit = keys.get(key);
    if (explicit != null) {
      return explicit;
    }
    if (context != null && key.startsWith(CONTEXT_PREFIX)) {
      return contextValues(key);
    }
    if (key.startsWith(RESOURCE_TAG_PREFIX)) {
      return valuesNamed(resourceTags, key.substring(RESOURCE_TAG_PREFIX.length()));
    }
    return switch (key) {
      case "kms:encryptioncontextkeys" -> context == null ? List.of() : contextKeys();
      case "kms:resourcealiases" -> resourceAliases.get();
      case "aws:principalarn" -> List.of(principal.name());
      case "aws:principalaccount" ->
          principal.account().isEmpty() ? List.of() : List.of(principal.account());
      case "aws:username" -> principal.userName().map(List::of).orElse(List.of());
      case "aws:currenttime" -> time == null ? List.of() : List.of(time.toString());
      case "aws:epochtime" ->
          time == null ? List.of() : List.of(Long.toString(time.getEpochSecond()));
      default -> List.of();
    };
  }

  private List<String> contextKeys() {
    List<String> k = contextKeys;
    if (k == null) {
      k = List.copyOf(context.asMap().keySet());
      contextKeys = k;
    }
    return k;
  }

  /** {@code kms:EncryptionContext:<key>}: the pair's key compares as a tag key does. */
  private List<String> contextValues(String key) {
    return valuesNamed(context.asMap(), key.substring(CONTEXT_PREFIX.length()));
  }

  /**
   * The values of the entries (tags, encryption context pairs) a condition key names: their keys
   * compare case-insensitively there, as condition key names do, so entries differing only in case
   * all answer. {@code name} comes lower-cased, so the tag key is lower-cased the same way:
   * equalsIgnoreCase would miss a key whose lower case is longer ("İ", U+0130, becomes "i" and
   * U+0307), and would disagree with aws:RequestTag, whose names are lower-cased too.
   */
  private static List<String> valuesNamed(Map<String, String> tags, String name) {
    List<String> out = null;
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(name)) {
        if (out == null) {
          out = new ArrayList<>(1);
        }
        out.add(e.getValue());
      }
    }
    return out == null ? List.of() : out;
  }

  @Override
  public String toString() {
    return principal + " " + action + " " + resource + " " + keys + " context=" + context;
  }

  /** Builds a request context. */
  public static final class Builder {
    private Principal principal;
    private String action;
    private String resource;
    private final Map<String, List<String>> keys = new HashMap<>();
    private EncryptionContext context;
    private Instant time;
    private Map<String, String> resourceTags = Map.of();
    private Supplier<List<String>> resourceAliases = List::of;

    private Builder() {}

    public Builder principal(Principal principal) {
      this.principal = principal;
      return this;
    }

    /**
     * The caller's principal and the global condition keys its circumstances give: {@code
     * aws:SecureTransport} always, {@code aws:SourceIp} and {@code aws:UserAgent} when it came
     * through the sidecar.
     */
    public Builder caller(Caller caller) {
      principal(caller.principal());
      conditionKey("aws:SecureTransport", Boolean.toString(caller.secureTransport()));
      caller.sourceAddress().ifPresent(a -> conditionKey("aws:SourceIp", a));
      caller.userAgent().ifPresent(a -> conditionKey("aws:UserAgent", a));
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

    /** Answers {@code kms:EncryptionContext:<key>} and {@code kms:EncryptionContextKeys}. */
    public Builder encryptionContext(EncryptionContext context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Answers {@code aws:CurrentTime} and {@code aws:EpochTime}. */
    public Builder time(Instant now) {
      this.time = Objects.requireNonNull(now, "now");
      return this;
    }

    /** The tags of the resource acted on: answers {@code aws:ResourceTag/<key>}. */
    public Builder resourceTags(Map<String, String> tags) {
      this.resourceTags = Objects.requireNonNull(tags, "tags");
      return this;
    }

    /**
     * The aliases of the key acted on, asked for only if a policy reads {@code kms:ResourceAliases}
     * (finding them costs a scan of every alias).
     */
    public Builder resourceAliases(Supplier<List<String>> aliases) {
      this.resourceAliases = Objects.requireNonNull(aliases, "aliases");
      return this;
    }

    /** Builds the context; the builder must not be used afterwards. */
    public RequestContext build() {
      return new RequestContext(this);
    }
  }
}
