package dev.coffer.keystore.internal.policy;

import dev.coffer.keystore.policy.RequestContext;
import java.util.List;

/** The patterns of an {@code Action}/{@code NotAction} or {@code Resource}/{@code NotResource}. */
final class PatternSet {
  private final List<Template> written;
  private final List<Glob> compiled;
  private final boolean ignoreCase;
  private final boolean matchesAll;

  PatternSet(List<Template> written, boolean ignoreCase) {
    this.written = List.copyOf(written);
    this.ignoreCase = ignoreCase;
    // Null where a pattern has variables: it is built per request.
    this.compiled =
        written.stream().map(t -> t.hasVariables() ? null : t.glob(ignoreCase)).toList();
    this.matchesAll = written.stream().anyMatch(t -> t.raw().equals("*"));
  }

  List<Template> written() {
    return written;
  }

  boolean matches(String value, RequestContext request) {
    if (matchesAll) {
      return true;
    }
    for (int i = 0; i < compiled.size(); i++) {
      Glob g = compiled.get(i);
      if (g == null) {
        g = written.get(i).glob(request, ignoreCase);
        if (g == null) {
          continue;
        }
      }
      if (g.matches(value)) {
        return true;
      }
    }
    return false;
  }
}
