package dev.coffer.keystore.internal.audit;

import java.io.IOException;

/** Called before each I/O step of the log; tests throw here to simulate a failing disk. */
@FunctionalInterface
public interface LogHook {
  LogHook NONE = step -> {};

  /** The log's I/O steps. */
  enum Step {
    /** Creating a segment file (a new log, or a roll): where a read-only directory shows. */
    CREATE_SEGMENT,
    /** Preallocating space in a segment: where a full disk shows. */
    EXTEND,
    /** Copying a frame into the mapped segment. */
    WRITE,
    /** Forcing written frames to the device. */
    SYNC
  }

  void before(Step step) throws IOException;
}
