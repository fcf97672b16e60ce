package dev.coffer.engine.archive;

import dev.coffer.engine.internal.archive.EntryPaths;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The entries of an archive that a command works on, named as {@code tar x FILE MEMBER...} names
 * them: a member is an entry's path exactly, or a directory's path, which selects its whole
 * subtree. Paths are compared segment by segment ("doc" does not select "docs/a"), and a trailing
 * '/' is ignored. No member selects everything.
 *
 * <p>Which members have matched is remembered as entries are offered to {@link #select}, so that
 * {@link #requireEveryMemberMatched} can fail, once the archive has been read to its end, for a
 * member that named nothing (a typo should not pass for an empty selection).
 *
 * <p>Not thread-safe.
 */
public final class EntrySelection {
  private final Set<String> members;
  private final Set<String> onTheWay;
  private final Set<String> matched = new HashSet<>();

  private EntrySelection(Set<String> members) {
    this.members = members;
    this.onTheWay = new HashSet<>();
    for (String member : members) {
      for (int slash = member.indexOf('/'); slash >= 0; slash = member.indexOf('/', slash + 1)) {
        onTheWay.add(member.substring(0, slash));
      }
    }
  }

  /** Every entry. */
  public static EntrySelection all() {
    return new EntrySelection(Set.of());
  }

  /**
   * The entries that {@code members} name; none selects every entry.
   *
   * @throws InvalidArgumentException for a member that no entry can have as its path (absolute,
   *     with a ".." segment, empty)
   */
  public static EntrySelection of(Collection<String> members) {
    Set<String> paths = new LinkedHashSet<>();
    for (String member : members) {
      String path = member;
      while (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      String problem = EntryPaths.problem(path);
      if (problem != null) {
        throw new InvalidArgumentException(
            "member \""
                + EntryPaths.printable(member)
                + "\" cannot name an entry: "
                + problem
                + " (name entries by their paths as `coffer archive list` shows them)");
      }
      paths.add(path);
    }
    return new EntrySelection(paths);
  }

  /** Whether every entry is selected (no member was named). */
  public boolean isAll() {
    return members.isEmpty();
  }

  /**
   * Whether the entry at {@code path} is selected: it is a member, or lies under one. Notes which
   * members it matched.
   */
  public boolean select(String path) {
    if (members.isEmpty()) {
      return true;
    }
    boolean selected = false;
    for (int end = path.indexOf('/'); ; end = path.indexOf('/', end + 1)) {
      String prefix = end < 0 ? path : path.substring(0, end);
      if (members.contains(prefix)) {
        matched.add(prefix);
        selected = true;
      }
      if (end < 0) {
        return selected;
      }
    }
  }

  /**
   * Whether {@code path} is a directory on the way to a member ("docs" for "docs/a/b.txt"), which
   * an extraction creates with the archive's mode and time for it, without its other contents.
   */
  public boolean leadsToAMember(String path) {
    return onTheWay.contains(path);
  }

  /** The members that no entry offered to {@link #select} so far has matched, in given order. */
  public List<String> unmatched() {
    List<String> unmatched = new ArrayList<>();
    for (String member : members) {
      if (!matched.contains(member)) {
        unmatched.add(member);
      }
    }
    return unmatched;
  }

  /**
   * Checks that every member matched; call once the archive has been read to its end.
   *
   * @throws NotFoundException naming each member that matched no entry
   */
  public void requireEveryMemberMatched() {
    List<String> unmatched = unmatched();
    if (!unmatched.isEmpty()) {
      throw new NotFoundException(
          "not in the archive: "
              + unmatched.stream()
                  .map(m -> "\"" + EntryPaths.printable(m) + "\"")
                  .collect(Collectors.joining(", "))
              + " (no entry has "
              + (unmatched.size() == 1 ? "that path" : "those paths")
              + " or lies under "
              + (unmatched.size() == 1 ? "it" : "them")
              + ")");
    }
  }
}
