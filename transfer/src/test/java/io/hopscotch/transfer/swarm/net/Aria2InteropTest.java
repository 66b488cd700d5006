package io.hopscotch.transfer.swarm.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hopscotch.transfer.swarm.meta.MagnetLink;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.session.SwarmEngine;
import io.hopscotch.transfer.swarm.session.SwarmSession;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with a real BitTorrent client, aria2 (DHT, local peer discovery and peer exchange
 * off, bound to 127.0.0.1): aria2 downloads from a Hopscotch seeder through a Hopscotch tracker, and
 * a Hopscotch peer downloads from an aria2 seeder; both byte-identical. The same both ways from a
 * magnet link alone, the info dictionary coming over the metadata exchange (BEP 9), and aria2 from a
 * node given only the node's {@code .torrent}, through the tracker the node hosts. Skipped only when
 * aria2c is not installed.
 */
class Aria2InteropTest {

  private static boolean aria2;
  @TempDir
  Path dir;
  private LoopbackSupport loop;
  private final List<Process> processes = new ArrayList<>();
  private Path source;

  @BeforeAll
  static void findAria2() {
    try {
      Process p = new ProcessBuilder("aria2c", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      aria2 = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      aria2 = false;
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(aria2, "aria2c is not installed (apt-get install -y aria2): skipping the interop tests");
    loop = new LoopbackSupport();
    byte[] data = new byte[5 * 1024 * 1024 + 4321];
    new Random(8).nextBytes(data);
    source = Files.createDirectories(dir.resolve("seed")).resolve("payload.bin");
    Files.write(source, data);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (loop != null) {
      loop.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Process aria2(Path torrent, Path workDir, boolean seed) throws IOException {
    return aria2(torrent.toString(), workDir, seed);
  }

  private Process aria2(String torrentOrMagnet, Path workDir, boolean seed) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("aria2c",
        "--dir=" + workDir, "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
        "--enable-peer-exchange=false", "--interface=127.0.0.1", "--listen-port=" + freePort(),
        "--disable-ipv6=true", "--check-integrity=true", "--allow-overwrite=true", "--auto-file-renaming=false",
        "--file-allocation=none", "--summary-interval=0", "--console-log-level=warn", "--bt-stop-timeout=60",
        "--bt-tracker-interval=2", "--bt-tracker-connect-timeout=5", "--bt-tracker-timeout=5"));
    if (seed) {
      cmd.add("--seed-time=10");
      cmd.add("--seed-ratio=0.0");
    } else {
      cmd.add("--seed-time=0");
    }
    cmd.add(torrentOrMagnet);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(seed ? "aria2-seed.log" : "aria2.log").toFile())
        .start();
    processes.add(p);
    return p;
  }

  @Test
  void aria2DownloadsFromAHopscotchSeederThroughAHopscotchTracker() throws Exception {
    HttpTrackerServer tracker = loop.tracker();
    Metainfo meta = Metainfo.create(source, 256 * 1024, List.of(tracker.announceUrl()));
    Path torrent = dir.resolve("payload.torrent");
    meta.write(torrent);
    SwarmEngine seeder = loop.engine();
    loop.on(() -> seeder.add(meta, source.getParent(), new HttpTrackerClient(loop.vertx, meta.trackers(), seeder.peerId()), true,
        p -> { }));
    Path out = Files.createDirectories(dir.resolve("aria2-out"));
    Process p = aria2(torrent, out, false);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("aria2 finished in time; log: %s", log("aria2.log")).isTrue();
    assertThat(p.exitValue()).as("aria2 exit code; log: %s", log("aria2.log")).isZero();
    assertThat(Files.mismatch(out.resolve("payload.bin"), source)).isEqualTo(-1);
    SwarmSession s = seeder.session(meta.infoHash());
    assertThat(loop.on(() -> Future.succeededFuture(s.uploaded()))).isGreaterThanOrEqualTo(meta.totalLength());
  }

  @Test
  void aria2DownloadsFromANodeThroughTheTrackerTheNodeHosts() throws Exception {
    io.hopscotch.core.NodeOptions o = new io.hopscotch.core.NodeOptions().setHost("127.0.0.1").setPort(0).setTransfer("swarm")
        .setTransferOption("tracker-port", "0");
    io.hopscotch.transfer.swarm.SwarmTransfer swarm = (io.hopscotch.transfer.swarm.SwarmTransfer)
        new io.hopscotch.transfer.swarm.SwarmTransferProvider().create(io.hopscotch.core.spi.StrategyOptions.of(o.getTransferOptions()));
    io.hopscotch.core.Node node = io.hopscotch.core.net.NetworkNode.create(o,
        new io.hopscotch.transfer.testing.SharedDirectoryRouting(new java.util.HashMap<>()), swarm);
    try {
      node.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      node.join(List.of()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      io.hopscotch.core.ContentInfo info = node.publish(source).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Metainfo meta = io.hopscotch.transfer.swarm.SwarmTransfer.metainfoOf(info);
      assertThat(meta.trackers()).hasSize(1);
      Path torrent = dir.resolve("payload.torrent");
      meta.write(torrent);
      Path out = Files.createDirectories(dir.resolve("aria2-out"));
      Process p = aria2(torrent, out, false);
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("aria2 finished in time; log: %s", log("aria2.log")).isTrue();
      assertThat(p.exitValue()).as("aria2 exit code; log: %s", log("aria2.log")).isZero();
      assertThat(Files.mismatch(out.resolve("payload.bin"), source)).isEqualTo(-1);
    } finally {
      node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void hopscotchDownloadsFromAnAria2Seeder() throws Exception {
    HttpTrackerServer tracker = loop.tracker();
    Metainfo meta = Metainfo.create(source, 256 * 1024, List.of(tracker.announceUrl()));
    Path torrent = dir.resolve("payload.torrent");
    meta.write(torrent);
    aria2(torrent, source.getParent(), true);
    SwarmEngine leecher = loop.engine();
    Path target = dir.resolve("ours");
    SwarmSession s = loop.on(() -> leecher.add(meta, target, new HttpTrackerClient(loop.vertx, meta.trackers(), leecher.peerId()),
        false, p -> { }));
    // the first announce may come before aria2 has announced; ask again until it shows up
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!loop.on(() -> Future.succeededFuture(s.complete())) && System.nanoTime() < deadline) {
      List<io.hopscotch.transfer.swarm.session.PeerAddress> peers = loop.on(() ->
          new HttpTrackerClient(loop.vertx, meta.trackers(), new byte[20]).announce(meta.infoHash(), 1, 1,
              io.hopscotch.transfer.swarm.session.PeerSource.Event.NONE));
      loop.on(() -> {
        s.addPeers(peers);
        return Future.succeededFuture();
      });
      Thread.sleep(200);
    }
    loop.on(s::completion);
    assertThat(Files.mismatch(target.resolve("payload.bin"), source)).isEqualTo(-1);
  }

  private String log(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Test
  void aria2FetchesByMagnetLinkFromAHopscotchSeeder() throws Exception {
    HttpTrackerServer tracker = loop.tracker();
    Metainfo meta = Metainfo.create(source, 64 * 1024, List.of(tracker.announceUrl()));
    SwarmEngine seeder = loop.engine();
    loop.on(() -> seeder.add(meta, source.getParent(), new HttpTrackerClient(loop.vertx, meta.trackers(), seeder.peerId()), true,
        p -> { }));
    Path out = Files.createDirectories(dir.resolve("aria2-magnet"));
    Process p = aria2(meta.magnet().toString(), out, false);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("aria2 finished in time; log: %s", log("aria2.log")).isTrue();
    assertThat(p.exitValue()).as("aria2 exit code; log: %s", log("aria2.log")).isZero();
    assertThat(Files.mismatch(out.resolve("payload.bin"), source)).isEqualTo(-1);
  }

  @Test
  void hopscotchFetchesByMagnetLinkFromAnAria2Seeder() throws Exception {
    HttpTrackerServer tracker = loop.tracker();
    Metainfo meta = Metainfo.create(source, 64 * 1024, List.of(tracker.announceUrl()));
    Path torrent = dir.resolve("payload.torrent");
    meta.write(torrent);
    aria2(torrent, source.getParent(), true);
    MagnetLink link = MagnetLink.parse(meta.magnet().toString());
    SwarmEngine leecher = loop.engine();
    Path target = dir.resolve("ours-magnet");
    io.vertx.core.Future<SwarmSession> pending = loop.on(() -> io.vertx.core.Future.succeededFuture(leecher.addMagnet(link.infoHash(),
        link.trackers(), target, new HttpTrackerClient(loop.vertx, link.trackers(), leecher.peerId()), p -> { })));
    // the first announce may come before aria2 has announced; hand over the tracker's peers until one answers
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!loop.on(() -> io.vertx.core.Future.succeededFuture(pending.isComplete())) && System.nanoTime() < deadline) {
      List<io.hopscotch.transfer.swarm.session.PeerAddress> peers = loop.on(() ->
          new HttpTrackerClient(loop.vertx, meta.trackers(), new byte[20]).announce(meta.infoHash(), 1, 1,
              io.hopscotch.transfer.swarm.session.PeerSource.Event.NONE));
      loop.on(() -> {
        io.hopscotch.transfer.swarm.session.MetadataFetch f = leecher.metadataFetch(link.infoHash());
        if (f != null) {
          f.addPeers(peers);
        }
        return io.vertx.core.Future.succeededFuture();
      });
      Thread.sleep(200);
    }
    SwarmSession s = loop.on(() -> pending);
    assertThat(s.meta().infoHash()).isEqualTo(meta.infoHash());
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!loop.on(() -> io.vertx.core.Future.succeededFuture(s.complete())) && System.nanoTime() < deadline) {
      List<io.hopscotch.transfer.swarm.session.PeerAddress> peers = loop.on(() ->
          new HttpTrackerClient(loop.vertx, meta.trackers(), new byte[20]).announce(meta.infoHash(), 1, 1,
              io.hopscotch.transfer.swarm.session.PeerSource.Event.NONE));
      loop.on(() -> {
        s.addPeers(peers);
        return io.vertx.core.Future.succeededFuture();
      });
      Thread.sleep(200);
    }
    loop.on(s::completion);
    assertThat(Files.mismatch(target.resolve("payload.bin"), source)).isEqualTo(-1);
  }
}
