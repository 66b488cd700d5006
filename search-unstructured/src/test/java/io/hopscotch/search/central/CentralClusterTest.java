package io.hopscotch.search.central;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Address;
import io.hopscotch.core.GetResult;
import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Peer;
import io.hopscotch.core.PutOptions;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.Signer;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.hopscotch.core.spi.RemoteException;
import io.hopscotch.core.wire.Message;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A primary, a standby and eight clients in the deterministic simulator, every message encoded. */
class CentralClusterTest {

  private static final long LEASE = 3000;
  private Simulation sim;
  private SimNode primary;
  private SimNode standby;
  private final List<SimNode> clients = new ArrayList<>();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static NodeOptions central() {
    return new NodeOptions().setRouting("central").setRoutingOption("lease-ms", String.valueOf(LEASE));
  }

  @BeforeEach
  void cluster() {
    sim = Simulation.builder().seed(42).encodeMessages(true).build();
    primary = sim.addNode(central().setRoutingOption("index-server", "true"));
    sim.await(primary.join(List.of()));
    standby = sim.addNode(central().setRoutingOption("index-server", "true").setRoutingOption("standby", "true")
        .setRoutingOption("primary", primary.self().address().toString()));
    sim.await(standby.join(List.of()));
    for (int i = 0; i < 8; i++) {
      SimNode c = sim.addNode(central());
      sim.await(c.join(List.of(primary.self().address(), standby.self().address())));
      clients.add(c);
    }
  }

  @AfterEach
  void close() {
    sim.close();
  }

  private static IndexTable table(SimNode server) {
    return ((CentralIndex) server.engine().routingStrategy()).indexTable();
  }

  private static Signer signer(SimNode n) {
    return n.engine().runtime().signer();
  }

  private Future<Message> raw(SimNode from, Address to, Message m) {
    return from.engine().runtime().transport().request(to, m, 5000);
  }

  private void putFromEachClient(String prefix) {
    for (int i = 0; i < clients.size(); i++) {
      sim.await(clients.get(i).put(prefix + i, utf8("v" + i)));
    }
  }

  private void assertEveryClientReads(String prefix) {
    for (SimNode reader : clients) {
      for (int i = 0; i < clients.size(); i++) {
        GetResult r = sim.await(reader.get(prefix + i));
        assertThat(r.valueAsString()).as("%s%d read by %s", prefix, i, reader.self()).contains("v" + i);
        assertThat(r.hops()).isBetween(1, 2);
      }
    }
  }

  @Test
  void putFromAnyGetFromEvery() {
    putFromEachClient("k");
    assertEveryClientReads("k");
    GetResult remote = sim.await(clients.get(0).get("k3"));
    assertThat(remote.hops()).isEqualTo(2);
    assertThat(remote.path()).extracting(Peer::id).containsExactly(primary.id(), clients.get(3).id());
    assertThat(sim.await(clients.get(0).get("never")).found()).isFalse();
    assertThat(table(primary).size()).isEqualTo(clients.size());
    sim.runFor(100);
    assertThat(table(standby).size()).as("standby mirrors the primary").isEqualTo(clients.size());
    assertThat(primary.stateSize()).isEqualTo(clients.size());
    assertThat(clients.get(0).stateSize()).isEqualTo(1);
  }

  @Test
  void everyPublisherKeepsItsOwnRecord() {
    sim.await(clients.get(0).put("shared", utf8("a1")));
    sim.await(clients.get(0).put("shared", utf8("a2")));
    sim.await(clients.get(5).put("shared", utf8("b1")));
    for (SimNode reader : clients) {
      GetResult r = sim.await(reader.get("shared"));
      assertThat(r.records()).extracting(rec -> rec.valueAsString()).containsExactlyInAnyOrder("a2", "b1");
    }
  }

  @Test
  void removeUnregisters() {
    putFromEachClient("r");
    sim.await(clients.get(2).remove("r2"));
    for (SimNode reader : clients) {
      assertThat(sim.await(reader.get("r2")).found()).isFalse();
      assertThat(sim.await(reader.get("r3")).found()).isTrue();
    }
    assertThat(table(primary).holders(Key.sha1("r2"), 0, 10)).isEmpty();
    assertThat(clients.get(2).engine().store().get(Key.sha1("r2"))).singleElement().matches(rec -> rec.isTombstone());
  }

  @Test
  void keywordSearch() {
    sim.await(clients.get(1).put("song-1", utf8("1"), new PutOptions().setKeywords(List.of("blue", "moon"))));
    sim.await(clients.get(2).put("song-2", utf8("2"), new PutOptions().setKeywords(List.of("blue", "sky"))));
    sim.await(clients.get(3).put("song-3", utf8("3"), new PutOptions().setKeywords(List.of("red", "moon"))));
    List<SearchHit> blue = sim.await(clients.get(7).search("blue"));
    assertThat(blue).extracting(SearchHit::key).containsExactlyInAnyOrder(Key.sha1("song-1"), Key.sha1("song-2"));
    assertThat(blue).allSatisfy(h -> {
      assertThat(h.hops()).isEqualTo(1);
      assertThat(h.holders()).hasSize(1);
      assertThat(h.size()).isEqualTo(1);
    });
    assertThat(sim.await(clients.get(0).search("moon blue"))).extracting(SearchHit::key).containsExactly(Key.sha1("song-1"));
    assertThat(sim.await(clients.get(0).search("green"))).isEmpty();
  }

  @Test
  void leavingClientsVanishFromTheIndexAndCrashedOnesExpire() {
    putFromEachClient("l");
    sim.await(clients.get(4).leave());
    assertThat(table(primary).holders(Key.sha1("l4"), 0, 10)).isEmpty();
    assertThat(table(primary).size()).isEqualTo(clients.size() - 1);
    sim.crash(clients.get(6));
    sim.runFor(2 * LEASE);
    assertThat(table(primary).holders(Key.sha1("l6"), sim.now(), 10)).isEmpty();
    assertThat(table(primary).size()).isEqualTo(clients.size() - 2);
    assertThat(table(standby).size()).isEqualTo(clients.size() - 2);
    // the others kept renewing
    assertThat(sim.await(clients.get(0).get("l1")).valueAsString()).contains("v1");
  }

  @Test
  void clientsFailOverToTheStandbyWhenThePrimaryDies() {
    putFromEachClient("f");
    sim.runFor(100);
    sim.crash(primary);
    assertEveryClientReads("f");
    sim.await(clients.get(3).put("after", utf8("late")));
    for (SimNode reader : clients) {
      assertThat(sim.await(reader.get("after")).valueAsString()).contains("late");
    }
    long failovers = clients.stream().mapToLong(c -> c.stats().counter("central.failover")).sum();
    assertThat(failovers).isGreaterThanOrEqualTo(clients.size());
    sim.runFor(3 * LEASE); // renewals now go to the standby
    assertThat(table(standby).size()).isEqualTo(clients.size() + 1);
    assertEveryClientReads("f");
  }

  @Test
  void itemsWhoseRecordExpiredAreUnregistered() {
    sim.await(clients.get(1).put("brief", utf8("soon gone"), new PutOptions().setTtl(java.time.Duration.ofMillis(2 * LEASE))));
    assertThat(table(primary).holders(Key.sha1("brief"), sim.now(), 10)).hasSize(1);
    sim.runFor(4 * LEASE);
    assertThat(table(primary).holders(Key.sha1("brief"), sim.now(), 10)).isEmpty();
    assertThat(clients.get(1).stateSize()).isZero();
    assertThat(sim.await(clients.get(2).get("brief")).found()).isFalse();
  }

  @Test
  void clientsMoveBackToARestartedPrimary() {
    putFromEachClient("b");
    sim.crash(primary);
    assertEveryClientReads("b");
    SimNode back = sim.restart(primary);
    sim.await(back.join(List.of()));
    sim.runFor(2 * LEASE);
    assertThat(table(back).size()).as("everyone re-registered with the primary").isEqualTo(clients.size());
    long failbacks = clients.stream().mapToLong(c -> c.stats().counter("central.failback")).sum();
    assertThat(failbacks).isEqualTo(clients.size());
    SimNode late = sim.addNode(central());
    sim.await(late.join(List.of(back.self().address(), standby.self().address())));
    for (int i = 0; i < clients.size(); i++) {
      assertThat(sim.await(late.get("b" + i)).valueAsString()).contains("v" + i);
    }
  }

  @Test
  void joinNamesTheAddressesWhenNoIndexAnswers() {
    SimNode c = sim.addNode(central());
    Address nowhere = Address.of("sim", 999);
    Throwable t = sim.awaitFailure(c.join(List.of(nowhere)));
    assertThat(t).hasMessageContaining(nowhere.toString());
  }

  @Test
  void joiningThroughANodeThatIsNotAnIndexServerFailsAndSaysSo() {
    SimNode c = sim.addNode(central());
    Address client = clients.get(3).self().address();
    Throwable t = sim.awaitFailure(c.join(List.of(client)));
    assertThat(t).hasMessageContaining(client.toString()).hasMessageContaining("not an index server");
    // the client it asked keeps working
    sim.await(clients.get(3).put("still-here", utf8("v")));
    assertThat(sim.await(clients.get(4).get("still-here")).valueAsString()).contains("v");
  }

  @Test
  void forgedRegistrationsAreRefusedAndChangeNothing() {
    putFromEachClient("g");
    SimNode mallory = clients.get(0);
    SimNode victim = clients.get(1);
    Address index = primary.self().address();
    int before = table(primary).size();
    long far = sim.now() + LEASE;
    // a victim's genuine registration (empty: it would unregister everything) replayed by mallory
    Registration genuine = Registration.create(signer(victim), victim.self(), Long.MAX_VALUE - 4, far, true, List.of(), List.of());
    assertThat(sim.awaitFailure(raw(mallory, index, new CentralMessages.RegisterRequest(genuine))))
        .isInstanceOf(RemoteException.class).hasMessageContaining("sent by");
    // mallory's own registration carrying a signature made with the victim's key
    Registration own = Registration.create(signer(mallory), mallory.self(), Long.MAX_VALUE - 3, far, true, List.of(), List.of());
    Registration tampered = own.withSignature(signer(victim).sign(own.signedBytes()));
    assertThat(sim.awaitFailure(raw(mallory, index, new CentralMessages.RegisterRequest(tampered))))
        .isInstanceOf(RemoteException.class).hasMessageContaining("bad signature");
    // a registration whose signed content was altered after signing (claims the victim's key as an item)
    Registration forgedItems = Registration.create(signer(mallory), mallory.self(), Long.MAX_VALUE - 2, far, false,
        List.of(new SharedItem(Key.sha1("g1"), List.of(), 1)), List.of());
    Registration swapped = Registration.create(signer(mallory), mallory.self(), Long.MAX_VALUE - 2, far, true, List.of(), List.of())
        .withSignature(forgedItems.signature());
    assertThat(sim.awaitFailure(raw(mallory, index, new CentralMessages.RegisterRequest(swapped))))
        .isInstanceOf(RemoteException.class).hasMessageContaining("bad signature");
    assertThat(table(primary).size()).isEqualTo(before);
    assertThat(primary.stats().counter("central.refused")).isEqualTo(3);
    assertThat(sim.await(clients.get(2).get("g1")).valueAsString()).contains("v1");
    assertThat(sim.await(clients.get(2).get("g0")).valueAsString()).contains("v0");
  }

  @Test
  void clientsOnlyTalkToServersAboutIndexMatters() {
    Throwable t = sim.awaitFailure(raw(clients.get(0), clients.get(1).self().address(), new CentralMessages.LookupRequest(Key.sha1("x"))));
    assertThat(t).isInstanceOf(RemoteException.class).hasMessageContaining("not an index server");
  }
}
