package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The full view of the own affinity group, this node excluded: every member with its latest heartbeat,
 * when that heartbeat last rose (on this node's clock) and the measured round-trip time.
 *
 * <p>Members live in a flat array with an open-addressing index by id ({@link IdIndex}), so a random
 * member is picked and one removed in constant time, at about 60 bytes a member (the node's {@code Peer}
 * itself is shared, not copied). Holds about √N members; bounded by {@code maxMembers}.
 */
public final class GroupView {

  /** One member of the group. */
  public static final class Member {
    private Peer peer;
    private long heartbeat;
    private long lastHeardMillis;
    private long rttNanos = -1;

    Member(Peer peer, long heartbeat, long nowMillis) {
      this.peer = peer;
      this.heartbeat = heartbeat;
      this.lastHeardMillis = nowMillis;
    }

    /** The member. */
    public Peer peer() {
      return peer;
    }

    /** Its freshest heartbeat known here. */
    public long heartbeat() {
      return heartbeat;
    }

    /** When its heartbeat last rose, on this node's clock, in milliseconds. */
    public long lastHeardMillis() {
      return lastHeardMillis;
    }

    /** Measured round-trip time in nanoseconds, or -1 if not measured yet. */
    public long rttNanos() {
      return rttNanos;
    }

    /** Milliseconds since its heartbeat last rose. */
    public long ageMillis(long nowMillis) {
      return nowMillis - lastHeardMillis;
    }
  }

  /** What an update did. */
  public enum Update {
    /** A member this view did not hold. */
    NEW,
    /** A fresher heartbeat of a known member. */
    FRESHER,
    /** Nothing new. */
    STALE,
    /** A new member, but the view is full. */
    FULL
  }

  /** Default bound on the members held: far above √N for any overlay one JVM or network would run. */
  public static final int MAX_MEMBERS = 65_536;

  private Member[] list = new Member[4];
  private int size;
  private final IdIndex index = new IdIndex();
  private final int maxMembers;
  private final List<Member> members = new AbstractList<>() {
    @Override
    public Member get(int i) {
      if (i < 0 || i >= size) {
        throw new IndexOutOfBoundsException("member " + i + " of " + size);
      }
      return list[i];
    }

    @Override
    public int size() {
      return size;
    }
  };

  /**
   * An empty view.
   *
   * @param maxMembers most members held; a new member beyond it is ignored (entries are signed, but a
   *     hostile party could still mint many identities)
   */
  public GroupView(int maxMembers) {
    if (maxMembers < 1) {
      throw new IllegalArgumentException("max members must be positive, got " + maxMembers);
    }
    this.maxMembers = maxMembers;
  }

  /**
   * Records a heartbeat of {@code peer}.
   *
   * @param nowMillis this node's clock
   */
  public Update update(Peer peer, long heartbeat, long nowMillis) {
    int i = index.get(peer.id());
    if (i < 0) {
      if (size >= maxMembers) {
        return Update.FULL;
      }
      if (size == list.length) {
        list = Arrays.copyOf(list, Math.min(maxMembers, 2 * size));
      }
      index.put(peer.id(), size);
      list[size++] = new Member(peer, heartbeat, nowMillis);
      return Update.NEW;
    }
    Member m = list[i];
    if (heartbeat <= m.heartbeat) {
      return Update.STALE;
    }
    m.heartbeat = heartbeat;
    m.lastHeardMillis = nowMillis;
    m.peer = peer; // a node that restarted elsewhere keeps its id and announces its new address
    return Update.FRESHER;
  }

  /** Marks a member as heard from now (it answered a request), without a new heartbeat. */
  public void heard(Key id, long nowMillis) {
    Member m = get(id);
    if (m != null) {
      m.lastHeardMillis = Math.max(m.lastHeardMillis, nowMillis);
    }
  }

  /** Records a measured round-trip time. */
  public void rtt(Key id, long nanos) {
    Member m = get(id);
    if (m != null) {
      m.rttNanos = nanos;
    }
  }

  /** Removes a member; returns it, or null if it was not held. */
  public Member remove(Key id) {
    int i = index.remove(id);
    if (i < 0) {
      return null;
    }
    Member m = list[i];
    Member last = list[--size];
    list[size] = null;
    if (last != m) {
      list[i] = last;
      index.put(last.peer.id(), i);
    }
    return m;
  }

  /** The member with this id, or null. */
  public Member get(Key id) {
    int i = index.get(id);
    return i < 0 ? null : list[i];
  }

  /** True if the member is held. */
  public boolean contains(Key id) {
    return index.contains(id);
  }

  /** Number of members, this node excluded. */
  public int size() {
    return size;
  }

  /** Every member (a read-only view that changes with the group). */
  public List<Member> members() {
    return members;
  }

  /** A uniformly random member, or null if the group has no other member. */
  public Member random(Random random) {
    return size == 0 ? null : list[random.nextInt(size)];
  }

  /** Up to {@code n} distinct random members. */
  public List<Member> sample(Random random, int n) {
    if (n >= size) {
      List<Member> all = new ArrayList<>(members);
      Collections.shuffle(all, random);
      return all;
    }
    List<Member> out = new ArrayList<>(n);
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    while (out.size() < n) {
      int i = random.nextInt(size);
      if (taken.add(i)) {
        out.add(list[i]);
      }
    }
    return out;
  }

  /** Members whose heartbeat has not risen for longer than {@code timeoutMillis}. */
  public List<Member> expired(long nowMillis, long timeoutMillis) {
    List<Member> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Member m = list[i];
      if (nowMillis - m.lastHeardMillis > timeoutMillis) {
        out.add(m);
      }
    }
    return out;
  }
}
