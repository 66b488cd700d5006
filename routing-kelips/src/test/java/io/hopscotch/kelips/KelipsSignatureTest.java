package io.hopscotch.kelips;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Address;
import io.hopscotch.core.Identity;
import io.hopscotch.core.Peer;
import io.hopscotch.core.Verifier;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.kelips.KelipsMessages.DeadEntry;
import io.hopscotch.kelips.KelipsMessages.MemberEntry;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Membership entries are signed by the node they describe: a node cannot forge, renumber or kill
 * another, and each (node, heartbeat) is checked once.
 */
class KelipsSignatureTest {

  private static final Address HOST = new Address("127.0.0.1", 7400);

  @Test
  void aSignedEntryVerifiesAndATamperedOneDoesNot() {
    Identity a = Identity.generate(new Random(1));
    Identity b = Identity.generate(new Random(2));
    Peer pa = new Peer(a.id(), HOST);
    MemberEntry e = MemberEntry.signed(a, pa, 42);
    assertThat(e.verify(Verifier.ed25519())).isTrue();
    assertThat(new MemberEntry(pa, 43, e.publicKey(), e.signature()).verify(Verifier.ed25519())).as("heartbeat raised").isFalse();
    assertThat(new MemberEntry(new Peer(a.id(), new Address("127.0.0.1", 7401)), 42, e.publicKey(), e.signature())
        .verify(Verifier.ed25519())).as("address moved").isFalse();
    MemberEntry byB = MemberEntry.signed(b, pa, 42);
    assertThat(byB.verify(Verifier.ed25519())).as("signed by another node's key").isFalse();
  }

  @Test
  void forgedEntriesAndObituariesAreIgnored() {
    try (KelipsCluster c = KelipsCluster.start(6, 1, 7, true)) {
      SimNode victim = c.nodes.get(1);
      KelipsRouting r = KelipsCluster.routing(c.nodes.get(0));
      Gossip g = r.gossip();
      MemberEntry real = g.entryOf(victim.self().id());
      assertThat(real).isNotNull();
      long checked = g.verifications();

      // The same entry again costs no signature check.
      g.mergeMembers(List.of(real));
      assertThat(g.verifications()).isEqualTo(checked);

      // A higher heartbeat with the old signature is dropped; the view keeps the signed one.
      MemberEntry renumbered = new MemberEntry(real.peer(), real.heartbeat() + 1000, real.publicKey(), real.signature());
      g.mergeMembers(List.of(renumbered));
      assertThat(r.groupView().get(victim.self().id()).heartbeat()).isEqualTo(real.heartbeat());
      assertThat(c.nodes.get(0).stats().counters()).containsKey("kelips.entries.forged");

      // An invented member is not added.
      Identity ghost = Identity.generate(new Random(3));
      MemberEntry fake = new MemberEntry(new Peer(ghost.id(), HOST), 1, ghost.publicKey(), new byte[64]);
      g.mergeMembers(List.of(fake));
      assertThat(r.groupView().contains(ghost.id())).isFalse();

      // A death at a heartbeat the victim never signed is not applied (it could never be refuted).
      g.receive(new KelipsMessages.Gossip(List.of(), List.of(new DeadEntry(victim.self().id(), Long.MAX_VALUE)), List.of()));
      assertThat(r.groupView().contains(victim.self().id())).isTrue();

      // A death at its real heartbeat is applied, and the victim refutes it: it is back everywhere.
      g.receive(new KelipsMessages.Gossip(List.of(), List.of(new DeadEntry(victim.self().id(), real.heartbeat())), List.of()));
      assertThat(r.groupView().contains(victim.self().id())).isFalse();
      c.sim.runFor(20_000);
      assertThat(r.groupView().contains(victim.self().id())).isTrue();
      assertThat(r.groupView().get(victim.self().id()).heartbeat()).isGreaterThan(real.heartbeat());
    }
  }
}
