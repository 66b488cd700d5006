package io.hopscotch.search.central;

import io.hopscotch.core.Address;
import io.hopscotch.core.Identity;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Record;
import io.hopscotch.core.wire.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random but valid values for the central index's tests, all drawn from a seeded source. */
final class Samples {

  static final List<Identity> IDS = List.of(
      Identity.generate(new Random(1)), Identity.generate(new Random(2)), Identity.generate(new Random(3)));

  private Samples() {
  }

  static Key key(Random r) {
    byte[] b = new byte[Key.BYTES];
    r.nextBytes(b);
    return Key.fromBytes(b);
  }

  static Peer peer(Random r) {
    return new Peer(key(r), new Address("10.0." + r.nextInt(256) + "." + r.nextInt(256), 1 + r.nextInt(65535)));
  }

  static Peer peerOf(Identity id, int port) {
    return new Peer(id.id(), new Address("127.0.0.1", port));
  }

  static List<String> words(Random r) {
    List<String> out = new ArrayList<>();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.add("w" + r.nextInt(50));
    }
    return Record.normalise(out);
  }

  static SharedItem item(Random r) {
    return new SharedItem(key(r), words(r), r.nextInt(1 << 20));
  }

  static Registration registration(Random r) {
    Identity id = IDS.get(r.nextInt(IDS.size()));
    List<SharedItem> items = new ArrayList<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      items.add(item(r));
    }
    List<Key> removed = new ArrayList<>();
    int m = r.nextInt(3);
    for (int i = 0; i < m; i++) {
      removed.add(key(r));
    }
    return Registration.create(id, peerOf(id, 7000 + r.nextInt(100)), r.nextInt(1_000_000), 1_000_000 + r.nextInt(1000),
        r.nextBoolean(), items, removed);
  }

  static Record record(Random r) {
    Identity id = IDS.get(r.nextInt(IDS.size()));
    if (r.nextInt(4) == 0) {
      return Record.tombstone(id, key(r), r.nextInt(100), 1_000_000);
    }
    byte[] v = new byte[r.nextInt(64)];
    r.nextBytes(v);
    return Record.create(id, key(r), v, words(r), r.nextInt(100), 1_000_000);
  }

  static <T> List<T> list(Random r, int max, java.util.function.Function<Random, T> each) {
    List<T> out = new ArrayList<>();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      out.add(each.apply(r));
    }
    return out;
  }

  /** One valid message of the type chosen by {@code r}. */
  static Message message(Random r) {
    return switch (r.nextInt(11)) {
      case 0 -> new CentralMessages.RegisterRequest(registration(r));
      case 1 -> new CentralMessages.RegisterResponse(peer(r), r.nextInt(1000), r.nextLong());
      case 2 -> new CentralMessages.LookupRequest(key(r));
      case 3 -> new CentralMessages.LookupResponse(peer(r), list(r, 4, x -> new IndexTable.Holder(peer(x), x.nextInt(1000))));
      case 4 -> new CentralMessages.SearchRequest(words(r), r.nextInt(CentralMessages.MAX_HITS + 1));
      case 5 -> new CentralMessages.SearchResponse(peer(r),
          list(r, 3, x -> new IndexTable.Hit(key(x), words(x), list(x, 3, Samples::peer), x.nextInt(1000))));
      case 6 -> new CentralMessages.FetchRequest(key(r));
      case 7 -> new CentralMessages.FetchResponse(list(r, 3, Samples::record));
      case 8 -> new CentralMessages.MirrorRequest(r.nextBoolean() ? key(r) : null, r.nextBoolean() ? key(r) : null, r.nextInt(1025));
      case 9 -> new CentralMessages.SnapshotResponse(list(r, 3, x -> new ClientSnapshot(peer(x), IDS.get(0).publicKey(), x.nextInt(100),
          x.nextInt(100_000), list(x, 3, Samples::item))), r.nextBoolean(), r.nextBoolean() ? key(r) : null, r.nextBoolean() ? key(r) : null);
      default -> new CentralMessages.MirrorUpdate(registration(r));
    };
  }
}
