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
 * Membership and dissemination within the own affinity group, and exchanges with foreign contacts.
 *
 * <p>Gossip sends news, not views. Every round a node probes one member of its group (round robin over
 * its view, a suspected member first) with a {@code kelips.ping} that carries the round's gossip, sends
 * {@code fanout} gossip messages to random members only while it has rumours to spread, and exchanges
 * once with a random foreign contact (a request, so it also checks the contact and times its round
 * trip). All messages of a round together stay within the byte budget. A message carries the sender's
 * own entry, then <em>rumours</em> (joins, refuted deaths, failures, new tuples) oldest first, then one
 * shared contact. A rumour is sent a fixed number of times — log₂ of the group's size plus a margin — and
 * then dropped ("rumour ageing"); what a member misses is repaired by anti-entropy for
 * tuples ({@link KelipsRouting}) and by the probes for membership: every member is probed by every other
 * within about a group's size of rounds, and the probe carries the prober's entry.
 *
 * <p>Failure detection is by probes, as in SWIM, not by heartbeats that rise every round: a member
 * that fails {@value #FAILED_PROBES_TO_DEATH} probes in a row (each waiting a third of the failure
 * timeout) is declared dead, and the failure rumour spreads. Steady-state traffic is therefore constant
 * in the group's size. A node's heartbeat is its incarnation: the node clock when it started, raised only
 * to refute a death rumour about itself (which it hears from gossip, or in the answer to its own probe of
 * a member that holds its obituary), so a node that restarts with the same id is fresher than anything
 * said about its previous run. Obituaries (the heartbeat at which a node was declared dead) stop stale
 * gossip from bringing it back, and are forgotten after two failure timeouts.
 */
public final class Gossip {

  private static final Logger LOG = LoggerFactory.getLogger(Gossip.class);

  /** Most rumours queued; beyond it the oldest is dropped (anti-entropy repairs what it carried). */
  public static final int MAX_RUMOURS = 10_000;
  /** Most obituaries remembered. */
  public static final int MAX_OBITUARIES = 10_000;
  /** Contacts shared in each gossip message to the own group. */
  public static final int CONTACTS_SHARED = 1;
  /** Members of its own group a contact returns in an exchange, besides itself. */
  public static final int EXCHANGE_SAMPLE = 1;

  /** What gossip needs from the routing strategy. */
  public interface Host {
    /** A tuple arrived by gossip; true if it was new here (then it is passed on). */
    boolean acceptTuple(Tuple t);

    /** The held tuple of (key, publisher) ready for the wire (record attached when inline), or null. */
    Tuple tupleForWire(Key key, Key publisher);

    /** Group {@code g} gained its first known contact. */
    void groupAppeared(int g);

    /** Group {@code g} no longer counts as having members: its keys now live in the next group. */
    void groupVanished(int g);
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
  /** Members whose last probes failed, with the number of failures in a row. */
  private final LinkedHashMap<Key, Integer> suspects = new LinkedHashMap<>();
  /** Members with a probe waiting for its answer. */
  private final Set<Key> probing = new HashSet<>();
  /**
   * Where this node's round robin over its view stands. It starts at a place drawn from the node's id:
   * members whose views list the group in the same order would otherwise probe the same member in the
   * same round, so a crashed member could go unprobed for many rounds and then be found by many at once.
   */
  private int probeCursor;
  /** The freshest verified entry of every node held, so entries are forwarded with their signatures. */
  private final EntryTable entries = new EntryTable();
  private MemberEntry self;
  private long verifications;

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
    this.probeCursor = ctx.self().id().mod(1 << 20);
  }

  /** This node's current heartbeat. */
  public long heartbeat() {
    return heartbeat;
  }

  /** This node's own entry. */
  public MemberEntry selfEntry() {
    if (self == null || self.heartbeat() != heartbeat) {
      self = MemberEntry.signed(ctx.signer(), ctx.self(), heartbeat);
    }
    return self;
  }

  /** The verified, signed entry of a node held here (member, contact, spare or candidate), or null. */
  public MemberEntry entryOf(Key id) {
    return entries.get(id);
  }

  /** Signatures of membership entries checked so far (each (node, heartbeat) is checked once). */
  public long verifications() {
    return verifications;
  }

  private boolean ownGroupOf(Key id) {
    return groups.groupOf(id) == ownGroup;
  }

  /**
   * Forgets the signed entries of nodes no longer held anywhere, once they outnumber what the tables can
   * hold (so the cache is bounded by the tables, and rarely scanned).
   */
  void pruneEntries() {
    if (entries.size() > view.size() + 3 * contacts.size() + ContactTable.MAX_CANDIDATES + 64) {
      entries.removeIf(id -> !view.contains(id) && !contacts.holds(id));
    }
  }

  /** Rounds run so far. */
  public long rounds() {
    return rounds;
  }

  /** Rumours waiting to be sent. */
  public int pendingRumours() {
    return rumours.size();
  }

  /**
   * How many messages carry a rumour from this node: ⌈log₂ g⌉ + 2 in all (push rumour mongering reaches
   * every member of a group of g with high probability when each informed member forwards to about log g
   * others; anti-entropy and probes repair the rare miss).
   */
  private int sendsPerRumour() {
    int g = view.size() + 1;
    int log2 = 32 - Integer.numberOfLeadingZeros(g);
    return log2 + 2;
  }

  private void rumour(RumourKey key, Object payload) {
    rumour(key, payload, sendsPerRumour());
  }

  private void rumour(RumourKey key, Object payload, int sends) {
    rumours.remove(key);
    rumours.put(key, new Rumour(payload, sends));
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

  /**
   * Spreads a death. Sent twice as often as other rumours: with ⌈log₂ g⌉ + 2 sends about one member in
   * 500 of a small group missed it (measured: N = 1,000, groups of ≈ 15–38) and kept the dead member
   * until its own round robin of probes reached it, up to g rounds; deaths are rare and 29 bytes each.
   */
  private void rumourDead(DeadEntry d) {
    rumour(new RumourKey('d', d.id(), null), d, 2 * sendsPerRumour());
  }

  // ---- the round ----

  /**
   * Runs one round: one probe of a group member (with the round's gossip riding on it), rumours to
   * {@code fanout} members when there are any, and one exchange with a foreign contact.
   */
  public void round() {
    rounds++;
    long now = ctx.clock().millis();
    expireObituaries(now);
    if (rounds % options.syncRounds() == 0) {
      pruneEntries();
    }
    boolean exchange = contacts.size() > 0;
    boolean news = hasGroupNews();
    List<GroupView.Member> targets = news ? view.sample(ctx.random(), options.fanout()) : List.of();
    int parts = 1 + targets.size() + (exchange ? 1 : 0);
    int perMessage = options.gossipBytes() / parts;
    probe(now, perMessage);
    for (GroupView.Member m : targets) {
      if (!hasGroupNews()) {
        break; // the probe or an earlier message took the last rumour
      }
      ctx.transport().send(m.peer(), build(perMessage, true, true));
    }
    if (exchange && !exchangeInFlight) {
      exchange(contacts.random(ctx.random()), perMessage);
    }
  }

  private boolean hasGroupNews() {
    return !rumours.isEmpty();
  }

  /** Rumours a message may turn away for want of room before it counts as full. */
  static final int MAX_MISFITS = 8;

  /** Most probes waiting for an answer at once. */
  static final int MAX_PROBES_IN_FLIGHT = 3;
  /** Failed probes in a row after which a member is declared dead. */
  static final int FAILED_PROBES_TO_DEATH = 2;

  /**
   * Probes the next member, round robin over the view (a suspected member first): a member that fails
   * {@value #FAILED_PROBES_TO_DEATH} probes in a row is declared dead. Each probe carries gossip.
   */
  private void probe(long now, int budget) {
    if (view.size() == 0 || probing.size() >= MAX_PROBES_IN_FLIGHT) {
      return;
    }
    GroupView.Member target = null;
    for (Key id : suspects.keySet()) {
      GroupView.Member m = view.get(id);
      if (m != null && !probing.contains(id)) {
        target = m;
        break;
      }
    }
    for (int tries = 0; target == null && tries < view.size(); tries++) {
      GroupView.Member m = view.members().get(Math.floorMod(probeCursor++, view.size()));
      if (!probing.contains(m.peer().id())) {
        target = m;
      }
    }
    if (target == null) {
      return;
    }
    Peer to = target.peer();
    long hb = target.heartbeat();
    long t0 = ctx.clock().nanos();
    probing.add(to.id());
    ctx.transport().request(to, new KelipsMessages.Ping(build(budget, true, false), contacts.randomUnknownGroup(ctx.random())), probeTimeoutMillis()).onComplete(ar -> {
      probing.remove(to.id());
      if (ar.succeeded() && ar.result() instanceof KelipsMessages.Pong p) {
        suspects.remove(to.id());
        view.heard(to.id(), ctx.clock().millis());
        view.rtt(to.id(), Math.max(1, ctx.clock().nanos() - t0));
        receive(p.gossip());
        return;
      }
      int failed = suspects.merge(to.id(), 1, Integer::sum);
      ctx.stats().increment("kelips.probes.failed");
      if (failed >= FAILED_PROBES_TO_DEATH) {
        suspects.remove(to.id());
        GroupView.Member m = view.get(to.id());
        if (m != null && m.heartbeat() <= hb) {
          LOG.debug("{} evicts {}: {} probes failed", ctx.self().id().shortHex(8), to.id().shortHex(8), failed);
          ctx.stats().increment("kelips.evictions");
          declareDead(to.id(), hb);
        }
      }
    });
  }

  /** How long a probe waits: a third of the failure timeout, at most the request timeout. */
  long probeTimeoutMillis() {
    return Math.max(1, Math.min(ctx.requestTimeoutMillis(), options.failureTimeoutMillis() / 3));
  }

  /**
   * The answer to a probe from {@code from}: a contact in the group the prober lacks, if held here, and
   * the obituary this node holds of the prober, if any, so that a node declared dead by mistake refutes
   * it.
   */
  public KelipsMessages.Pong answerPing(Peer from, KelipsMessages.Ping ping) {
    KelipsMessages.Gossip g = ping.gossip();
    Obituary o = obituaries.get(from.id());
    long claimed = Long.MIN_VALUE;
    for (MemberEntry e : g.members()) {
      if (e.peer().id().equals(from.id())) {
        claimed = e.heartbeat();
      }
    }
    receive(g);
    List<DeadEntry> dead = o != null && o.heartbeat >= claimed ? List.of(new DeadEntry(from.id(), o.heartbeat)) : List.of();
    // The prober holds this node already (it probed it): only an obituary and the contact it lacks are
    // news to it.
    List<MemberEntry> wanted = new ArrayList<>(1);
    int w = ping.wantGroup();
    if (w >= 0 && w < groups.count() && w != ownGroup) {
      for (ContactTable.Contact c : contacts.of(w)) {
        MemberEntry e = entries.get(c.peer().id());
        if (e != null) {
          wanted.add(e);
          break;
        }
      }
    }
    return new KelipsMessages.Pong(new KelipsMessages.Gossip(wanted, dead, List.of()));
  }

  /** Declares a node dead at {@code hb}: removes it, remembers it and spreads the news. */
  public void declareDead(Key id, long hb) {
    declareDead(id, hb, false);
  }

  /**
   * Declares a node dead (or gone) at {@code hb}. With {@code lastOfGroup} the node left as the last
   * member of its group: if no other contact of that group is held, the group is empty from now on.
   */
  public void declareDead(Key id, long hb, boolean lastOfGroup) {
    if (id.equals(ctx.self().id())) {
      return;
    }
    Obituary old = obituaries.get(id);
    if (old != null && old.heartbeat >= hb) {
      // Known dead already (a failed request, a plain rumour); that the group emptied is still news.
      if (lastOfGroup && old.heartbeat == hb && groupEmptied(id)) {
        rumourDead(new DeadEntry(id, hb, true));
      }
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
    suspects.remove(id);
    if (lastOfGroup) {
      groupEmptied(id);
    }
    // Passed on even when it was not held here: other members may hold it as a contact.
    rumourDead(new DeadEntry(id, hb, lastOfGroup));
  }

  /** The last member of a foreign group left: true if that emptied the group here. */
  private boolean groupEmptied(Key id) {
    int g = groups.groupOf(id);
    if (g == ownGroup || !contacts.markEmpty(g, ctx.clock().millis())) {
      return false;
    }
    host.groupVanished(g);
    return true;
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
   * entries. Tuple rumours go only to the own group ({@code toGroup}); {@code share} adds a contact.
   */
  KelipsMessages.Gossip build(int budget, boolean toGroup, boolean share) {
    List<MemberEntry> members = new ArrayList<>();
    List<DeadEntry> dead = new ArrayList<>();
    List<Tuple> tuples = new ArrayList<>();
    Set<Key> listed = new HashSet<>();
    MemberEntry self = selfEntry();
    members.add(self);
    listed.add(self.peer().id());
    int used = 3 + self.encodedSize();
    // Rumours may take the whole message: liveness does not depend on gossip (probes check it), so a
    // burst of news drains at the full budget.
    // A message that has turned away MAX_MISFITS rumours for want of room stops looking: after a join
    // burst the queue holds hundreds of rumours per node, and walking all of them for every message
    // was most of a large simulation's time.
    int misfits = 0;
    for (Iterator<Map.Entry<RumourKey, Rumour>> it = rumours.entrySet().iterator();
        it.hasNext() && budget - used >= DeadEntry.SIZE && misfits < MAX_MISFITS; ) {
      Map.Entry<RumourKey, Rumour> e = it.next();
      RumourKey k = e.getKey();
      Rumour r = e.getValue();
      int size;
      switch (k.kind) {
        case 'm' -> {
          Key id = k.a;
          if (!toGroup && groups.groupOf(id) != ownGroup && !contacts.contains(id)) {
            continue; // foreign groups only care about our group and nodes we rely on
          }
          MemberEntry m = fresher((MemberEntry) r.payload);
          size = m.encodedSize();
          if (used + size > budget) {
            misfits++;
            continue;
          }
          if (!listed.add(id)) {
            continue;
          }
          members.add(m);
        }
        case 'd' -> {
          size = DeadEntry.SIZE;
          if (used + size > budget) {
            misfits++;
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
          if (used + size > budget) {
            misfits++;
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
    // Share a contact, so a member that lost every contact of a group can refill it.
    if (share && used < budget && contacts.size() > 0) {
      int room = Math.min(CONTACTS_SHARED, (budget - used) / Math.max(1, self.encodedSize()));
      for (int i = 0; i < room; i++) {
        ContactTable.Contact c = contacts.random(ctx.random());
        MemberEntry e = entries.get(c.peer().id());
        if (e == null) {
          continue;
        }
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
    return new KelipsMessages.Gossip(members, dead, tuples);
  }

  /** The entry with the freshest heartbeat known here (a rumour's payload may be older). */
  private MemberEntry fresher(MemberEntry e) {
    MemberEntry known = entries.get(e.peer().id());
    return known != null && known.heartbeat() > e.heartbeat() ? known : e;
  }

  private void exchange(ContactTable.Contact c, int budget) {
    if (c == null) {
      return;
    }
    Peer to = c.peer();
    long t0 = ctx.clock().nanos();
    exchangeInFlight = true;
    ctx.transport().request(to, new ExchangeRequest(build(budget, false, false))).onComplete(ar -> {
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

  /**
   * The answer to a foreign node's exchange: own entry, a random member of the own group (a spare
   * contact for the asker) and a node of the asker's own group held here as a contact other than the
   * asker (so a node that its own group lost track of, or that joined an empty group, finds its group).
   */
  public ExchangeResponse answerExchange(Peer from) {
    List<MemberEntry> out = new ArrayList<>();
    out.add(selfEntry());
    // One more entry: usually a member of this group (a spare contact for the asker); one time in
    // four a node of the asker's own group held here as a contact.
    int g = groups.groupOf(from.id());
    if (g != ownGroup && ctx.random().nextInt(4) == 0) {
      for (ContactTable.Contact c : contacts.of(g)) {
        MemberEntry e = entries.get(c.peer().id());
        if (!c.peer().id().equals(from.id()) && e != null) {
          out.add(e);
          break;
        }
      }
    }
    if (out.size() == 1) {
      for (GroupView.Member m : view.sample(ctx.random(), Math.min(EXCHANGE_SAMPLE, view.size()))) {
        MemberEntry e = entries.get(m.peer().id());
        if (e != null) {
          out.add(e);
        }
      }
    }
    return new ExchangeResponse(out);
  }

  // ---- receiving ----

  /** Merges a gossip message (or the body of an exchange). */
  public void receive(KelipsMessages.Gossip g) {
    mergeMembers(g.members());
    for (DeadEntry d : g.dead()) {
      if (d.id().equals(ctx.self().id())) {
        if (d.heartbeat() > heartbeat) {
          ctx.stats().increment("kelips.entries.forged"); // an obituary for a heartbeat this node never signed
          continue;
        }
        heartbeat = Math.max(heartbeat + 1, ctx.clock().millis());
        rumourMember(selfEntry()); // refute: I am alive
        continue;
      }
      // Only a death at a heartbeat the node itself signed counts (it can refute it); deaths of nodes not
      // held here are neither applied nor passed on.
      MemberEntry known = entries.get(d.id());
      if (known == null) {
        continue;
      }
      if (d.heartbeat() > known.heartbeat()) {
        // Dead at an incarnation not seen here: unproven, but worth a probe now rather than when the
        // round robin comes to it (up to g rounds later).
        if (view.contains(d.id())) {
          suspects.putIfAbsent(d.id(), 0);
        }
        continue;
      }
      declareDead(d.id(), d.heartbeat(), d.lastOfGroup());
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
    MemberEntry known = entries.get(id);
    if (known != null && known.heartbeat() >= e.heartbeat()) {
      e = known; // checked already: no second verification
    } else {
      GroupView.Member held = ownGroupOf(id) ? view.get(id) : null;
      boolean useful = ownGroupOf(id) ? held == null || held.heartbeat() < e.heartbeat() : contacts.wants(e.peer(), e.heartbeat());
      if (!useful) {
        return; // nothing here would change: no need to check its signature
      }
      verifications++;
      ctx.stats().increment("kelips.entries.verified");
      if (!e.verify(ctx.verifier())) {
        ctx.stats().increment("kelips.entries.forged");
        LOG.debug("{} drops an entry of {} with a bad signature", ctx.self().id().shortHex(8), id.shortHex(8));
        return;
      }
      entries.put(e);
    }
    int g = groups.groupOf(id);
    if (g == ownGroup) {
      // A newcomer's RTT comes with its first probe of the round robin: probing each one at once
      // cost g probes per node in a join burst, for an order of relays that is rarely used.
      if (view.update(e.peer(), e.heartbeat(), now) == GroupView.Update.NEW) {
        rumourMember(e);
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
