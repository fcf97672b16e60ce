package dev.coffer.keystore.internal.policy;

import dev.coffer.keystore.policy.RequestContext;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code Principal} (or {@code NotPrincipal}) element of a resource policy. Tells whether it
 * names the caller directly (its ARN, its role for an assumed-role session, or {@code *}) or only
 * the caller's account ({@code 123456789012} or {@code arn:aws:iam::123456789012:root}), which in
 * IAM delegates the decision to the account's identity policies.
 */
final class PrincipalMatcher {
  enum Match {
    NONE,
    ACCOUNT,
    DIRECT
  }

  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern ROOT = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):root");
  private static final Pattern IAM_PRINCIPAL =
      Pattern.compile(
          "arn:aws[a-z-]*:(?:iam::\\d{12}:(?:user|role|group)/.+|sts::\\d{12}:(?:assumed-role|federated-user)/.+)");

  private final boolean wildcard;
  private final Set<String> accounts;
  private final Set<String> arns;
  private final Set<String> services;

  /** As written, for canonical JSON. */
  final List<String> awsValues;

  final List<String> serviceValues;

  PrincipalMatcher(boolean wildcard, List<String> aws, List<String> services) {
    this.wildcard = wildcard;
    this.awsValues = List.copyOf(aws);
    this.serviceValues = List.copyOf(services);
    java.util.HashSet<String> acc = new java.util.HashSet<>();
    java.util.HashSet<String> exact = new java.util.HashSet<>();
    for (String p : aws) {
      if (p.equals("*")) {
        continue;
      }
      java.util.regex.Matcher root = ROOT.matcher(p);
      if (ACCOUNT_ID.matcher(p).matches()) {
        acc.add(p);
      } else if (root.matches()) {
        acc.add(root.group(1));
      } else if (IAM_PRINCIPAL.matcher(p).matches() && p.indexOf('*') < 0 && p.indexOf('?') < 0) {
        exact.add(p);
      } else {
        throw new IllegalArgumentException(
            "\""
                + p
                + "\" is not an account id, account root ARN or IAM principal ARN"
                + " (wildcards other than \"*\" are not allowed in principals)");
      }
    }
    for (String s : services) {
      if (s.isEmpty() || s.indexOf('*') >= 0 || s.indexOf('?') >= 0) {
        throw new IllegalArgumentException("invalid service principal \"" + s + "\"");
      }
    }
    this.accounts = Set.copyOf(acc);
    this.arns = Set.copyOf(exact);
    this.services = Set.copyOf(services);
  }

  boolean isWildcard() {
    return wildcard;
  }

  Match match(RequestContext request) {
    String name = request.principal().name();
    if (wildcard
        || arns.contains(name)
        || services.contains(name)
        || (request.roleArn() != null && arns.contains(request.roleArn()))) {
      return Match.DIRECT;
    }
    String account = request.principal().account();
    return !account.isEmpty() && accounts.contains(account) ? Match.ACCOUNT : Match.NONE;
  }

  /** Whether this element names the account root of {@code account}. */
  boolean namesAccount(String account) {
    return accounts.contains(account);
  }
}
