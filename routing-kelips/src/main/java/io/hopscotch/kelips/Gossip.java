package io.hopscotch.kelips;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.kelips.KelipsMessages.DeadEntry;
import io.hopscotch.kelips.KelipsMessages.ExchangeRequest;
import io.hopscotch.kelips.KelipsMessages.ExchangeResponse;
import io.hopscotch.kelips.KelipsMessages.MemberEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Epidemic dissemination within the own affinity group, and exchanges with foreign contacts.
 *
 * <p>Every round a node raises its heartbeat, evicts members not heard from for the failure timeout,
 * and sends {@code fanout} gossip messages to random members of its group plus one exchange (a
 * request, so it also checks the contact and times its round trip) to a random foreign contact. All
 * messages of a round together stay within the byte budget. A message carries the sender's own entry,
 * then <em>rumours</em> (new members, failures, new tuples) oldest first, then random entries of the
 * group view so heartbeats keep flowing. A rumour is sent a fixed number of times — enough for push
 * gossip to reach the whole group with high probability, log₂ of the group's size plus a margin, per
 * target — and then dropped ("rumour ageing"); what a member misses is repaired by anti-entropy
 * ({@link KelipsRouting}).
 *
 * <p>Heartbeats come from the node clock (milliseconds, raised by one at least each round), so a node
 * that restarts with the same id is fresher than anything said about its previous run. Obituaries (the
 * heartbeat at which a node was declared dead) stop stale gossip from bringing it back, and are
 * forgotten after two failure timeouts.
 */
public final class Gossip {

  private static final Logger LOG = LoggerFactory.getLogger(Gossip.class);

  /** Most rumours queued; beyond it the oldest is dropped (anti-entropy repairs what it carried). */
  public static final int MAX_RUMOURS = 10_000;
  /** Most obituaries remembered. */
  public static final int MAX_OBITUARIES = 10_000;
  /** Contacts shared in each gossip message to the own group. */
  public static final int CONTACTS_SHARED = 4;

  /** What gossip needs from the routing strategy. */
  public interface Host {
    /** A tuple arrived by gossip; true if it was new here (then it is passed on). */
    boolean acceptTuple(Tuple t);

    /** The held tuple of (key, publisher) ready for the wire (record attached when inline), or null. */
    Tuple tupleForWire(Key key, Key publisher);

    /** A member joined the own group, as far as this node knows. */
    void memberJoined(Peer p);

    /** Group {@code g} gained its first known contact. */
    void groupAppeared(int g);
  }

  private record RumourKey(char kind, Key a, Key b) {
  }

  private static final class Rumour {
    final Object payload;
    int sendsLeft;

    Rumour(Object payload, int sends) {
      this.payload = payload;
      this.sendsLeft = sends;
    }
  }

  private record Obituary(long heartbeat, long atMillis) {
  }

  private final StrategyContext ctx;
  private final KelipsOptions options;
  private final AffinityGroups groups;
  private final int ownGroup;
  private final GroupView view;
  private final ContactTable contacts;
  private final Host host;
  private final LinkedHashMap<RumourKey, Rumour> rumours = new LinkedHashMap<>();
  private final LinkedHashMap<Key, Obituary> obituaries = new LinkedHashMap<>();
  private long heartbeat;
  private long rounds;
  private boolean exchangeInFlight;

  /** Gossip for one node. */
  public Gossip(StrategyContext ctx, KelipsOptions options, AffinityGroups groups, GroupView view, ContactTable contacts, Host host) {
    this.ctx = ctx;
    this.options = options;
    this.groups = groups;
    this.ownGroup = groups.groupOf(ctx.self().id());
    this.view = view;
    this.contacts = contacts;
    this.host = host;
    this.heartbeat = ctx.clock().millis();
  }

  /** This node's current heartbeat. */
  public long heartbeat() {
    return heartbeat;
  }

  /** This node's own entry. */
  public MemberEntry selfEntry() {
    return new MemberEntry(ctx.self(), heartbeat);
  }

  /** Rounds run so far. */
  public long rounds() {
    return rounds;
  }

  /** Rumours waiting to be sent. */
  public int pendingRumours() {
    return rumours.size();
  }

  private int sendsPerRumour() {
    int g = view.size() + 1;
    int log2 = 32 - Integer.numberOfLeadingZeros(g);
    return (log2 + 2) * Math.min(options.fanout(), Math.max(1, view.size()));
  }

  private void rumour(RumourKey key, Object payload) {
    rumours.remove(key);
    rumours.put(key, new Rumour(payload, sendsPerRumour()));
    if (rumours.size() > MAX_RUMOURS) {
      Iterator<RumourKey> it = rumours.keySet().iterator();
      it.next();
      it.remove();
      ctx.stats().increment("kelips.rumours.dropped");
    }
  }

  /** Spreads a new or changed tuple through the group. */
  public void rumourTuple(Key key, Key publisher) {
    rumour(new RumourKey('t', key, publisher), null);
  }

  /** Spreads a member's entry (a join, or a refuted death). */
  public void rumourMember(MemberEntry e) {
    rumour(new RumourKey('m', e.peer().id(), null), e);
  }

  private void rumourDead(DeadEntry d) {
    rumour(new RumourKey('d', d.id(), null), d);
  }

  // ---- the round ----

  /** Runs one round: heartbeat, evictions, gossip to members, one exchange with a foreign contact. */
  public void round() {
    rounds++;
    long now = ctx.clock().millis();
    heartbeat = Math.max(heartbeat + 1, now);
    for (GroupView.Member m : view.expired(now, options.failureTimeoutMillis())) {
      LOG.debug("{} evicts {}: not heard for {} ms", ctx.self().id().shortHex(8), m.peer().id().shortHex(8), m.ageMillis(now));
      ctx.stats().increment("kelips.evictions");
      declareDead(m.peer().id(), m.heartbeat());
    }
    expireObituaries(now);
    List<GroupView.Member> targets = view.sample(ctx.random(), options.fanout());
    boolean exchange = contacts.size() > 0;
    int parts = targets.size() + (exchange ? 1 : 0);
    if (parts == 0) {
      return;
    }
    int perMessage = options.gossipBytes() / parts;
    for (GroupView.Member m : targets) {
      KelipsMessages.Gossip g = build(perMessage, true);
      ctx.transport().send(m.peer(), g);
    }
    if (exchange && !exchangeInFlight) {
      exchange(contacts.random(ctx.random()), perMessage);
    }
  }

  /** Declares a node dead at {@code hb}: removes it, remembers it and spreads the news. */
  public void declareDead(Key id, long hb) {
    if (id.equals(ctx.self().id())) {
      return;
    }
    Obituary old = obituaries.get(id);
    if (old != null && old.heartbeat >= hb) {
      return;
    }
    obituaries.remove(id);
    obituaries.put(id, new Obituary(hb, ctx.clock().millis()));
    if (obituaries.size() > MAX_OBITUARIES) {
      Iterator<Key> it = obituaries.keySet().iterator();
      it.next();
      it.remove();
    }
    GroupView.Member m = view.get(id);
    if (m != null && m.heartbeat() <= hb) {
      view.remove(id);
    }
    ContactTable.Contact c = contacts.get(id);
    if (c != null && c.heartbeat() <= hb) {
      contacts.remove(id, ctx.clock().millis());
    }
    rumours.remove(new RumourKey('m', id, null));
    // Passed on even when it was not held here: other members may hold it as a contact.
    rumourDead(new DeadEntry(id, hb));
  }

  private void expireObituaries(long now) {
    long keep = 2 * options.failureTimeoutMillis();
    for (Iterator<Obituary> it = obituaries.values().iterator(); it.hasNext(); ) {
      if (now - it.next().atMillis > keep) {
        it.remove();
      } else {
        break; // insertion order is time order
      }
    }
  }

  /**
   * Builds one message within {@code budget} bytes: own entry, rumours oldest first, then random view
   * entries. Tuple rumours go only to the own group ({@code toGroup}).
   */
  KelipsMessages.Gossip build(int budget, boolean toGroup) {
    List<MemberEntry> members = new ArrayList<>();
    List<DeadEntry> dead = new ArrayList<>();
    List<Tuple> tuples = new ArrayList<>();
    Set<Key> listed = new HashSet<>();
    MemberEntry self = selfEntry();
    members.add(self);
    listed.add(self.peer().id());
    int used = 3 + self.encodedSize();
    // Rumours may take half the message: heartbeats must keep flowing while a burst of news drains,
    // or live members time out.
    int rumourBudget = view.size() > 0 ? budget / 2 : budget;
    for (Iterator<Map.Entry<RumourKey, Rumour>> it = rumours.entrySet().iterator(); it.hasNext() && used < rumourBudget; ) {
      Map.Entry<RumourKey, Rumour> e = it.next();
      RumourKey k = e.getKey();
      Rumour r = e.getValue();
      int size;
      switch (k.kind) {
        case 'm' -> {
          MemberEntry m = fresher((MemberEntry) r.payload);
          if (!toGroup && groups.groupOf(m.peer().id()) != ownGroup && contacts.get(m.peer().id()) == null) {
            continue; // foreign groups only care about our group and nodes we rely on
          }
          size = m.encodedSize();
          if (used + size > rumourBudget || !listed.add(m.peer().id())) {
            continue;
          }
          members.add(m);
        }
        case 'd' -> {
          size = DeadEntry.SIZE;
          if (used + size > rumourBudget) {
            continue;
          }
          dead.add((DeadEntry) r.payload);
        }
        default -> {
          if (!toGroup) {
            continue;
          }
          Tuple t = host.tupleForWire(k.a, k.b);
          if (t == null) {
            it.remove();
            continue;
          }
          size = t.encodedSize();
          if (used + size > rumourBudget && !tuples.isEmpty()) {
            continue; // a tuple bigger than the share still goes out, alone
          }
          if (used + size > budget) {
            continue;
          }
          tuples.add(t);
        }
      }
      used += size;
      if (--r.sendsLeft <= 0) {
        it.remove();
      }
    }
    // Share a few contacts, so a member that lost every contact of a group can refill it.
    if (toGroup && used < budget && contacts.size() > 0) {
      int room = Math.min(CONTACTS_SHARED, (budget - used) / Math.max(1, self.encodedSize()));
      for (int i = 0; i < room; i++) {
        ContactTable.Contact c = contacts.random(ctx.random());
        MemberEntry e = new MemberEntry(c.peer(), c.heartbeat());
        int size = e.encodedSize();
        if (used + size > budget) {
          break;
        }
        if (listed.add(c.peer().id())) {
          members.add(e);
          used += size;
        }
      }
    }
    // Fill the rest with random members so that heartbeats keep spreading.
    if (used < budget && view.size() > 0) {
      int room = (budget - used) / Math.max(1, self.encodedSize());
      for (GroupView.Member m : view.sample(ctx.random(), Math.min(room, view.size()))) {
        MemberEntry e = new MemberEntry(m.peer(), m.heartbeat());
        int size = e.encodedSize();
        if (used + size > budget) {
          break;
        }
        if (listed.add(m.peer().id())) {
          members.add(e);
          used += size;
        }
      }
    }
    return new KelipsMessages.Gossip(members, dead, tuples);
  }

  /** The entry with the freshest heartbeat known here (a rumour's payload may be older). */
  private MemberEntry fresher(MemberEntry e) {
    GroupView.Member m = view.get(e.peer().id());
    if (m != null && m.heartbeat() > e.heartbeat()) {
      return new MemberEntry(m.peer(), m.heartbeat());
    }
    ContactTable.Contact c = contacts.get(e.peer().id());
    if (c != null && c.heartbeat() > e.heartbeat()) {
      return new MemberEntry(c.peer(), c.heartbeat());
    }
    return e;
  }

  private void exchange(ContactTable.Contact c, int budget) {
    if (c == null) {
      return;
    }
    Peer to = c.peer();
    long t0 = ctx.clock().nanos();
    exchangeInFlight = true;
    ctx.transport().request(to, new ExchangeRequest(build(budget, false))).onComplete(ar -> {
      exchangeInFlight = false;
      if (ar.succeeded() && ar.result() instanceof ExchangeResponse resp) {
        contacts.rtt(to.id(), Math.max(1, ctx.clock().nanos() - t0));
        mergeMembers(resp.members());
      } else if (ar.failed()) {
        LOG.debug("exchange with contact {} failed: {}", to.id().shortHex(8), ar.cause().getMessage());
        contactFailed(to);
      }
    });
  }

  /**
   * A contact did not answer: forget it (gossip refills the slot). The heartbeat it had is remembered
   * here, so gossip repeating that heartbeat does not bring it back, but it is not spread: one failed
   * request is no proof of death, and its own group decides that.
   */
  public void contactFailed(Peer p) {
    ContactTable.Contact c = contacts.get(p.id());
    if (c == null) {
      return;
    }
    contacts.remove(p.id(), ctx.clock().millis());
    ctx.stats().increment("kelips.contacts.replaced");
    Obituary old = obituaries.get(p.id());
    if (old == null || old.heartbeat < c.heartbeat()) {
      obituaries.remove(p.id());
      obituaries.put(p.id(), new Obituary(c.heartbeat(), ctx.clock().millis()));
    }
  }

  /** The answer to a foreign node's exchange: own entry and a sample of the own group. */
  public ExchangeResponse answerExchange(int budget) {
    List<MemberEntry> out = new ArrayList<>();
    MemberEntry self = selfEntry();
    out.add(self);
    int room = Math.max(0, budget / self.encodedSize() - 1);
    for (GroupView.Member m : view.sample(ctx.random(), Math.min(room, view.size()))) {
      out.add(new MemberEntry(m.peer(), m.heartbeat()));
    }
    return new ExchangeResponse(out);
  }

  // ---- receiving ----

  /** Merges a gossip message (or the body of an exchange). */
  public void receive(KelipsMessages.Gossip g) {
    mergeMembers(g.members());
    for (DeadEntry d : g.dead()) {
      if (d.id().equals(ctx.self().id())) {
        if (d.heartbeat() >= heartbeat) {
          heartbeat = d.heartbeat() + 1;
        }
        rumourMember(selfEntry()); // refute: I am alive
        continue;
      }
      declareDead(d.id(), d.heartbeat());
    }
    for (Tuple t : g.tuples()) {
      if (host.acceptTuple(t)) {
        rumourTuple(t.key(), t.publisher());
      }
    }
  }

  /** Merges membership entries from gossip, an exchange or a join. */
  public void mergeMembers(List<MemberEntry> entries) {
    long now = ctx.clock().millis();
    for (MemberEntry e : entries) {
      merge(e, now);
    }
  }

  private void merge(MemberEntry e, long now) {
    Key id = e.peer().id();
    if (id.equals(ctx.self().id())) {
      return;
    }
    Obituary o = obituaries.get(id);
    if (o != null) {
      if (o.heartbeat >= e.heartbeat()) {
        return;
      }
      obituaries.remove(id); // alive again, with a fresher heartbeat
    }
    int g = groups.groupOf(id);
    if (g == ownGroup) {
      if (view.update(e.peer(), e.heartbeat(), now) == GroupView.Update.NEW) {
        rumourMember(e);
        host.memberJoined(e.peer());
      }
      return;
    }
    boolean wasKnown = contacts.known(g, now);
    if (contacts.offer(e.peer(), e.heartbeat()) == ContactTable.Offer.ADDED) {
      rumourMember(e);
      if (!wasKnown) {
        host.groupAppeared(g);
      }
    }
  }
}
