package io.hopscotch.kelips;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.Signer;
import io.hopscotch.core.sim.SimulatedSigner;
import io.hopscotch.core.wire.Message;
import io.hopscotch.kelips.KelipsMessages.DeadEntry;
import io.hopscotch.kelips.KelipsMessages.MemberEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/** Random valid Kelips values for codec tests. */
final class Samples {

  private Samples() {
  }

  static Key key(Random r) {
    byte[] b = new byte[Key.BYTES];
    r.nextBytes(b);
    return Key.fromBytes(b);
  }

  static Signer signer(Random r) {
    return SimulatedSigner.of(r.nextInt(1000), r.nextInt(1000));
  }

  static Peer peer(Random r) {
    return new Peer(key(r), Address.of("10.0." + r.nextInt(256) + "." + r.nextInt(256), 1 + r.nextInt(65535)));
  }

  static Record record(Random r, Signer s) {
    if (r.nextInt(5) == 0) {
      return Record.tombstone(s, key(r), 1 + r.nextInt(1000), 1_000_000 + r.nextInt(1000));
    }
    byte[] v = new byte[r.nextInt(40)];
    r.nextBytes(v);
    List<String> words = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      words.add("w" + r.nextInt(20));
    }
    return Record.create(s, key(r), v, words, 1 + r.nextInt(1000), 1_000_000 + r.nextInt(1000));
  }

  static Tuple tuple(Random r) {
    Signer s = signer(r);
    Peer owner = new Peer(s.id(), peer(r).address());
    Tuple t = Tuple.of(record(r, s), owner, true);
    return r.nextBoolean() ? t : t.withRecord(null);
  }

  static Tuple pointer(Random r) {
    return tuple(r).withRecord(null);
  }

  static <T> List<T> list(Random r, int max, Supplier<T> each) {
    List<T> out = new ArrayList<>();
    for (int i = r.nextInt(max + 1); i > 0; i--) {
      out.add(each.get());
    }
    return out;
  }

  static MemberEntry entry(Random r) {
    byte[] pk = new byte[32];
    byte[] sig = new byte[1 + r.nextInt(64)];
    r.nextBytes(pk);
    r.nextBytes(sig);
    return new MemberEntry(peer(r), r.nextLong(), pk, sig);
  }

  static KelipsMessages.Gossip gossip(Random r) {
    return new KelipsMessages.Gossip(list(r, 4, () -> entry(r)), list(r, 3, () -> new DeadEntry(key(r), r.nextLong(), r.nextBoolean())),
        list(r, 3, () -> tuple(r)));
  }

  static Message message(Random r) {
    return switch (r.nextInt(20)) {
      case 0 -> new KelipsMessages.JoinRequest(1 + r.nextInt(500), entry(r));
      case 1 -> new KelipsMessages.JoinResponse(1 + r.nextInt(500), entry(r), list(r, 5, () -> entry(r)));
      case 2 -> gossip(r);
      case 3 -> new KelipsMessages.ExchangeRequest(gossip(r));
      case 4 -> new KelipsMessages.ExchangeResponse(list(r, 5, () -> entry(r)));
      case 5 -> new KelipsMessages.InsertRequest(tuple(r), r.nextBoolean());
      case 6 -> new KelipsMessages.InsertResponse(r.nextInt(65));
      case 7 -> new KelipsMessages.LookupRequest(key(r), r.nextBoolean());
      case 8 -> new KelipsMessages.LookupResponse(list(r, 3, () -> record(r, signer(r))), list(r, 3, () -> pointer(r)), r.nextInt(65));
      case 9 -> new KelipsMessages.FetchRequest(key(r));
      case 10 -> new KelipsMessages.FetchResponse(list(r, 3, () -> record(r, signer(r))));
      case 11 -> new KelipsMessages.SearchRequest(list(r, 3, () -> "w" + r.nextInt(9)), r.nextInt(100));
      case 12 -> new KelipsMessages.SearchResponse(list(r, 3, () -> pointer(r)));
      case 13 -> new KelipsMessages.DigestRequest();
      case 14 -> {
        List<Long> b = new ArrayList<>();
        for (int i = 0; i < TupleStore.BUCKETS; i++) {
          b.add(r.nextLong());
        }
        yield new KelipsMessages.DigestResponse(b);
      }
      case 15 -> {
        int from = r.nextInt(TupleStore.BUCKETS);
        yield new KelipsMessages.SyncRequest(from, from + r.nextInt(TupleStore.BUCKETS - from), r.nextBoolean() ? key(r) : null, r.nextInt(100_000));
      }
      case 16 -> new KelipsMessages.SyncResponse(list(r, 3, () -> tuple(r)), r.nextBoolean());
      case 17 -> new KelipsMessages.Ping(gossip(r), r.nextInt(300) - 1);
      case 18 -> new KelipsMessages.Pong(gossip(r));
      default -> new KelipsMessages.Leave(r.nextLong(), r.nextBoolean());
    };
  }
}
