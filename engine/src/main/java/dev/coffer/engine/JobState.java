package dev.coffer.engine;

/** A job's state: running (also after a restart, when it resumes), or how it ended. */
public enum JobState {
  RUNNING,
  SUCCEEDED,
  CANCELLED,
  FAILED;

  public boolean finished() {
    return this != RUNNING;
  }
}
