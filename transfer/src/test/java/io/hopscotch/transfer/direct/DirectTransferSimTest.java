package io.hopscotch.transfer.direct;

import io.hopscotch.transfer.testing.SharedDirectoryRouting;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.ContentInfo;
import io.hopscotch.core.Key;
import io.hopscotch.core.NodeOptions;
import io.hopscotch.core.Record;
import io.hopscotch.core.TransferProgress;
import io.hopscotch.core.sim.SimNode;
import io.hopscotch.core.sim.Simulation;
import io.hopscotch.core.spi.StrategyOptions;
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

/** Publish and fetch on the simulator, every message encoded: byte-identical copies, holder failover, bad hashes. */
class DirectTransferSimTest {

  private static final int SIZE = 1024 * 1024 + 12_345;
  @TempDir
  Path dir;
  private Simulation sim;
  private final Map<Key, Map<Key, Record>> directory = new HashMap<>();
  private final List<SimNode> nodes = new ArrayList<>();
  private Path source;
  private byte[] content;

  @BeforeEach
  void setUp() throws IOException {
    sim = Simulation.builder().seed(7).encodeMessages(true).build();
    for (int i = 0; i < 4; i++) {
      SimNode n = sim.addNode(new NodeOptions(), new SharedDirectoryRouting(directory),
          new DirectTransferProvider().create(StrategyOptions.empty()));
      sim.await(n.join(List.of()));
      nodes.add(n);
    }
    content = new byte[SIZE];
    new Random(1).nextBytes(content);
    source = Files.createDirectories(dir.resolve("src")).resolve("blue-moon.ogg");
    Files.write(source, content);
  }

  @AfterEach
  void close() {
    sim.close();
  }

  @Test
  void fetchGivesAByteIdenticalFileAndTheFetcherBecomesAHolder() throws IOException {
    ContentInfo info = sim.await(nodes.get(0).publish(source));
    assertThat(info.id()).isEqualTo(Key.sha1(content));
    assertThat(info.size()).isEqualTo(SIZE);
    assertThat(info.name()).isEqualTo("blue-moon.ogg");
    assertThat(info.transfer()).isEqualTo("direct");
    assertThat(directory.get(info.id()).values()).singleElement()
        .satisfies(r -> assertThat(r.keywords()).containsExactly("blue", "moon", "ogg"));

    List<TransferProgress> events = new ArrayList<>();
    Path got = sim.await(nodes.get(1).fetch(info, dir.resolve("n1"), events::add));
    assertThat(got).isEqualTo(dir.resolve("n1").resolve("blue-moon.ogg"));
    assertThat(Files.mismatch(got, source)).isEqualTo(-1);
    assertThat(events).hasSizeGreaterThanOrEqualTo(5);
    assertThat(events.get(events.size() - 1)).satisfies(p -> {
      assertThat(p.bytesDone()).isEqualTo(SIZE);
      assertThat(p.piecesDone()).isEqualTo(1);
      assertThat(p.fraction()).isEqualTo(1.0);
    });
    assertThat(events).extracting(TransferProgress::bytesDone).isSorted();
    try (var leftovers = Files.list(dir.resolve("n1"))) {
      assertThat(leftovers).containsExactly(got);
    }
    assertThat(directory.get(info.id())).as("the fetcher announced itself").hasSize(2);
  }

  @Test
  void aHolderThatDiesMidwayIsReplacedByTheNextBest() {
    ContentInfo info = sim.await(nodes.get(0).publish(source));
    sim.await(nodes.get(1).fetch(info, dir.resolve("n1")));
    // node 0 is faster, so it is chosen; it dies once a few chunks have arrived
    sim.setBandwidth(nodes.get(0), 4_000_000);
    sim.setBandwidth(nodes.get(1), 1_000_000);
    boolean[] started = {false};
    Future<Path> f = nodes.get(2).fetch(info, dir.resolve("n2"), p -> started[0] |= p.bytesDone() > 0 && p.bytesDone() < SIZE);
    while (!started[0] && !f.isComplete()) {
      sim.runFor(1);
    }
    sim.crash(nodes.get(0));
    Path got = sim.await(f);
    assertThat(Files.exists(got)).isTrue();
    assertThat(content).isEqualTo(readAll(got));
    assertThat(nodes.get(2).stats().counter("direct.holder_failover")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aFileThatChangedAfterPublishingFailsTheHashCheck() throws IOException {
    ContentInfo info = sim.await(nodes.get(0).publish(source));
    content[SIZE / 2] ^= 1;
    Files.write(source, content);
    Throwable t = sim.awaitFailure(nodes.get(3).fetch(info, dir.resolve("n3")));
    assertThat(t).hasMessageContaining("does not match its content id");
    try (var leftovers = Files.list(dir.resolve("n3"))) {
      assertThat(leftovers).as("no partial file is left behind").isEmpty();
    }
  }

  @Test
  void clearErrorsForDirectoriesUnknownContentAndDeadHolders() throws IOException {
    assertThat(sim.awaitFailure(nodes.get(0).publish(dir))).hasMessageContaining("not a regular file");
    ContentInfo unknown = new ContentInfo(Key.sha1("nothing"), "x.bin", 10, "direct", new byte[0]);
    assertThat(sim.awaitFailure(nodes.get(1).fetch(unknown, dir.resolve("n1")))).hasMessageContaining("no holder");
    ContentInfo info = sim.await(nodes.get(0).publish(source));
    sim.crash(nodes.get(0));
    assertThat(sim.awaitFailure(nodes.get(1).fetch(info, dir.resolve("n1")))).hasMessageContaining("answered a probe");
    ContentInfo swarm = new ContentInfo(info.id(), "x.bin", 10, "swarm", new byte[0]);
    assertThat(sim.awaitFailure(nodes.get(1).fetch(swarm, dir.resolve("n1")))).hasMessageContaining("'swarm'");
  }

  @Test
  void emptyFilesTransferToo() throws IOException {
    Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
    ContentInfo info = sim.await(nodes.get(0).publish(empty));
    Path got = sim.await(nodes.get(1).fetch(info, dir.resolve("n1")));
    assertThat(Files.size(got)).isZero();
  }

  private static byte[] readAll(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
