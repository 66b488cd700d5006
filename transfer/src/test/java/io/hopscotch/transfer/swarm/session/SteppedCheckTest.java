package io.hopscotch.transfer.swarm.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.InMemoryWireNetwork;
import io.vertx.core.Future;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checking a large torrent's files on the event loop leaves room for other work: it runs in bounded
 * steps, and a small swarm on the same loop exchanges messages while a large seeder is still being
 * checked.
 */
class SteppedCheckTest {

  @TempDir
  Path dir;
  private final ManualLoop loop = new ManualLoop();
  private final InMemoryWireNetwork network = new InMemoryWireNetwork();

  private Path file(String name, long size, long seed) throws Exception {
    Path p = Files.createDirectories(dir.resolve("src-" + name)).resolve(name);
    Random r = new Random(seed);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(p)) {
      for (long done = 0; done < size; done += buf.length) {
        r.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, size - done));
      }
    }
    return p;
  }

  private SwarmEngine engine(int seed) {
    SwarmEngine e = new SwarmEngine(network.transport(loop), loop, loop, new Random(seed), SwarmConfig.DEFAULTS);
    e.start(InMemoryWireNetwork.HOST, 0);
    return e;
  }

  private static PeerSource fixed(List<PeerAddress> peers) {
    return (hash, port, left, event) -> Future.succeededFuture(List.copyOf(peers));
  }

  @Test
  void aLargeSeederIsCheckedInStepsWhileASmallSwarmGoesOn() throws Exception {
    // the small swarm: a seeder and a leecher of 2 MiB, started first
    Path smallFile = file("small.bin", 2L << 20, 1);
    Metainfo small = Metainfo.create(smallFile, 16 * 1024, List.of());
    SwarmEngine smallSeeder = engine(1);
    smallSeeder.add(small, smallFile.getParent(), fixed(List.of()), true, p -> { });
    SwarmEngine leecherEngine = engine(2);
    SwarmSession leecher = leecherEngine.add(small, dir.resolve("leech"), fixed(List.of(
        new PeerAddress(InMemoryWireNetwork.HOST, smallSeeder.port()))), false, p -> { }).result();

    // the large seeder: 5 steps' worth of content, on the same loop
    Path largeFile = file("large.bin", 5 * BoundedSteps.STEP_BYTES, 2);
    Metainfo large = Metainfo.create(largeFile, 256 * 1024, List.of());
    SwarmEngine largeEngine = engine(3);
    Future<SwarmSession> checking = largeEngine.add(large, largeFile.getParent(), fixed(List.of()), true, p -> { });
    assertThat(checking.isComplete()).as("checking goes on in later steps").isFalse();
    assertThat(largeEngine.add(large, largeFile.getParent(), fixed(List.of()), true, p -> { }).failed())
        .as("the torrent counts as running while it is checked").isTrue();

    List<Integer> leecherPeersWhileChecking = new ArrayList<>();
    loop.runUntil(() -> {
      if (!checking.isComplete()) {
        leecherPeersWhileChecking.add(leecher.peerCount());
      }
      return checking.isComplete();
    }, 60_000);
    assertThat(checking.succeeded()).isTrue();
    assertThat(checking.result().complete()).isTrue();
    // between two steps the messages already queued are served: the small swarm's handshakes
    // went through while the large seeder was still being checked
    assertThat(leecherPeersWhileChecking).as("the small swarm's peers met before the large check finished").contains(1);
    assertThat(loop.runUntil(leecher::complete, 120_000)).isTrue();
    assertThat(Files.mismatch(leecher.root(), smallFile)).isEqualTo(-1);
  }

  @Test
  void withAWorkerTheCheckRunsOffTheLoopOneStepAtATime() throws Exception {
    Path largeFile = file("large.bin", 3 * BoundedSteps.STEP_BYTES, 7);
    Metainfo large = Metainfo.create(largeFile, 256 * 1024, List.of());
    // the "worker": steps wait here until the test runs them, as a worker thread would
    java.util.ArrayDeque<java.util.Map.Entry<java.util.concurrent.Callable<Boolean>, io.vertx.core.Promise<Boolean>>> worker =
        new java.util.ArrayDeque<>();
    BoundedSteps.OffLoop offLoop = step -> {
      io.vertx.core.Promise<Boolean> p = io.vertx.core.Promise.promise();
      worker.add(java.util.Map.entry(step, p));
      return p.future();
    };
    SwarmEngine e = new SwarmEngine(network.transport(loop), loop, loop, new Random(8), SwarmConfig.DEFAULTS, offLoop);
    e.start(InMemoryWireNetwork.HOST, 0);
    Future<SwarmSession> checking = e.add(large, largeFile.getParent(), fixed(List.of()), true, p -> { });
    int steps = 0;
    while (!checking.isComplete()) {
      loop.runUntil(() -> !worker.isEmpty() || checking.isComplete(), 1_000);
      if (worker.isEmpty()) {
        break;
      }
      assertThat(worker).as("one step at a time").hasSize(1);
      var step = worker.poll();
      step.getValue().complete(step.getKey().call());
      steps++;
    }
    assertThat(checking.succeeded()).isTrue();
    assertThat(checking.result().complete()).isTrue();
    assertThat(steps).as("every byte read by a step on the worker").isEqualTo(3);
    e.close();
  }

  @Test
  void closingTheEngineWhileCheckingFailsTheAddAndAChangedFileIsRefused() throws Exception {
    Path largeFile = file("large.bin", 3 * BoundedSteps.STEP_BYTES, 4);
    Metainfo large = Metainfo.create(largeFile, 256 * 1024, List.of());
    SwarmEngine e = engine(5);
    Future<SwarmSession> checking = e.add(large, largeFile.getParent(), fixed(List.of()), true, p -> { });
    e.close();
    loop.runUntil(checking::isComplete, 10_000);
    assertThat(checking.failed()).isTrue();
    assertThat(checking.cause()).hasMessageContaining("stopped");

    try (var ch = java.nio.channels.FileChannel.open(largeFile, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 2 * BoundedSteps.STEP_BYTES + 5);
    }
    SwarmEngine e2 = engine(6);
    Future<SwarmSession> changed = e2.add(large, largeFile.getParent(), fixed(List.of()), true, p -> { });
    loop.runUntil(changed::isComplete, 10_000);
    assertThat(changed.failed()).isTrue();
    assertThat(changed.cause()).hasMessageContaining("does not match its metainfo");
  }
}
