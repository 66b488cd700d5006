package io.hopscotch.transfer.swarm;

import io.hopscotch.transfer.testing.SharedDirectoryRouting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Record;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.hopscotch.core.spi.StrategyOptions;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.InMemoryWireNetwork;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The swarm as a node's transfer strategy on the simulator: the overlay is the tracker. */
class SwarmTransferSimTest {

  @TempDir
  Path dir;
  private Simulation sim;
  private final Map<Key, Map<Key, Record>> directory = new HashMap<>();
  private final InMemoryWireNetwork network = new InMemoryWireNetwork();
  private final List<SimNode> nodes = new ArrayList<>();
  private final List<SwarmTransfer> transfers = new ArrayList<>();
  private Path source;

  @BeforeEach
  void setUp() throws IOException {
    sim = Simulation.builder().seed(3).build();
    for (int i = 0; i < 4; i++) {
      SwarmTransfer t = new SwarmTransfer(SwarmOptions.parse(StrategyOptions.of(Map.of("host", InMemoryWireNetwork.HOST,
          "piece-length", "32768"))), ctx -> network.transport(r -> ctx.timers().once(0, r)));
      SimNode n = sim.addNode(new NodeOptions(), new SharedDirectoryRouting(directory), t);
      sim.await(n.join(List.of()));
      nodes.add(n);
      transfers.add(t);
    }
    byte[] content = new byte[900_000];
    new Random(2).nextBytes(content);
    source = Files.createDirectories(dir.resolve("src")).resolve("talk.webm");
    Files.write(source, content);
  }

  @AfterEach
  void close() {
    sim.close();
  }

  @Test
  void publishThenFetchFromSeveralNodesGivesByteIdenticalCopies() {
    ContentInfo info = sim.await(nodes.get(0).publish(source));
    assertThat(info.transfer()).isEqualTo("swarm");
    assertThat(info.size()).isEqualTo(900_000);
    Metainfo meta = SwarmTransfer.metainfoOf(info);
    assertThat(meta.infoHash()).isEqualTo(info.id());
    assertThat(directory.get(info.id())).hasSize(1);

    List<TransferProgress> events = new ArrayList<>();
    List<Future<Path>> fetches = new ArrayList<>();
    for (int i = 1; i < 4; i++) {
      fetches.add(nodes.get(i).fetch(info, dir.resolve("n" + i), i == 1 ? events::add : p -> { }));
    }
    for (int i = 1; i < 4; i++) {
      Path got = sim.await(fetches.get(i - 1));
      assertThat(got).isEqualTo(dir.resolve("n" + i).resolve("talk.webm"));
      assertThat(Files.exists(got)).isTrue();
      try {
        assertThat(Files.mismatch(got, source)).isEqualTo(-1);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    assertThat(directory.get(info.id())).hasSize(4);
    assertThat(events).isNotEmpty();
    assertThat(events.get(events.size() - 1).piecesDone()).isEqualTo(meta.pieceCount());
    assertThat(events).extracting(TransferProgress::bytesDone).isSorted();
  }

  @Test
  void aCancelledFetchFailsAndAWrongInfoDictionaryIsRefused() {
    ContentInfo info = sim.await(nodes.get(0).publish(source));
    Future<Path> f = nodes.get(1).fetch(info, dir.resolve("c"));
    transfers.get(1).cancel(info.id());
    assertThatThrownBy(() -> sim.await(f)).hasMessageContaining("stopped before it completed");
    ContentInfo forged = new ContentInfo(Key.sha1("other"), info.name(), info.size(), "swarm", info.metadata());
    assertThatThrownBy(() -> sim.await(nodes.get(2).fetch(forged, dir.resolve("d")))).hasMessageContaining("hashes to");
  }
}
