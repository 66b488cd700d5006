package io.hopscotch.transfer.swarm.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.transfer.swarm.meta.MagnetLink;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.session.SwarmEngine;
import io.hopscotch.transfer.swarm.session.SwarmSession;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One seeder and three leechers over real loopback TCP, finding each other through a Hopscotch HTTP tracker. */
class LoopbackSwarmTest {

  @TempDir
  Path dir;
  private final LoopbackSupport loop = new LoopbackSupport();

  @AfterEach
  void close() {
    loop.close();
  }

  @Test
  void leechersFindEachOtherThroughTheTrackerAndEndByteIdentical() throws IOException {
    byte[] data = new byte[3 * 1024 * 1024 + 777];
    new Random(4).nextBytes(data);
    Path source = Files.createDirectories(dir.resolve("seed")).resolve("disk.img");
    Files.write(source, data);
    HttpTrackerServer tracker = loop.tracker();
    Metainfo meta = Metainfo.create(source, 64 * 1024, List.of(tracker.announceUrl()));

    SwarmEngine seeder = loop.engine();
    loop.on(() -> seeder.add(meta, source.getParent(), new HttpTrackerClient(loop.vertx, meta.trackers(), seeder.peerId()), true,
        p -> { }));
    List<SwarmSession> leechers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SwarmEngine e = loop.engine();
      Path target = dir.resolve("l" + i);
      leechers.add(loop.on(() -> e.add(meta, target, new HttpTrackerClient(loop.vertx, meta.trackers(), e.peerId()), false, p -> { })));
    }
    for (SwarmSession s : leechers) {
      loop.on(s::completion);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(Files.mismatch(dir.resolve("l" + i).resolve("disk.img"), source)).isEqualTo(-1);
    }
    assertThat(loop.on(() -> Future.succeededFuture(tracker.registry().peers(meta.infoHash())))).isEqualTo(4);
  }

  @Test
  void leechersStartedFromAMagnetLinkFindTheSeederThroughTheTracker() throws IOException {
    byte[] data = new byte[2 * 1024 * 1024 + 99];
    new Random(5).nextBytes(data);
    Path source = Files.createDirectories(dir.resolve("seed")).resolve("scan.pdf");
    Files.write(source, data);
    HttpTrackerServer tracker = loop.tracker();
    Metainfo meta = Metainfo.create(source, 16 * 1024, List.of(tracker.announceUrl()));
    MagnetLink link = MagnetLink.parse(meta.magnet().toString());

    SwarmEngine seeder = loop.engine();
    loop.on(() -> seeder.add(meta, source.getParent(), new HttpTrackerClient(loop.vertx, meta.trackers(), seeder.peerId()), true,
        p -> { }));
    List<SwarmSession> leechers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      SwarmEngine e = loop.engine();
      Path target = dir.resolve("m" + i);
      leechers.add(loop.on(() -> e.addMagnet(link.infoHash(), link.trackers(), target,
          new HttpTrackerClient(loop.vertx, link.trackers(), e.peerId()), p -> { })));
    }
    for (SwarmSession s : leechers) {
      loop.on(s::completion);
      assertThat(s.meta().infoHash()).isEqualTo(meta.infoHash());
    }
    for (int i = 0; i < 2; i++) {
      assertThat(Files.mismatch(dir.resolve("m" + i).resolve("scan.pdf"), source)).isEqualTo(-1);
    }
  }
}
