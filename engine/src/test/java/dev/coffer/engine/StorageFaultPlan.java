package dev.coffer.engine;

import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.engine.internal.store.StorageFaults;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Storage faults for a test to arm and clear: the Nth write of a thread failing once (an I/O error)
 * or from then on (a full disk), or every read of some families. One rule at a time.
 */
final class StorageFaultPlan implements StorageFaults {
  private static final Set<Step> WRITES =
      EnumSet.of(Step.COMMIT, Step.COMMIT_UNLOGGED, Step.DELETE_RANGE, Step.FLUSH);
  private static final Set<Step> READS = EnumSet.of(Step.READ, Step.SCAN);

  /** Which calls a rule matches, and how many matching calls pass before it fires. */
  private record Rule(
      Set<Step> steps,
      Predicate<Family> families,
      Predicate<Thread> threads,
      int passBefore,
      boolean sticky) {
    boolean matches(Step step, Family family) {
      // A commit names no family (a batch may span several): write rules match any.
      return steps.contains(step)
          && (family == null || families.test(family))
          && threads.test(Thread.currentThread());
    }
  }

  private Rule rule;
  private int seen;
  private final AtomicInteger fired = new AtomicInteger();

  /**
   * Fails the {@code n}th write (1-based) this thread makes from now; then, if sticky, every one.
   */
  synchronized StorageFaultPlan failWrite(int n, boolean sticky) {
    Thread me = Thread.currentThread();
    return arm(new Rule(WRITES, f -> true, t -> t == me, n - 1, sticky));
  }

  /** Fails every write of the threads named {@code threadName} from now on. */
  synchronized StorageFaultPlan failWritesOf(String threadName) {
    return arm(new Rule(WRITES, f -> true, t -> t.getName().equals(threadName), 0, true));
  }

  /** Fails the {@code n}th write of the threads named {@code threadName} from now, once. */
  synchronized StorageFaultPlan failWriteOf(String threadName, int n) {
    return arm(new Rule(WRITES, f -> true, t -> t.getName().equals(threadName), n - 1, false));
  }

  /** Fails the {@code n}th read or scan step (1-based) of {@code family}, by any thread, once. */
  synchronized StorageFaultPlan failRead(Family family, int n) {
    return arm(new Rule(READS, f -> f == family, t -> true, n - 1, false));
  }

  /** Fails every read and scan step of {@code family}, by any thread, until cleared. */
  synchronized StorageFaultPlan failReads(Family family) {
    return arm(new Rule(READS, f -> f == family, t -> true, 0, true));
  }

  private StorageFaultPlan arm(Rule next) {
    rule = next;
    seen = 0;
    fired.set(0);
    return this;
  }

  synchronized void clear() {
    rule = null;
  }

  /** How many calls failed since the rule was armed. */
  int fired() {
    return fired.get();
  }

  @Override
  public void before(Step step, Family family) throws RocksDBException {
    synchronized (this) {
      if (rule == null || !rule.matches(step, family)) {
        return;
      }
      int index = seen++;
      if (index < rule.passBefore || (index > rule.passBefore && !rule.sticky)) {
        return;
      }
      fired.incrementAndGet();
    }
    throw step.isWrite()
        ? new RocksDBException(
            "IO error: No space left on device (injected)",
            new Status(Status.Code.IOError, Status.SubCode.NoSpace, "injected"))
        : new RocksDBException(
            "IO error: Input/output error (injected)",
            new Status(Status.Code.IOError, Status.SubCode.None, "injected"));
  }
}
