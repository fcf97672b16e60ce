package dev.coffer.keystore.testing;

import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event; can be switched to fail, to test that the keystore fails closed. */
public final class RecordingAuditSink implements AuditSink {
  private final CopyOnWriteArrayList<AuditEvent> events = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  @Override
  public void append(AuditEvent event) {
    if (failing) {
      throw new IllegalStateException("audit disk full");
    }
    events.add(event);
  }

  public void failFromNowOn(boolean fail) {
    this.failing = fail;
  }

  public List<AuditEvent> events() {
    return List.copyOf(events);
  }

  public AuditEvent last() {
    return events.get(events.size() - 1);
  }

  public void clear() {
    events.clear();
  }
}
