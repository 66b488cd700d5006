package io.hopscotch.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.StandalonePeer;
import io.hopscotch.transfer.swarm.session.SwarmConfig;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The BitTorrent-compatible commands in process: {@code tracker} and {@code share} serving a
 * {@code fetch} through the tracker alone and stopping when asked, {@code fetch} from a seeder, and
 * clear failures.
 */
class SwarmCommandsTest {

  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = HopscotchCli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void fetchDownloadsFromASeederWithAProgressBarAndExitsZero() throws Exception {
    byte[] data = new byte[700_000];
    new Random(6).nextBytes(data);
    Path src = Files.createDirectories(dir.resolve("src")).resolve("notes.pdf");
    Files.write(src, data);
    Metainfo meta = Metainfo.create(src, 64 * 1024, List.of());
    Path torrent = dir.resolve("notes.torrent");
    meta.write(torrent);
    Vertx vertx = Vertx.vertx();
    try {
      StandalonePeer seeder = StandalonePeer.start(vertx, "127.0.0.1", 0, SwarmConfig.DEFAULTS).toCompletionStage()
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      seeder.add(meta, src.getParent(), true, List.of(), p -> { }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Run r = run("fetch", torrent.toString(), "--dir", dir.resolve("out").toString(), "--peer", "127.0.0.1:" + seeder.port(),
          "--timeout", "60");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("100.0%").contains("complete:");
      assertThat(Files.mismatch(dir.resolve("out/notes.pdf"), src)).isEqualTo(-1);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void fetchByMagnetLinkGetsTheMetadataFromTheSeederAndExitsZero() throws Exception {
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    Path src = Files.createDirectories(dir.resolve("src")).resolve("slides.odp");
    Files.write(src, data);
    Metainfo meta = Metainfo.create(src, 16 * 1024, List.of());
    Vertx vertx = Vertx.vertx();
    try {
      StandalonePeer seeder = StandalonePeer.start(vertx, "127.0.0.1", 0, SwarmConfig.DEFAULTS).toCompletionStage()
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      seeder.add(meta, src.getParent(), true, List.of(), p -> { }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Run r = run("fetch", meta.magnet().toString(), "--dir", dir.resolve("out").toString(), "--peer", "127.0.0.1:" + seeder.port(),
          "--timeout", "60");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("fetching the metadata of " + meta.infoHash().toHex()).contains("100.0%").contains("complete:");
      assertThat(Files.mismatch(dir.resolve("out/slides.odp"), src)).isEqualTo(-1);
      Run none = run("fetch", "magnet:?xt=urn:btih:" + "cd".repeat(20), "--dir", dir.resolve("none").toString(), "--peer",
          "127.0.0.1:" + seeder.port(), "--timeout", "2");
      assertThat(none.code()).isEqualTo(1);
      assertThat(none.err()).contains("did not complete within 2 s").contains("no peer gave its metadata");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** A long-running command executing on its own thread, its output captured. */
  private static final class Running {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();

    Running(Object command, String... args) {
      CommandLine cmd = new CommandLine(command);
      cmd.setOut(new PrintWriter(out, true));
      cmd.setErr(new PrintWriter(err, true));
      Thread t = new Thread(() -> exit.complete(cmd.execute(args)), "command-under-test");
      t.setDaemon(true);
      t.start();
    }

    /** Waits (at most 60 s) until the output holds {@code text}; fails with the output if the command ends first. */
    String awaitOutput(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!out.toString().contains(text)) {
        if (exit.isDone() || System.nanoTime() > deadline) {
          throw new AssertionError("no '" + text + "' in the output: " + out + err);
        }
        Thread.sleep(20);
      }
      return out.toString();
    }

    int awaitExit() throws Exception {
      return exit.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void trackerAndShareServeAFetchThroughTheTrackerAloneAndStopWhenAsked() throws Exception {
    byte[] data = new byte[500_000];
    new Random(9).nextBytes(data);
    Path src = Files.createDirectories(dir.resolve("src")).resolve("talk.webm");
    Files.write(src, data);
    Path torrent = dir.resolve("talk.torrent");
    TrackerCommand trackerCmd = new TrackerCommand();
    ShareCommand shareCmd = new ShareCommand();
    Running tracker = new Running(trackerCmd, "--port", "0");
    Running share = null;
    try {
      String url = tracker.awaitOutput("/announce").lines().filter(l -> l.startsWith("tracker announce URL: ")).findFirst()
          .orElseThrow().substring("tracker announce URL: ".length()).strip();
      assertThat(url).startsWith("http://127.0.0.1:");
      share = new Running(shareCmd, src.toString(), "--tracker", url, "--port", "0", "--torrent", torrent.toString(),
          "--piece-length", "65536");
      String shared = share.awaitOutput("until stopped");
      Metainfo meta = Metainfo.read(torrent);
      assertThat(meta.trackers()).containsExactly(url);
      assertThat(shared).contains("info-hash: " + meta.infoHash().toHex()).contains("magnet:    magnet:?xt=urn:btih:")
          .doesNotContain("no tracker given");

      // no --peer: the seeder is found through the tracker alone
      Run fetched = run("fetch", torrent.toString(), "--dir", dir.resolve("out").toString(), "--timeout", "60");
      assertThat(fetched.code()).as(fetched.out() + fetched.err()).isZero();
      assertThat(Files.mismatch(dir.resolve("out/talk.webm"), src)).isEqualTo(-1);
    } finally {
      trackerCmd.untilStopped.stop();
      shareCmd.untilStopped.stop();
    }
    assertThat(tracker.awaitExit()).isZero();
    assertThat(share.awaitExit()).isZero();
  }

  @Test
  void trackerAndShareFailuresExitNonZeroWithAReason() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run busy = run("tracker", "--port", Integer.toString(taken.getLocalPort()));
      assertThat(busy.code()).isEqualTo(1);
      assertThat(busy.err()).contains("cannot start the tracker on 127.0.0.1:" + taken.getLocalPort());
    }
    Run noPort = run("tracker");
    assertThat(noPort.code()).isEqualTo(2);
    Run missing = run("share", dir.resolve("absent.bin").toString(), "--port", "0", "--torrent", dir.resolve("a.torrent").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("cannot share " + dir.resolve("absent.bin"));
    Files.writeString(dir.resolve("x.txt"), "x");
    Run badTracker = run("share", dir.resolve("x.txt").toString(), "--tracker", "udp://127.0.0.1:1", "--port", "0");
    assertThat(badTracker.code()).isEqualTo(2);
    assertThat(badTracker.err()).contains("--tracker: 'udp://127.0.0.1:1' is not an http(s) URL");
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void fetchGivesUpWhenNoPeerConnectsAndNamesTheFailingTracker() throws Exception {
    byte[] data = new byte[100_000];
    new Random(8).nextBytes(data);
    Path src = Files.createDirectories(dir.resolve("src")).resolve("lost.bin");
    Files.write(src, data);
    String tracker = "http://127.0.0.1:" + freePort() + "/announce"; // nobody listens there
    Metainfo meta = Metainfo.create(src, 16 * 1024, List.of(tracker));
    Path torrent = dir.resolve("lost.torrent");
    meta.write(torrent);
    Run r = run("fetch", torrent.toString(), "--dir", dir.resolve("out").toString(), "--find-timeout", "2");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.err()).contains("no peer connected for lost.bin within 2 s (--find-timeout)")
        .contains("tracker " + tracker + ": failed: ");
    assertThat(r.out()).containsAnyOf("(waiting for peers)", "(tracker " + tracker + ": failed: ");

    Run magnet = run("fetch", meta.magnet().toString(), "--dir", dir.resolve("out2").toString(), "--find-timeout", "2");
    assertThat(magnet.code()).as(magnet.out() + magnet.err()).isEqualTo(1);
    assertThat(magnet.err()).contains("no peer gave the metadata of lost.bin within 2 s").contains("tracker " + tracker + ": failed: ");
    Run negative = run("fetch", torrent.toString(), "--dir", dir.resolve("out3").toString(), "--find-timeout", "-1");
    assertThat(negative.code()).isEqualTo(2);
  }

  @Test
  void fetchFailuresExitNonZeroWithAReason() throws Exception {
    Run magnet = run("fetch", "magnet:?xt=urn:btih:" + "ab".repeat(20), "--dir", dir.toString());
    assertThat(magnet.code()).isEqualTo(1);
    assertThat(magnet.err()).contains("names no tracker");
    Run badMagnet = run("fetch", "magnet:?dn=x", "--dir", dir.toString());
    assertThat(badMagnet.code()).isEqualTo(2);
    assertThat(badMagnet.err()).contains("no 'xt=urn:btih:'");
    Run missing = run("fetch", dir.resolve("none.torrent").toString(), "--dir", dir.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("cannot read");
    Path bad = dir.resolve("bad.torrent");
    Files.writeString(bad, "d4:infoi3ee");
    Run malformed = run("fetch", bad.toString(), "--dir", dir.toString());
    assertThat(malformed.code()).isEqualTo(1);
    assertThat(malformed.err()).contains("key 'info' must be a dictionary");
    Run usage = run("fetch", bad.toString());
    assertThat(usage.code()).isEqualTo(2);
  }
}
