package io.hopscotch.examples.cli;

import io.hopscotch.core.TransferProgress;
import io.hopscotch.transfer.swarm.meta.MagnetLink;
import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.StandalonePeer;
import io.hopscotch.transfer.swarm.session.PeerAddress;
import io.hopscotch.transfer.swarm.session.SwarmConfig;
import io.hopscotch.transfer.swarm.session.SwarmSession;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Downloads a torrent, given by its {@code .torrent} file or by a magnet link (the info dictionary then
 * comes from peers, BEP 9), with a live progress bar, verifying every piece; exits 0 once complete.
 * While no peer is connected the progress line says what the trackers answered; if no peer has
 * connected within {@code --find-timeout} seconds (default 60) it exits 1 naming each tracker's
 * failure, so an unreachable tracker or an empty swarm does not hang it.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = "Download FILE.torrent or a magnet link into --dir with a progress bar; exit 0 when complete "
        + "(or keep seeding with --seed).")
final class FetchCommand implements Callable<Integer> {

  /** How often the waiting thread looks at the download, in milliseconds. */
  private static final long POLL_MILLIS = 200;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.torrent|MAGNET", description = "A .torrent file or a magnet link.")
  String what;

  @Option(names = "--dir", required = true, description = "Directory to download into.")
  Path dir;

  @Option(names = "--port", defaultValue = "0", description = "Peer wire TCP port (default: any free port).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--peer", paramLabel = "HOST:PORT", description = "A peer to connect to directly (repeatable).")
  List<String> peers = new ArrayList<>();

  @Option(names = "--seed", description = "Keep seeding after the download completes, until stopped.")
  boolean seed;

  @Option(names = "--timeout", defaultValue = "0", description = "Give up after this many seconds (default: never).")
  long timeoutSeconds;

  @Option(names = "--find-timeout", defaultValue = "60",
      description = "Give up if no peer has connected within this many seconds (default: ${DEFAULT-VALUE}; 0: wait for peers forever).")
  long findTimeoutSeconds;

  /** Most peers any progress event has shown; written on the event loop, read by the waiting thread. */
  private volatile int peersSeen;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    PrintWriter out = cmd.getOut();
    Metainfo meta = null;
    MagnetLink link = null;
    if (what.regionMatches(true, 0, "magnet:", 0, 7)) {
      try {
        link = MagnetLink.parse(what);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cmd, e.getMessage());
      }
    } else {
      try {
        meta = Metainfo.read(Path.of(what));
      } catch (java.io.IOException | IllegalArgumentException e) {
        cmd.getErr().println("hopscotch: cannot read " + what + ": " + e.getMessage());
        return 1;
      }
    }
    List<PeerAddress> direct = new ArrayList<>();
    for (String p : peers) {
      int colon = p.lastIndexOf(':');
      try {
        direct.add(new PeerAddress(p.substring(0, colon), Integer.parseInt(p.substring(colon + 1))));
      } catch (RuntimeException e) {
        throw new CommandLine.ParameterException(cmd, "--peer: expected HOST:PORT, got '" + p + "'");
      }
    }
    if (timeoutSeconds < 0 || findTimeoutSeconds < 0) {
      throw new CommandLine.ParameterException(cmd, "--timeout and --find-timeout must be >= 0");
    }
    List<String> trackers = meta != null ? meta.trackers() : link.trackers();
    if (trackers.isEmpty() && direct.isEmpty()) {
      cmd.getErr().println("hopscotch: " + what + " names no tracker; give peers with --peer HOST:PORT");
      return 1;
    }
    String name = meta != null ? meta.name() : link.name() != null ? link.name() : link.infoHash().toHex();
    Files.createDirectories(dir);
    Vertx vertx = Vertx.vertx();
    try {
      StandalonePeer peer = StandalonePeer.start(vertx, host, port, SwarmConfig.DEFAULTS).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      long started = System.nanoTime();
      long deadline = timeoutSeconds > 0 ? started + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
      long findDeadline = findTimeoutSeconds > 0 ? started + TimeUnit.SECONDS.toNanos(findTimeoutSeconds) : Long.MAX_VALUE;
      CompletableFuture<SwarmSession> added;
      if (meta != null) {
        added = peer.add(meta, dir, false, direct, p -> bar(out, peer, p)).toCompletionStage().toCompletableFuture();
      } else {
        out.printf("fetching the metadata of %s from peers%n", link.infoHash().toHex());
        out.flush();
        added = peer.addMagnet(link, dir, direct, p -> bar(out, peer, p)).toCompletionStage().toCompletableFuture();
      }
      CompletableFuture<Void> done = added.thenCompose(s -> peer.on(s::completion).toCompletionStage()).toCompletableFuture();
      while (!done.isDone()) {
        try {
          done.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          long now = System.nanoTime();
          if (now - deadline >= 0) {
            out.println();
            cmd.getErr().println("hopscotch: download of " + name + " did not complete within " + timeoutSeconds + " s"
                + (meta == null && !added.isDone() ? " (no peer gave its metadata)" : "") + trackerReport(peer));
            closeQuietly(peer);
            return 1;
          }
          if (peersSeen == 0 && now - findDeadline >= 0) {
            out.println();
            cmd.getErr().println("hopscotch: no peer " + (meta == null && !added.isDone() ? "gave the metadata of " : "connected for ")
                + name + " within " + findTimeoutSeconds + " s (--find-timeout)" + trackerReport(peer)
                + (direct.isEmpty() ? "" : "; peers given with --peer: " + peers));
            closeQuietly(peer);
            return 1;
          }
        }
      }
      done.get();
      SwarmSession session = added.get();
      meta = session.meta();
      out.printf("%ncomplete: %s (%d bytes, every piece verified)%n", dir.resolve(meta.name()), meta.totalLength());
      out.flush();
      if (seed) {
        out.printf("seeding on %s:%d until stopped%n", host, peer.port());
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "hopscotch-fetch-shutdown"));
        stopped.await();
      }
      try {
        peer.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // the download is complete and verified; a slow or failed goodbye does not change that
      }
      return 0;
    } catch (ExecutionException e) {
      out.println();
      cmd.getErr().println("hopscotch: download of " + name + " failed: " + e.getCause().getMessage());
      return 1;
    } finally {
      vertx.close();
    }
  }

  /** "; tracker URL: STATE" for each tracker of the download, or nothing if it has none. */
  private static String trackerReport(StandalonePeer peer) {
    List<String> status;
    try {
      status = peer.on(() -> io.vertx.core.Future.succeededFuture(peer.trackerStatus())).toCompletionStage().toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String s : status) {
      b.append("; tracker ").append(s);
    }
    return b.toString();
  }

  private static void closeQuietly(StandalonePeer peer) {
    try {
      peer.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      // exiting with the failure already reported
    }
  }

  /** Prints the progress line; runs on the peer's event loop. While no peer is connected it says what the trackers answered. */
  private void bar(PrintWriter out, StandalonePeer peer, TransferProgress p) {
    if (p.peers() > peersSeen) {
      peersSeen = p.peers();
    }
    int width = 30;
    int filled = (int) Math.round(p.fraction() * width);
    String waiting = "";
    if (p.peers() == 0 && p.fraction() < 1) {
      List<String> failing = peer.trackerStatus().stream().filter(s -> s.contains(": failed: ")).toList();
      waiting = failing.isEmpty() ? "  (waiting for peers)" : "  (tracker " + failing.get(0) + ")";
    }
    out.printf(Locale.ROOT, "\r[%s%s] %5.1f%% %7.2f MiB/s  peers %d  pieces %d/%d%s", "#".repeat(filled), ".".repeat(width - filled),
        100 * p.fraction(), p.bytesPerSecond() / (1024 * 1024), p.peers(), p.piecesDone(), p.piecesTotal(), waiting);
    out.flush();
  }
}
