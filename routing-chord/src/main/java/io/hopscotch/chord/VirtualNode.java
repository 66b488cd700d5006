package io.hopscotch.chord;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.ArrayList;
import java.util.List;

/**
 * The ring state of one virtual node: its position, predecessor, successor list and finger table.
 * A physical node hosts one or more. Confined to the node's event loop.
 */
final class VirtualNode {

  final Key id;
  final Contact self;
  final SuccessorList successors;
  final FingerTable fingers;
  /** The predecessor, or null if unknown (alone, or just joined). */
  Contact predecessor;
  /** False once check-predecessor found the predecessor dead; rectify then accepts any notifier. */
  boolean predecessorAlive;
  /** Clock millis of the last message from the predecessor (its stabilize), for check-predecessor. */
  long predecessorHeardMillis;
  /** The pending one-shot check of the predecessor's silence, or null. */
  io.hopscotch.core.spi.Timers.Timer predecessorCheck;
  /** True while a ping to the predecessor is outstanding (at most one at a time). */
  boolean pingingPredecessor;
  /** The next finger fix-fingers will look up. */
  int nextFinger;
  /** True once joined (or started alone). */
  boolean joined;
  /** Stabilize rounds in a row that changed nothing (the successor list and its predecessor as before). */
  int quietStabilizes;
  /** Stabilize timer ticks seen, to skip every other one while quiet. */
  long stabilizeTicks;
  /** Finger lookups in a row that confirmed the finger already held. */
  int quietFingerFixes;
  /** Fix-fingers timer ticks seen, to skip every other one while quiet. */
  long fingerTicks;

  /** The predecessor and first successor ids last observed, and the clock millis they last changed. */
  private Key seenPredecessor;
  private Key seenSuccessor;
  private long neighboursChangedMillis = Long.MIN_VALUE;

  VirtualNode(Key id, Peer host, int successorCapacity) {
    this.id = id;
    this.self = new Contact(id, host);
    this.successors = new SuccessorList(id, successorCapacity);
    this.fingers = new FingerTable(id);
  }

  /** The successor; this node itself if alone. */
  Contact successor() {
    Contact s = successors.first();
    return s == null ? self : s;
  }

  /**
   * True if this node believes it owns {@code key}: the key lies in (predecessor, self]. With no
   * predecessor known it claims everything up to itself from its successor on, i.e. it assumes nobody
   * lies between.
   */
  boolean owns(Key key) {
    if (predecessor == null) {
      Contact s = successors.first();
      return s == null || !key.inOpenClosed(id, s.id());
    }
    return key.inOpenClosed(predecessor.id(), id);
  }

  /** The exclusive start of the range this node owns: its predecessor, or its successor if none is known. */
  Key rangeStart() {
    if (predecessor != null) {
      return predecessor.id();
    }
    return successor().id();
  }

  /** The contacts that hold copies of this node's keys: the first replicas − 1 successors on distinct other hosts. */
  List<Contact> replicaTargets(int replicas) {
    List<Contact> out = new ArrayList<>(Math.max(0, replicas - 1));
    for (Contact c : successors.asList()) {
      if (out.size() >= replicas - 1) {
        break;
      }
      if (c.hostedBy(self.host().id()) || out.stream().anyMatch(x -> x.host().id().equals(c.host().id()))) {
        continue;
      }
      out.add(c);
    }
    return out;
  }

  /** Forgets a contact everywhere: successor list, fingers and (marked dead) predecessor. */
  boolean forget(Key deadId) {
    boolean changed = successors.remove(deadId);
    fingers.remove(deadId);
    if (predecessor != null && predecessor.id().equals(deadId)) {
      predecessorAlive = false;
    }
    return changed;
  }

  /**
   * Notes the current predecessor and first successor at clock time {@code nowMillis} and returns when
   * either last changed (as observed by these calls, made at every stabilize and fetch), in clock millis.
   */
  long neighboursChangedAt(long nowMillis) {
    Key p = predecessor == null ? null : predecessor.id();
    Contact s = successors.first();
    Key sid = s == null ? null : s.id();
    if (neighboursChangedMillis == Long.MIN_VALUE || !java.util.Objects.equals(p, seenPredecessor)
        || !java.util.Objects.equals(sid, seenSuccessor)) {
      seenPredecessor = p;
      seenSuccessor = sid;
      neighboursChangedMillis = nowMillis;
    }
    return neighboursChangedMillis;
  }

  /** Routing-state entries: distinct fingers, successor list entries and the predecessor. */
  int stateSize() {
    return fingers.distinctCount() + successors.size() + (predecessor == null ? 0 : 1);
  }

  @Override
  public String toString() {
    return "vnode " + self + " pred " + predecessor + " succ " + successor();
  }
}
