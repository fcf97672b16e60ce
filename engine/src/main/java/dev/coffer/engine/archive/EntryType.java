package dev.coffer.engine.archive;

/** What an archive entry is. */
public enum EntryType {
  FILE,
  DIRECTORY,
  SYMLINK
}
