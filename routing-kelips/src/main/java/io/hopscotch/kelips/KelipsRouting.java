package io.hopscotch.kelips;

import io.hopscotch.core.Address;
import io.hopscotch.core.HopscotchException;
import io.hopscotch.core.InvalidRecordException;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.spi.Lookup;
import io.hopscotch.core.spi.PeerUnreachableException;
import io.hopscotch.core.spi.RequestTimeoutException;
import io.hopscotch.core.spi.RoutingStrategy;
import io.hopscotch.core.spi.StrategyContext;
import io.hopscotch.core.spi.Timers;
import io.hopscotch.core.wire.Message;
import io.hopscotch.core.wire.MessageType;
import io.hopscotch.kelips.KelipsMessages.DigestRequest;
import io.hopscotch.kelips.KelipsMessages.DigestResponse;
import io.hopscotch.kelips.KelipsMessages.ExchangeRequest;
import io.hopscotch.kelips.KelipsMessages.FetchRequest;
import io.hopscotch.kelips.KelipsMessages.FetchResponse;
import io.hopscotch.kelips.KelipsMessages.InsertRequest;
import io.hopscotch.kelips.KelipsMessages.InsertResponse;
import io.hopscotch.kelips.KelipsMessages.JoinRequest;
import io.hopscotch.kelips.KelipsMessages.JoinResponse;
import io.hopscotch.kelips.KelipsMessages.Leave;
import io.hopscotch.kelips.KelipsMessages.LookupRequest;
import io.hopscotch.kelips.KelipsMessages.LookupResponse;
import io.hopscotch.kelips.KelipsMessages.MemberEntry;
import io.hopscotch.kelips.KelipsMessages.SearchRequest;
import io.hopscotch.kelips.KelipsMessages.SearchResponse;
import io.hopscotch.kelips.KelipsMessages.SyncRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kelips (Gupta, Birman, Linga, van Renesse, IPTPS 2003), routing name {@code kelips}: k affinity
 * groups; each node knows every member of its own group, a few contacts in every other group and the
 * file tuples of its group, all kept fresh by gossip, so a lookup takes one hop.
 *
 * <ul>
 *   <li><b>Placement.</b> An item stays at its publisher (its local store). Its tuple — key, owner,
 *       version, keywords and, when the record is at most {@code inline-max-bytes} and
 *       {@code inline-values} is on, the whole signed record — is inserted at a contact in the key's home
 *       group ({@link AffinityGroups#home}) and spread to every member of that group by gossip. With the
 *       record inline, {@code get} is answered by the contact alone and survives the publisher's crash;
 *       members verify the record (through the local store) before they keep it. A key holds one tuple
 *       per publisher; tombstones travel like tuples.</li>
 *   <li><b>Lookup.</b> Ask the fastest contact in the home group (one hop). When it fails, the next
 *       contact, then a member of the own group that looks up on our behalf (two hops). Hops count every
 *       node contacted after the origin until the one that answered, failed ones included, plus one when
 *       a value must be fetched from its owner (a tuple without its record).</li>
 *   <li><b>Search.</b> Tuples carry the record's keywords; a search asks one contact per known group in
 *       parallel (√N requests) and answers from its own tuples for its group, until the limit or the
 *       deadline.</li>
 *   <li><b>Maintenance.</b> {@link Gossip} rounds (a probe of one member, news to a few, an exchange with
 *       one foreign contact; membership entries signed by their nodes); every {@code sync-rounds} rounds
 *       tuple anti-entropy ({@code TupleSync}) with a
 *       random member (bucket digests, then pull of the differing buckets), expiry of tuples, a retry of
 *       tuples not yet placed and one RTT probe of a contact candidate; every {@code republish-ms} the
 *       publisher re-inserts its live tuples. When a group that looked empty gains a member, the tuples
 *       held for it elsewhere are handed over.</li>
 * </ul>
 */
public final class KelipsRouting implements RoutingStrategy, Gossip.Host {

  private static final Logger LOG = LoggerFactory.getLogger(KelipsRouting.class);

  /** Most tuples waiting for a home group that answers. */
  static final int MAX_PENDING = 10_000;
  /** Members of the own group a lookup or insert may go through when every contact failed. */
  static final int RELAYS = 2;
  /** Passes over the bootstrap list when every address timed out (a busy or cold-starting bootstrap). */
  static final int JOIN_PASSES = 3;
  /** Pause before another pass over the bootstrap list, in milliseconds. */
  static final long JOIN_RETRY_MILLIS = 500;

  private final KelipsOptions options;
  private final AffinityGroups groups;
  private StrategyContext ctx;
  private int ownGroup;
  private GroupView view;
  private ContactTable contacts;
  private TupleStore tuples;
  private Gossip gossip;
  private TupleSync sync;
  private Asking asking;
  /** Own tuples (by key) whose home group did not answer yet. */
  private final Map<Key, Tuple> pending = new LinkedHashMap<>();
  private Timers.Timer gossipTimer;
  private Timers.Timer republishTimer;
  private boolean closed;

  /** A strategy with parsed options; {@link #init} gives it its context. */
  public KelipsRouting(KelipsOptions options) {
    this.options = options;
    this.groups = new AffinityGroups(options.groups());
  }

  @Override
  public String name() {
    return KelipsProvider.NAME;
  }

  @Override
  public List<MessageType<?>> messageTypes() {
    return KelipsMessages.types();
  }

  @Override
  public void init(StrategyContext context) {
    this.ctx = context;
    this.ownGroup = groups.groupOf(context.self().id());
    this.view = new GroupView(GroupView.MAX_MEMBERS);
    this.contacts = new ContactTable(groups, ownGroup, options.contacts(), 2 * options.failureTimeoutMillis());
    this.tuples = new TupleStore(options.maxTuples());
    this.gossip = new Gossip(context, options, groups, view, contacts, this);
    this.asking = new Asking(context, view, gossip, RELAYS);
    this.sync = new TupleSync(context, view, tuples, gossip, this, () -> closed);
  }

  // ---- join and leave ----

  @Override
  public Future<Void> join(List<Address> bootstrap) {
    startTimers();
    if (bootstrap.isEmpty()) {
      return Future.succeededFuture();
    }
    return joinThrough(bootstrap, 0, 0, null).compose(v -> {
      GroupView.Member m = view.random(ctx.random());
      if (m == null) {
        return Future.succeededFuture();
      }
      // The bootstrap knew our group only through its contacts: a member of the group gives us the
      // whole view and its contacts at once, instead of a group's size of rounds of probes.
      return welcome(m.peer()).compose(x -> sync.pullAll(m.peer()));
    });
  }

  /** Asks a member of the own group for its view and contacts (a second join request); never fails. */
  private Future<Void> welcome(Peer member) {
    return ctx.transport().request(member, new JoinRequest(groups.count(), gossip.selfEntry())).compose(resp -> {
      if (resp instanceof JoinResponse r && r.groups() == groups.count()) {
        List<MemberEntry> all = new ArrayList<>(r.members());
        all.add(0, r.self());
        gossip.mergeMembers(all);
      }
      return Future.<Void>succeededFuture();
    }).recover(e -> Future.succeededFuture());
  }

  /** Tries each bootstrap address in turn, the whole list up to {@link #JOIN_PASSES} times while they time out or cannot be reached. */
  private Future<Void> joinThrough(List<Address> bootstrap, int i, int pass, Throwable last) {
    if (i >= bootstrap.size() && pass + 1 < JOIN_PASSES && !closed
        && (last instanceof RequestTimeoutException || last instanceof PeerUnreachableException)) {
      Promise<Void> again = Promise.promise();
      ctx.timers().once(JOIN_RETRY_MILLIS, () -> joinThrough(bootstrap, 0, pass + 1, last).onComplete(again));
      return again.future();
    }
    if (i >= bootstrap.size()) {
      return Future.failedFuture(new HopscotchException("no bootstrap peer among " + bootstrap + " answered"
          + (last == null ? "" : ": " + last.getMessage()), last));
    }
    Address a = bootstrap.get(i);
    return ctx.transport().request(a, new JoinRequest(groups.count(), gossip.selfEntry()), ctx.requestTimeoutMillis())
        .transform(ar -> {
          if (ar.failed()) {
            return joinThrough(bootstrap, i + 1, pass, ar.cause());
          }
          if (!(ar.result() instanceof JoinResponse r)) {
            return joinThrough(bootstrap, i + 1, pass, new HopscotchException("unexpected answer " + ar.result().type() + " from " + a));
          }
          if (r.groups() != groups.count()) {
            return Future.failedFuture(new HopscotchException("bootstrap " + a + " runs kelips with " + r.groups()
                + " groups but this node has " + groups.count() + ": every node of an overlay needs the same groups/expected-size"));
          }
          List<MemberEntry> all = new ArrayList<>(r.members());
          all.add(0, r.self());
          gossip.mergeMembers(all);
          LOG.debug("{} joined group {} of {} through {}: {} members, {} contacts", ctx.self().id().shortHex(8), ownGroup,
              groups.count(), a, view.size(), contacts.size());
          return Future.<Void>succeededFuture();
        });
  }

  private void startTimers() {
    if (gossipTimer == null) {
      long p = options.gossipMillis();
      gossipTimer = ctx.timers().periodic(p, p / 10, this::round);
      if (options.republishMillis() > 0) {
        long r = options.republishMillis();
        republishTimer = ctx.timers().periodic(r, r / 10, this::republish);
      }
    }
  }

  private Future<Message> onJoin(Peer from, JoinRequest j) {
    if (j.groups() != groups.count()) {
      return Future.failedFuture(new HopscotchException("this node runs kelips with " + groups.count() + " groups, the joining node "
          + from + " with " + j.groups() + ": every node of an overlay needs the same groups/expected-size"));
    }
    MemberEntry joiner = j.self();
    List<MemberEntry> known = new ArrayList<>(view.size() + contacts.size());
    for (GroupView.Member m : view.members()) {
      MemberEntry e = gossip.entryOf(m.peer().id());
      if (e != null) {
        known.add(e);
      }
    }
    for (ContactTable.Contact c : contacts.all()) {
      if (known.size() >= KelipsMessages.MAX_ENTRIES) {
        break;
      }
      MemberEntry e = gossip.entryOf(c.peer().id());
      if (e != null) {
        known.add(e);
      }
    }
    if (known.size() > KelipsMessages.MAX_ENTRIES) {
      known = known.subList(0, KelipsMessages.MAX_ENTRIES);
    }
    JoinResponse r = new JoinResponse(groups.count(), gossip.selfEntry(), known);
    gossip.mergeMembers(List.of(joiner));
    ctx.stats().increment("kelips.joins.served");
    return Future.succeededFuture(r);
  }

  @Override
  public Future<Void> leave() {
    // With no other member known, the group empties: say so, and hand its tuples to the next group.
    boolean last = view.size() == 0;
    Leave bye = new Leave(gossip.heartbeat(), last);
    for (GroupView.Member m : view.members()) {
      ctx.transport().send(m.peer(), bye);
    }
    // Our contacts' groups likely hold us as a contact too; they spread the news there.
    for (ContactTable.Contact c : contacts.all()) {
      ctx.transport().send(c.peer(), bye);
    }
    Future<Void> handed = last ? handOff() : Future.succeededFuture();
    return handed.transform(ar -> {
      close();
      return Future.succeededFuture();
    });
  }

  /**
   * The last member of a group leaves: every tuple it holds goes to the group that becomes the key's
   * home, so that no item whose publisher is alive (or whose record travels with its tuple) is lost.
   * Completes when every insert was answered or failed; never fails.
   */
  private Future<Void> handOff() {
    long now = ctx.clock().millis();
    List<Future<Integer>> sent = new ArrayList<>();
    for (Tuple t : tuples.all()) {
      int to = groups.home(t.key(), -1, c -> c != ownGroup && contacts.known(c, now));
      Tuple w = tupleForWire(t.key(), t.publisher());
      if (to >= 0 && w != null) {
        sent.add(insertRemote(w, to, false));
      }
    }
    if (sent.isEmpty()) {
      return Future.succeededFuture();
    }
    return Future.join(sent).transform(ar -> {
      int ok = 0;
      for (Future<Integer> f : sent) {
        ok += f.succeeded() ? 1 : 0;
      }
      ctx.stats().add("kelips.tuples.handedOff", ok);
      if (ok < sent.size()) {
        LOG.info("{} left as the last member of group {}: {} of {} tuples could not be handed to the next group",
            ctx.self().id().shortHex(8), ownGroup, sent.size() - ok, sent.size());
      }
      return Future.succeededFuture();
    });
  }

  @Override
  public void close() {
    closed = true;
    if (gossipTimer != null) {
      gossipTimer.cancel();
    }
    if (republishTimer != null) {
      republishTimer.cancel();
    }
  }

  // ---- maintenance ----

  private void round() {
    if (closed) {
      return;
    }
    gossip.round();
    if (gossip.rounds() % options.syncRounds() == 0) {
      long now = ctx.clock().millis();
      tuples.purgeExpired(now);
      ctx.store().purgeExpired();
      sync.antiEntropy();
      retryPending();
      for (int g : contacts.vanished(now)) {
        groupVanished(g);
      }
    }
    probeCandidate();
  }

  private void probeCandidate() {
    Peer p = contacts.nextCandidate();
    if (p == null) {
      return;
    }
    ctx.probe(p, 0).onSuccess(r -> {
      if (contacts.consider(p, r.rttNanos())) {
        ctx.stats().increment("kelips.contacts.closer");
      }
    });
  }

  private void republish() {
    if (closed) {
      return;
    }
    reinsertOwn(key -> true);
  }

  /** Inserts again the tuple of every live record this node published whose key passes {@code which}. */
  private int reinsertOwn(Predicate<Key> which) {
    long now = ctx.clock().millis();
    int n = 0;
    for (Record r : ctx.store().all()) {
      if (r.publisher().equals(ctx.self().id()) && r.expiresAtMillis() > now && which.test(r.key())) {
        insert(tupleOf(r));
        n++;
      }
    }
    return n;
  }

  private void retryPending() {
    if (pending.isEmpty()) {
      return;
    }
    List<Tuple> again = new ArrayList<>(pending.values());
    pending.clear();
    for (Tuple t : again) {
      Tuple current = tupleFromStore(t);
      if (current != null) {
        insert(current);
      }
    }
  }

  /** The pending tuple again, with its record if still held (a newer put may have replaced it). */
  private Tuple tupleFromStore(Tuple t) {
    Record r = ctx.store().get(t.key(), t.publisher());
    if (r == null || r.version() != t.version() || r.expiresAtMillis() <= ctx.clock().millis()) {
      return null;
    }
    return tupleOf(r);
  }

  // ---- Gossip.Host ----

  @Override
  public boolean acceptTuple(Tuple t) {
    if (home(t.key()) != ownGroup) {
      return false;
    }
    return acceptLocal(t);
  }

  /** Keeps a tuple of this group; true if it was new or newer. */
  private boolean acceptLocal(Tuple t) {
    long now = ctx.clock().millis();
    Tuple old = tuples.get(t.key(), t.publisher());
    if ((old != null && !t.supersedes(old)) || t.expiresAtMillis() <= now) {
      return false;
    }
    Tuple keep = t;
    if (t.record() != null && !t.publisher().equals(ctx.self().id())) {
      try {
        ctx.store().put(t.record());
      } catch (InvalidRecordException e) {
        try {
          t.record().verify(ctx.verifier(), Math.max(ctx.store().maxValueBytes(), t.size()), now);
        } catch (InvalidRecordException bad) {
          LOG.debug("{} refuses tuple {}: {}", ctx.self().id().shortHex(8), t.key(), bad.getMessage());
          ctx.stats().increment("kelips.tuples.refused");
          return false;
        }
        keep = t.withRecord(null); // the store is full: keep a pointer to the owner
      }
    }
    TupleStore.Merge m = tuples.merge(keep, now);
    if (m == TupleStore.Merge.FULL) {
      ctx.stats().increment("kelips.tuples.full");
      if (!t.publisher().equals(ctx.self().id())) {
        ctx.store().remove(t.key(), t.publisher());
      }
      return false;
    }
    return m == TupleStore.Merge.NEW || m == TupleStore.Merge.NEWER;
  }

  @Override
  public Tuple tupleForWire(Key key, Key publisher) {
    Tuple t = tuples.get(key, publisher);
    if (t == null) {
      return null;
    }
    if (!t.inline()) {
      return t;
    }
    Record r = ctx.store().get(key, publisher);
    return t.withRecord(r != null && r.version() == t.version() ? r : null);
  }

  @Override
  public void groupAppeared(int g) {
    if (tuples.size() == 0) {
      return;
    }
    // Tuples held here for a group that looked empty go back to it.
    for (Tuple t : tuples.all()) {
      if (home(t.key()) == g) {
        Tuple w = tupleForWire(t.key(), t.publisher());
        insertRemote(w, g, true).onSuccess(h -> {
          Tuple now = tuples.get(t.key(), t.publisher());
          if (now != null && now.version() == t.version() && home(t.key()) != ownGroup) {
            tuples.remove(t.key(), t.publisher());
            if (!t.publisher().equals(ctx.self().id())) {
              ctx.store().remove(t.key(), t.publisher());
            }
            ctx.stats().increment("kelips.tuples.rehomed");
          }
        });
      }
    }
  }

  @Override
  public void groupVanished(int g) {
    // Items of the group that emptied are found in the next group from now on: put ours there. (Tuples
    // of others' items come from their publishers, or from the group's last member if it left.)
    long now = ctx.clock().millis();
    int moved = reinsertOwn(key -> groups.home(key, ownGroup, c -> c == g || contacts.known(c, now)) == g);
    ctx.stats().increment("kelips.groups.vanished");
    LOG.debug("{}: group {} looks empty; {} own items re-inserted in the next group", ctx.self().id().shortHex(8), g, moved);
  }

  // ---- put ----

  /** The home group of a key as this node sees it. */
  public int home(Key key) {
    long now = ctx.clock().millis();
    return groups.home(key, ownGroup, g -> contacts.known(g, now));
  }

  private Tuple tupleOf(Record r) {
    boolean inline = options.inlineValues() && r.encodedSize() <= options.inlineMaxBytes();
    return Tuple.of(r, ctx.self(), inline);
  }

  /**
   * Keeps the record here and inserts its tuple into the key's home group. Completes once a member of
   * that group holds the tuple; when no member of it answers, the tuple waits here and is retried every
   * {@code sync-rounds} rounds (the put still completes: the record is stored at its publisher).
   */
  @Override
  public Future<Void> put(Record record) {
    try {
      ctx.store().put(record);
    } catch (InvalidRecordException e) {
      return Future.failedFuture(e);
    }
    return insert(tupleOf(record));
  }

  private Future<Void> insert(Tuple t) {
    int home = home(t.key());
    if (home == ownGroup) {
      if (acceptLocal(t)) {
        gossip.rumourTuple(t.key(), t.publisher());
      }
      return Future.succeededFuture();
    }
    return insertRemote(t, home, true).transform(ar -> {
      if (ar.failed()) {
        if (home(t.key()) != home) {
          return insert(t);
        }
        if (pending.size() < MAX_PENDING) {
          pending.put(t.key(), t);
        }
        ctx.stats().increment("kelips.inserts.pending");
        LOG.debug("{} could not place tuple {} in group {}: {}; retrying later", ctx.self().id().shortHex(8), t.key(), home,
            ar.cause().getMessage());
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Inserts at a contact of {@code group}, then (if {@code mayRelay}) through members of the own group.
   * Once one contact accepted, the tuple also goes to the group's next contact without waiting: until
   * gossip has spread it, two members rather than one hold a fresh tuple.
   */
  private Future<Integer> insertRemote(Tuple t, int group, boolean mayRelay) {
    List<Peer> first = Asking.peers(contacts.of(group));
    return asking.firstAnswer(first, p -> ctx.transport().request(p, new InsertRequest(t, true)), true, 0).transform(ar -> {
      if (ar.succeeded()) {
        for (Peer other : first) {
          if (!other.equals(ar.result().peer()) && contacts.get(other.id()) != null) {
            ctx.transport().request(other, new InsertRequest(t, true));
            break;
          }
        }
        return Future.succeededFuture(ar.result().hops());
      }
      if (!mayRelay) {
        return Future.failedFuture(ar.cause());
      }
      return asking.firstAnswer(asking.relays(), p -> ctx.transport().request(p, new InsertRequest(t, true)), false, 0).map(Asking.Answer::hops);
    });
  }

  private Future<Message> onInsert(Peer from, InsertRequest req) {
    Tuple t = req.tuple();
    int home = home(t.key());
    if (home == ownGroup || !req.relay()) {
      if (acceptLocal(t)) {
        gossip.rumourTuple(t.key(), t.publisher());
      } else if (tuples.get(t.key(), t.publisher()) == null) {
        return Future.failedFuture(new HopscotchException("tuple " + t.key() + " by " + t.publisher() + " refused"));
      }
      return Future.succeededFuture(new InsertResponse(0));
    }
    // The sender's view is behind ours: pass the tuple on to the group we think is its home.
    return insertRemote(t, home, false).map(h -> (Message) new InsertResponse(Math.min(64, h)));
  }

  // ---- get ----

  @Override
  public Future<Lookup> get(Key key) {
    return lookup(key, true, 0, 0);
  }

  private Future<Lookup> lookup(Key key, boolean mayRelay, int hopsSoFar, int attempt) {
    int home = home(key);
    if (home == ownGroup) {
      return complete(key, answerLocal(key), hopsSoFar, List.of());
    }
    List<Peer> first = Asking.peers(contacts.of(home));
    return asking.firstAnswer(first, p -> ctx.transport().request(p, new LookupRequest(key, false)), true, hopsSoFar).transform(ar -> {
      if (ar.succeeded()) {
        Asking.Answer a = ar.result();
        return complete(key, (LookupResponse) a.message(), a.hops(), List.of(a.peer()));
      }
      // Failed contacts were replaced by the group's spares: ask those before going through relays.
      List<Peer> promoted = new ArrayList<>(Asking.peers(contacts.of(home)));
      promoted.removeAll(first);
      if (!promoted.isEmpty() && attempt == 0) {
        ctx.stats().increment("kelips.lookups.spares");
        return lookup(key, mayRelay, hopsSoFar + first.size(), attempt + 1);
      }
      int tried = hopsSoFar + first.size();
      if (!mayRelay) {
        return retryElsewhere(key, home, false, tried, attempt, ar.cause());
      }
      ctx.stats().increment("kelips.lookups.relayed");
      List<Peer> relays = asking.relays();
      return asking.firstAnswer(relays, p -> ctx.transport().request(p, new LookupRequest(key, true)), false, tried).transform(rr -> {
        if (rr.succeeded()) {
          Asking.Answer a = rr.result();
          return complete(key, (LookupResponse) a.message(), a.hops(), List.of(a.peer()));
        }
        return retryElsewhere(key, home, true, tried + relays.size(), attempt, rr.cause());
      });
    });
  }

  private Future<Lookup> retryElsewhere(Key key, int home, boolean mayRelay, int tried, int attempt, Throwable cause) {
    // Failed contacts were dropped; if that emptied the group, the key's home moved on.
    if (attempt < 2 && home(key) != home) {
      return lookup(key, mayRelay, tried, attempt + 1);
    }
    return Future.failedFuture(new HopscotchException("kelips lookup of " + key + " failed: no node of group " + home
        + " answered (" + tried + " nodes tried)" + (cause == null ? "" : ": " + cause.getMessage()), cause));
  }

  /** What this node holds for {@code key}: inline records and pointers to owners. */
  private LookupResponse answerLocal(Key key) {
    List<Record> records = new ArrayList<>();
    List<Tuple> pointers = new ArrayList<>();
    for (Tuple t : tuples.get(key)) {
      if (records.size() + pointers.size() >= KelipsMessages.MAX_RECORDS) {
        break;
      }
      Record r = ctx.store().get(key, t.publisher());
      if (r != null && r.version() == t.version() && (t.inline() || t.publisher().equals(ctx.self().id()))) {
        records.add(r);
      } else {
        pointers.add(t.withRecord(null));
      }
    }
    return new LookupResponse(records, pointers, 0);
  }

  /** Adds the records of pointed-to owners (one more hop) and makes the lookup. */
  private Future<Lookup> complete(Key key, LookupResponse resp, int hops, List<Peer> path) {
    int total = hops + resp.hops();
    if (resp.pointers().isEmpty()) {
      return Future.succeededFuture(new Lookup(resp.records(), total, path));
    }
    List<Record> records = new ArrayList<>(resp.records());
    List<Future<FetchResponse>> fetches = new ArrayList<>();
    List<Peer> owners = new ArrayList<>();
    for (Tuple t : resp.pointers()) {
      if (t.owner().id().equals(ctx.self().id())) {
        Record r = ctx.store().get(key, t.publisher());
        if (r != null) {
          records.add(r);
        }
        continue;
      }
      owners.add(t.owner());
      fetches.add(ctx.transport().request(t.owner(), new FetchRequest(key)).map(m -> (FetchResponse) m)
          .recover(e -> Future.succeededFuture(new FetchResponse(List.of()))));
    }
    if (fetches.isEmpty()) {
      return Future.succeededFuture(new Lookup(records, total, path));
    }
    return Future.join(fetches).transform(ar -> {
      for (Future<FetchResponse> f : fetches) {
        if (f.succeeded()) {
          records.addAll(f.result().records());
        }
      }
      List<Peer> p = new ArrayList<>(path);
      p.addAll(owners);
      return Future.succeededFuture(new Lookup(records, total + 1, p));
    });
  }

  private Future<Message> onLookup(Peer from, LookupRequest req) {
    if (!req.relay()) {
      ctx.stats().increment("kelips.lookups.served");
      return Future.succeededFuture(answerLocal(req.key()));
    }
    return lookup(req.key(), false, 0, 0).map(l -> (Message) new LookupResponse(
        l.records().size() > KelipsMessages.MAX_RECORDS ? l.records().subList(0, KelipsMessages.MAX_RECORDS) : l.records(),
        List.of(), Math.min(64, l.hops())));
  }

  // ---- search ----

  @Override
  public Future<List<SearchHit>> search(List<String> keywords, int limit, long deadlineMillis) {
    Map<Key, SearchHit> hits = new LinkedHashMap<>();
    long now = ctx.clock().millis();
    addHits(hits, tuples.search(keywords, limit, now), 0, limit);
    List<Future<Void>> asks = new ArrayList<>();
    long timeout = Math.max(1, Math.min(ctx.requestTimeoutMillis(), deadlineMillis - now));
    SearchRequest req = new SearchRequest(keywords, Math.min(limit, KelipsMessages.MAX_TUPLES));
    for (int g = 0; g < groups.count(); g++) {
      if (g == ownGroup || !contacts.known(g)) {
        continue;
      }
      List<Peer> cs = Asking.peers(contacts.of(g));
      // A slow answer near the deadline proves nothing about a contact: keep it.
      asks.add(asking.firstAnswer(cs, p -> ctx.transport().request(p, req, timeout), false, 0).compose(a -> {
        addHits(hits, ((SearchResponse) a.message()).hits(), 1, limit);
        return Future.<Void>succeededFuture();
      }).recover(e -> Future.succeededFuture()));
    }
    Promise<List<SearchHit>> done = Promise.promise();
    Timers.Timer deadline = ctx.timers().once(Math.max(0, deadlineMillis - now), () -> done.tryComplete(List.copyOf(hits.values())));
    Future.join(asks).onComplete(ar -> {
      deadline.cancel();
      done.tryComplete(List.copyOf(hits.values()));
    });
    return done.future();
  }

  private static void addHits(Map<Key, SearchHit> hits, List<Tuple> found, int hops, int limit) {
    for (Tuple t : found) {
      SearchHit old = hits.get(t.key());
      if (old == null) {
        if (hits.size() < limit) {
          hits.put(t.key(), new SearchHit(t.key(), t.keywords(), List.of(t.owner()), t.size(), hops));
        }
      } else if (!old.holders().contains(t.owner())) {
        List<Peer> holders = new ArrayList<>(old.holders());
        holders.add(t.owner());
        hits.put(t.key(), new SearchHit(t.key(), old.keywords(), holders, Math.max(old.size(), t.size()), old.hops()));
      }
    }
  }

  // ---- inbound ----

  @Override
  public void onMessage(Peer from, Message message) {
    if (closed) {
      return;
    }
    if (message instanceof KelipsMessages.Gossip g) {
      gossip.receive(g);
    } else if (message instanceof Leave l) {
      gossip.declareDead(from.id(), l.heartbeat(), l.lastOfGroup());
    } else {
      LOG.debug("ignoring one-way {} from {}", message.type(), from);
    }
  }

  @Override
  public Future<Message> onRequest(Peer from, Message request) {
    if (closed) {
      return Future.failedFuture(new HopscotchException("kelips node " + ctx.self() + " has stopped"));
    }
    if (request instanceof LookupRequest l) {
      return onLookup(from, l);
    }
    if (request instanceof ExchangeRequest x) {
      gossip.receive(x.gossip());
      return Future.succeededFuture(gossip.answerExchange(from));
    }
    if (request instanceof KelipsMessages.Ping p) {
      return Future.succeededFuture(gossip.answerPing(from, p));
    }
    if (request instanceof InsertRequest i) {
      return onInsert(from, i);
    }
    if (request instanceof FetchRequest f) {
      List<Record> own = new ArrayList<>();
      for (Record r : ctx.store().get(f.key())) {
        if (r.publisher().equals(ctx.self().id())) {
          own.add(r);
        }
      }
      return Future.succeededFuture(new FetchResponse(own));
    }
    if (request instanceof SearchRequest s) {
      List<Tuple> found = new ArrayList<>();
      for (Tuple t : tuples.search(s.words(), s.limit(), ctx.clock().millis())) {
        found.add(t.withRecord(null));
      }
      return Future.succeededFuture(new SearchResponse(found));
    }
    if (request instanceof DigestRequest) {
      return Future.succeededFuture(new DigestResponse(tuples.bucketDigests()));
    }
    if (request instanceof SyncRequest s) {
      return Future.succeededFuture(sync.onSync(s));
    }
    if (request instanceof JoinRequest j) {
      return onJoin(from, j);
    }
    return Future.failedFuture(new HopscotchException("kelips does not answer " + request.type()));
  }

  // ---- inspection ----

  @Override
  public int stateSize() {
    return view == null ? 0 : view.size() + contacts.size() + tuples.size();
  }

  /** The group arithmetic. */
  public AffinityGroups groups() {
    return groups;
  }

  /** This node's group. */
  public int ownGroup() {
    return ownGroup;
  }

  /** The own group's members, this node excluded. */
  public GroupView groupView() {
    return view;
  }

  /** Contacts in foreign groups. */
  public ContactTable contactTable() {
    return contacts;
  }

  /** The tuples of the own group. */
  public TupleStore tupleStore() {
    return tuples;
  }

  /** The gossip engine. */
  public Gossip gossip() {
    return gossip;
  }

  /** Tuples waiting for a home group that answers. */
  public int pendingTuples() {
    return pending.size();
  }
}
