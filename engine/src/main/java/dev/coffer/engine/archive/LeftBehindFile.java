package dev.coffer.engine.archive;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A hidden file an extraction made and could not remove (its directory refuses changes, say): the
 * user is told, so that nothing lingers unseen. A staged file that cannot be removed is emptied
 * first, so that it no longer holds extracted plaintext; only if that fails too does it still hold
 * data.
 *
 * @param path where it is
 * @param description what it is, for people: whose temporary file, or which earlier file
 * @param holdsData whether it still holds file contents (emptying it failed too)
 */
public record LeftBehindFile(Path path, String description, boolean holdsData) {
  public LeftBehindFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(description, "description");
  }
}
