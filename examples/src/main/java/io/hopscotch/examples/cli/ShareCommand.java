package io.hopscotch.examples.cli;

import io.hopscotch.transfer.swarm.meta.Metainfo;
import io.hopscotch.transfer.swarm.net.StandalonePeer;
import io.hopscotch.transfer.swarm.session.SwarmConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes a .torrent for a file or directory, prints its info-hash and magnet link, and seeds it until stopped. */
@Command(name = "share", mixinStandardHelpOptions = true,
    description = "Make a .torrent of PATH, print its info-hash and magnet link, and seed it until stopped.")
final class ShareCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Stops seeding when asked (or when the process is). */
  final UntilStopped untilStopped = new UntilStopped();

  @Parameters(index = "0", paramLabel = "PATH", description = "File or directory to share.")
  Path path;

  @Option(names = "--torrent", paramLabel = "OUT.torrent", description = "Where to write the .torrent (default: NAME.torrent here).")
  Path torrent;

  @Option(names = "--tracker", paramLabel = "URL", description = "HTTP tracker announce URL (repeatable).")
  List<String> trackers = new ArrayList<>();

  @Option(names = "--port", defaultValue = "6881", description = "Peer wire TCP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--piece-length", defaultValue = "262144", description = "Bytes per piece (default: ${DEFAULT-VALUE}).")
  int pieceLength;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    for (String t : trackers) {
      if (!t.startsWith("http://") && !t.startsWith("https://")) {
        throw new CommandLine.ParameterException(cmd, "--tracker: '" + t + "' is not an http(s) URL");
      }
    }
    Path source = path.toAbsolutePath().normalize();
    Metainfo meta;
    try {
      meta = Metainfo.create(source, pieceLength, trackers);
    } catch (IOException | IllegalArgumentException e) {
      cmd.getErr().println("hopscotch: cannot share " + path + ": " + e.getMessage());
      return 1;
    }
    Path out = torrent != null ? torrent : Path.of(meta.name() + ".torrent");
    meta.write(out);
    Vertx vertx = Vertx.vertx();
    StandalonePeer peer;
    try {
      peer = StandalonePeer.start(vertx, host, port, SwarmConfig.DEFAULTS).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      peer.add(meta, source.getParent(), true, List.of(), p -> { }).toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      cmd.getErr().println("hopscotch: cannot seed " + path + ": " + e.getCause().getMessage());
      vertx.close();
      return 1;
    }
    PrintWriter o = cmd.getOut();
    o.printf("torrent:   %s%n", out.toAbsolutePath());
    o.printf("info-hash: %s%n", meta.infoHash().toHex());
    o.printf("magnet:    %s%n", meta.magnet());
    o.printf("seeding %s (%d bytes, %d pieces) on %s:%d until stopped%n", meta.name(), meta.totalLength(), meta.pieceCount(), host,
        peer.port());
    if (trackers.isEmpty()) {
      o.printf("no tracker given: peers must connect to %s:%d directly%n", host, peer.port());
    }
    o.flush();
    untilStopped.await("share", () -> {
      UntilStopped.waitFor(peer.close());
      UntilStopped.waitFor(vertx.close());
    });
    return 0;
  }
}
