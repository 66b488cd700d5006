package io.hopscotch.core.sim;

import io.hopscotch.core.spi.Clock;
import java.util.Arrays;

/**
 * The event queue and virtual clock of a simulation: a binary heap ordered by (time, sequence), the
 * current time in microseconds, and the trace hash over what happened. Single-threaded.
 */
final class Scheduler implements Clock {

  private final long startMillis;
  private SimEvent[] heap = new SimEvent[1024];
  private int size;
  private long nextSeq;
  private long nowMicros;
  private long processed;
  private long trace = 0x243F6A8885A308D3L;

  Scheduler(long startMillis) {
    this.startMillis = startMillis;
  }

  /** Current virtual time in microseconds since the start. */
  long nowMicros() {
    return nowMicros;
  }

  @Override
  public long millis() {
    return startMillis + nowMicros / 1000;
  }

  @Override
  public long nanos() {
    return nowMicros * 1000;
  }

  long processed() {
    return processed;
  }

  long traceHash() {
    return trace;
  }

  /** Folds one observable event into the trace hash. */
  void trace(int kind, int from, int to, int typeId, long size) {
    long h = Mixing.combine(trace, kind);
    h = Mixing.combine(h, nowMicros);
    h = Mixing.combine(h, ((long) from << 32) | (to & 0xffffffffL));
    h = Mixing.combine(h, ((long) typeId << 40) ^ size);
    trace = h;
  }

  /** Schedules {@code e} at absolute virtual time {@code atMicros} (clamped to now). */
  void schedule(SimEvent e, long atMicros) {
    e.time = Math.max(atMicros, nowMicros);
    e.seq = nextSeq++;
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      SimEvent p = heap[parent];
      if (!before(e, p)) {
        break;
      }
      heap[i] = p;
      i = parent;
    }
    heap[i] = e;
  }

  private static boolean before(SimEvent a, SimEvent b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }

  /** The next event that still matters, left in the queue; null if none. Cancelled events are discarded. */
  SimEvent peek() {
    while (size > 0) {
      SimEvent e = heap[0];
      if (!e.isCancelled()) {
        return e;
      }
      removeTop();
    }
    return null;
  }

  /**
   * Runs the next event if it is due at or before {@code limitMicros}.
   *
   * @return false if there is no such event
   */
  boolean step(long limitMicros) {
    SimEvent e = peek();
    if (e == null || e.time > limitMicros) {
      return false;
    }
    removeTop();
    nowMicros = e.time;
    processed++;
    e.run();
    return true;
  }

  /** Moves the clock forward to {@code micros} (never backwards). */
  void advanceTo(long micros) {
    nowMicros = Math.max(nowMicros, micros);
  }

  /** Number of queued events, cancelled ones included. */
  int size() {
    return size;
  }

  /** Drops every queued event. */
  void clear() {
    Arrays.fill(heap, 0, size, null);
    size = 0;
  }

  private void removeTop() {
    SimEvent last = heap[--size];
    heap[size] = null;
    if (size == 0) {
      return;
    }
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      SimEvent c = heap[child];
      int right = child + 1;
      if (right < size && before(heap[right], c)) {
        child = right;
        c = heap[right];
      }
      if (!before(c, last)) {
        break;
      }
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }
}
