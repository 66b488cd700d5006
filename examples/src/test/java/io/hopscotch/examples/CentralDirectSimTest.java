package io.hopscotch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.SearchHit;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Napster end to end in the simulator: the central index as the directory and the direct transfer for
 * the bytes. A file shared by one client is found by keyword, fetched byte-identical by another, and
 * still fetched from the second holder after the first and the primary index server crash.
 */
class CentralDirectSimTest {

  @TempDir
  Path dir;

  @Test
  void shareSearchFetchAndSurviveCrashes() throws IOException {
    try (Simulation sim = Simulation.builder().seed(11).encodeMessages(true).build()) {
      SimNode primary = sim.addNode(new NodeOptions().setRouting("central").setRoutingOption("index-server", "true"));
      sim.await(primary.join(List.of()));
      SimNode standby = sim.addNode(new NodeOptions().setRouting("central").setRoutingOption("index-server", "true")
          .setRoutingOption("standby", "true").setRoutingOption("primary", primary.self().address().toString()));
      sim.await(standby.join(List.of()));
      List<SimNode> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        SimNode c = sim.addNode(new NodeOptions().setRouting("central").setTransfer("direct"));
        sim.await(c.join(List.of(primary.self().address(), standby.self().address())));
        clients.add(c);
      }
      byte[] bytes = new byte[1024 * 1024];
      new Random(3).nextBytes(bytes);
      Path song = Files.write(dir.resolve("blue-moon.ogg"), bytes);

      ContentInfo info = sim.await(clients.get(0).publish(song));
      List<SearchHit> hits = sim.await(clients.get(3).search("moon"));
      assertThat(hits).singleElement().satisfies(h -> {
        assertThat(h.key()).isEqualTo(info.id());
        assertThat(h.holders()).extracting(p -> p.id()).containsExactly(clients.get(0).id());
      });

      Path first = sim.await(clients.get(1).fetch(info, dir.resolve("c1")));
      assertThat(Files.mismatch(first, song)).isEqualTo(-1);

      sim.crash(clients.get(0));
      sim.crash(primary);
      Path second = sim.await(clients.get(2).fetch(info, dir.resolve("c2")));
      assertThat(Files.mismatch(second, song)).isEqualTo(-1);
      assertThat(clients.get(2).stats().counter("central.failover")).isEqualTo(1);
    }
  }
}
