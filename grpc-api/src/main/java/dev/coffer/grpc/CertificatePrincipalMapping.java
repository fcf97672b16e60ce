package dev.coffer.grpc;

import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.Principal;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * How mutual TLS turns a verified client certificate into a principal. The certificate has been
 * verified against the server's trusted CAs before any mapping runs; a certificate that maps to no
 * principal is refused as unauthenticated.
 */
public final class CertificatePrincipalMapping {
  private static final int SAN_URI = 6;

  @FunctionalInterface
  private interface Rule {
    Optional<String> apply(X509Certificate certificate);
  }

  private final List<Rule> rules;

  private CertificatePrincipalMapping(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * The first subject alternative name of type URI, taken as the principal as it is: a certificate
   * issued for {@code arn:aws:iam::123456789012:role/App} carries that ARN as a URI SAN.
   */
  public static CertificatePrincipalMapping uriSubjectAltName() {
    return new CertificatePrincipalMapping(List.of(CertificatePrincipalMapping::firstUriSan));
  }

  /**
   * The subject's common name put into {@code template} at {@code {cn}}, e.g. {@code
   * arn:aws:iam::000000000000:user/{cn}}.
   */
  public static CertificatePrincipalMapping commonName(String template) {
    Objects.requireNonNull(template, "template");
    if (!template.contains("{cn}")) {
      throw new IllegalArgumentException("the template needs {cn}");
    }
    return new CertificatePrincipalMapping(
        List.of(c -> commonNameOf(c).map(cn -> template.replace("{cn}", cn))));
  }

  /** A URI SAN if the certificate has one, else the common name as it is. */
  public static CertificatePrincipalMapping defaults() {
    return uriSubjectAltName().orElse(commonName("{cn}"));
  }

  /** This mapping, and {@code other} for certificates this one does not map. */
  public CertificatePrincipalMapping orElse(CertificatePrincipalMapping other) {
    List<Rule> both = new java.util.ArrayList<>(rules);
    both.addAll(other.rules);
    return new CertificatePrincipalMapping(both);
  }

  /** The principal of a verified client certificate; empty if no rule maps it. */
  public Optional<Principal> principalOf(X509Certificate certificate) {
    for (Rule rule : rules) {
      Optional<String> name = rule.apply(certificate);
      if (name.isPresent()) {
        try {
          return Optional.of(Principal.of(name.get()));
        } catch (CofferException notAPrincipal) {
          // A name with whitespace, say: try the next rule.
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> firstUriSan(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return Optional.empty();
      }
      for (List<?> name : names) {
        if (name.size() >= 2
            && name.get(0) instanceof Integer type
            && type == SAN_URI
            && name.get(1) instanceof String uri) {
          return Optional.of(uri);
        }
      }
      return Optional.empty();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> commonNameOf(X509Certificate certificate) {
    try {
      LdapName dn = new LdapName(certificate.getSubjectX500Principal().getName());
      for (Rdn rdn : dn.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(rdn.getValue().toString());
        }
      }
      return Optional.empty();
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "CertificatePrincipalMapping[" + rules.size() + " rules]";
  }
}
