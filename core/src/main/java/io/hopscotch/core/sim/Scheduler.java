package io.hopscotch.core.sim;

import io.hopscotch.core.spi.Clock;
import java.util.Arrays;

/**
 * The event queue and virtual clock of a simulation: a binary heap ordered by (time, sequence), the
 * current time in microseconds, and the trace hash over what happened. Single-threaded.
 *
 * <p>Events that stop mattering can be taken out at once ({@link #remove}): every request schedules
 * its timeout, and almost all requests are answered long before it, so leaving answered timeouts in
 * the heap until due made it several times larger than the live events and its upkeep the largest
 * cost of big runs. Removing an event that would have been dropped unrun changes neither the order
 * of the others nor the trace.
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
    siftUp(size++, e);
  }

  /**
   * Takes {@code e} out of the queue if it is queued; a no-op otherwise (already run, removed or
   * never scheduled). O(log n).
   */
  void remove(SimEvent e) {
    int i = e.heapIndex;
    if (i < 0 || i >= size || heap[i] != e) {
      return;
    }
    e.heapIndex = -1;
    SimEvent last = heap[--size];
    heap[size] = null;
    if (i == size) {
      return;
    }
    if (i > 0 && before(last, heap[(i - 1) >>> 1])) {
      siftUp(i, last);
    } else {
      siftDown(i, last);
    }
  }

  private void siftUp(int start, SimEvent e) {
    int i = start;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      SimEvent p = heap[parent];
      if (!before(e, p)) {
        break;
      }
      heap[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = e;
    e.heapIndex = i;
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
    for (int i = 0; i < size; i++) {
      heap[i].heapIndex = -1;
    }
    Arrays.fill(heap, 0, size, null);
    size = 0;
  }

  private void removeTop() {
    heap[0].heapIndex = -1;
    SimEvent last = heap[--size];
    heap[size] = null;
    if (size == 0) {
      return;
    }
    siftDown(0, last);
  }

  private void siftDown(int start, SimEvent last) {
    int i = start;
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
      c.heapIndex = i;
      i = child;
    }
    heap[i] = last;
    last.heapIndex = i;
  }
}
