package io.hopscotch.kelips;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Experiment 2 of docs/experiments/kelips.md, not part of the test suite: heap bytes per group member,
 * contact and tuple (a pointer tuple, its owner a distinct object as when decoded from the network),
 * measured by filling the real structures, and the projection to N = 100,000 nodes holding 10,000,000
 * items. Run with {@code mvn -o -pl routing-kelips -am test -Dtest=KelipsMemoryExperiment
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class KelipsMemoryExperiment {

  private static final int COUNT = 200_000;

  private static long used() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  private static Peer peer(int i) {
    return new Peer(Key.sha1("node-" + i), new Address("10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255), 7000));
  }

  @Test
  void run() {
    long t0 = used();
    TupleStore tuples = new TupleStore(COUNT);
    for (int i = 0; i < COUNT; i++) {
      tuples.merge(new Tuple(peer(i), Key.sha1("item-" + i), 1, Long.MAX_VALUE, false, List.of(), 100, false, null), 0);
    }
    long t1 = used();
    GroupView view = new GroupView(COUNT);
    for (int i = 0; i < COUNT; i++) {
      view.update(peer(i), i, 0);
    }
    long t2 = used();
    AffinityGroups groups = new AffinityGroups(COUNT / 2);
    ContactTable contacts = new ContactTable(groups, -1, 2, 60_000);
    for (int i = 0; i < COUNT * 4 && contacts.size() < COUNT; i++) {
      contacts.offer(peer(i), 1);
    }
    long t3 = used();
    double perTuple = (t1 - t0) / (double) COUNT;
    double perMember = (t2 - t1) / (double) COUNT;
    double perContact = (t3 - t2) / (double) contacts.size();
    int n = 100_000;
    int k = KelipsOptions.groupsFor(n);
    double g = n / (double) k;
    double items = 10_000_000 / (double) k;
    double projected = g * perMember + 2 * (k - 1) * perContact + items * perTuple;
    int tupleWire = new Tuple(peer(1), Key.sha1("x"), 1, Long.MAX_VALUE, false, List.of(), 100, false, null).encodedSize();
    int entryWire = new KelipsMessages.MemberEntry(peer(1), 1, new byte[32], new byte[64]).encodedSize();
    double wire = g * (entryWire + 16) + 2 * (k - 1) * (entryWire + 8) + items * tupleWire;
    System.out.printf("KELIPS-MEMORY heap bytes: tuple %.0f, member %.0f, contact %.0f (%d tuples, %d members, %d contacts; contacts %s)%n",
        perTuple, perMember, perContact, tuples.size(), view.size(), contacts.size(), "incl. the table's slot arrays");
    System.out.printf("KELIPS-MEMORY N=%d k=%d group %.0f tuples/node %.0f: heap %.2f MB per node; wire-size count %.2f MB "
        + "(tuple %d B, entry %d B + 16 B of ages)%n", n, k, g, items, projected / 1e6, wire / 1e6, tupleWire, entryWire);
  }
}
