package io.hopscotch.kelips;

import io.hopscotch.core.Address;
import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import io.hopscotch.kelips.KelipsMessages.MemberEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Experiment 2 of docs/experiments/kelips.md, not part of the test suite: heap bytes a node pays per group
 * member, contact, signed entry and tuple, measured by filling the real structures, and the projection to
 * N = 100,000 nodes holding 10,000,000 items. The peers and signed entries exist before the measurement
 * (in the simulator every node's {@code Peer} and signed entry exist once per JVM and every holder points
 * at them). Tuples are given a distinct owner object each, as when each was decoded from the network (the
 * store keeps owners as bytes, so whether they were shared no longer matters), and fill stores of the size
 * a node's is at that scale. Run with {@code mvn -o -pl routing-kelips -am test
 * -Dtest=KelipsMemoryExperiment -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Xmx2g}.
 */
class KelipsMemoryExperiment {

  private static final int COUNT = 200_000;
  /** Tuples a node holds at N = 100,000 with 10,000,000 items: 10,000,000 / 316 groups. */
  private static final int TUPLES_PER_NODE = 31_646;

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

  private static Tuple tuple(Peer owner, int i) {
    return new Tuple(owner, Key.sha1("item-" + i), 1, Long.MAX_VALUE, false, List.of(), 100, false, null);
  }

  @Test
  void run() {
    Peer[] peers = new Peer[COUNT];
    MemberEntry[] entries = new MemberEntry[COUNT];
    for (int i = 0; i < COUNT; i++) {
      peers[i] = peer(i);
      entries[i] = new MemberEntry(peers[i], i, new byte[32], new byte[64]);
    }
    long t1 = used();
    // Stores of the size a node has at N = 100,000 with 10,000,000 items, so that the per-bucket arrays have
    // the length, and the spare room, they have there.
    TupleStore[] stores = new TupleStore[COUNT / TUPLES_PER_NODE];
    int tupleCount = 0;
    for (int s = 0; s < stores.length; s++) {
      stores[s] = new TupleStore(TUPLES_PER_NODE);
      for (int i = 0; i < TUPLES_PER_NODE; i++, tupleCount++) {
        stores[s].merge(tuple(peer(tupleCount), tupleCount), 0);
      }
    }
    long t2 = used();
    GroupView view = new GroupView(COUNT);
    for (int i = 0; i < COUNT; i++) {
      view.update(peers[i], i, 0);
    }
    long t3 = used();
    AffinityGroups groups = new AffinityGroups(COUNT / 4);
    ContactTable contacts = new ContactTable(groups, -1, 2, 60_000);
    for (int i = 0; i < COUNT && contacts.size() < COUNT; i++) {
      contacts.offer(peers[i], 1);
    }
    long t4 = used();
    EntryTable table = new EntryTable();
    for (MemberEntry e : entries) {
      table.put(e);
    }
    long t5 = used();
    int held = 0;
    for (TupleStore s : stores) {
      held += s.size(); // also keeps the stores reachable until the heap was read
    }
    double perTuple = (t2 - t1) / (double) held;
    double perMember = (t3 - t2) / (double) COUNT;
    // The table's slot arrays hold contacts and spares of every group: a slot costs whether it is filled by
    // a contact or a spare, so the figure is per contact with the group's spare slots included.
    double perContact = (t4 - t3) / (double) contacts.size();
    double perEntry = (t5 - t4) / (double) COUNT;
    int n = 100_000;
    int k = KelipsOptions.groupsFor(n);
    double g = n / (double) k;
    double items = 10_000_000 / (double) k;
    double signed = g + 4 * (k - 1); // signed entries: members, contacts and spares
    double membership = g * perMember + 2 * (k - 1) * perContact + signed * perEntry;
    double projected = membership + items * perTuple;
    int tupleWire = tuple(peer(1), 1).encodedSize();
    int entryWire = new MemberEntry(peer(1), 1, new byte[32], new byte[64]).encodedSize();
    double wire = g * (entryWire + 16) + 2 * (k - 1) * (entryWire + 8) + items * tupleWire;
    System.out.printf("KELIPS-MEMORY heap bytes: tuple %.1f, member %.0f, contact %.0f (with its spare slot), signed-entry slot %.0f "
        + "(%d tuples in stores of %d, %d members, %d contacts, %d spares, %d entries)%n",
        perTuple, perMember, perContact, perEntry, held, TUPLES_PER_NODE, view.size(), contacts.size(), contacts.spares(), table.size());
    System.out.printf("KELIPS-MEMORY N=%d k=%d group %.0f tuples/node %.0f: membership %.0f KB; heap %.2f MB per node; "
        + "wire-size count %.2f MB (tuple %d B, entry %d B + 16 B of ages)%n", n, k, g, items,
        membership / 1e3, projected / 1e6, wire / 1e6, tupleWire, entryWire);
  }
}
