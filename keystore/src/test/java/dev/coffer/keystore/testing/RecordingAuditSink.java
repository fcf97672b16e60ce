package dev.coffer.keystore.testing;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditSink;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event; can be switched to fail, to test that the keystore fails closed. */
public final class RecordingAuditSink implements AuditSink {
  // Not copy-on-write: engine tests append hundreds of thousands of events.
  private final List<AuditEvent> events = new ArrayList<>();
  private volatile boolean failing;

  @Override
  public synchronized void append(AuditEvent event) {
    if (failing) {
      throw new IllegalStateException("audit disk full");
    }
    events.add(event);
  }

  public void failFromNowOn(boolean fail) {
    this.failing = fail;
  }

  public synchronized List<AuditEvent> events() {
    return List.copyOf(events);
  }

  public synchronized AuditEvent last() {
    return events.get(events.size() - 1);
  }

  public synchronized long count(java.util.function.Predicate<AuditEvent> which) {
    return events.stream().filter(which).count();
  }

  public synchronized void clear() {
    events.clear();
  }
}
