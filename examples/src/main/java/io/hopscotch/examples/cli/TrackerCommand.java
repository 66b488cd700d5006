package io.hopscotch.examples.cli;

import io.hopscotch.core.spi.Clock;
import io.hopscotch.transfer.swarm.net.HttpTrackerServer;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A standalone BitTorrent HTTP tracker (BEP 3, compact peer lists BEP 23), until stopped. */
@Command(name = "tracker", mixinStandardHelpOptions = true,
    description = "Run a standard HTTP BitTorrent tracker (/announce) until stopped.")
final class TrackerCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Stops the tracker when asked (or when the process is). */
  final UntilStopped untilStopped = new UntilStopped();

  @Option(names = "--port", required = true, description = "TCP port of the tracker (0: any free port).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpTrackerServer tracker;
    try {
      tracker = HttpTrackerServer.start(vertx, host, port, Clock.system()).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      spec.commandLine().getErr().println("hopscotch: cannot start the tracker on " + host + ":" + port + ": " + e.getCause().getMessage());
      vertx.close();
      return 1;
    }
    spec.commandLine().getOut().printf("tracker announce URL: %s%n", tracker.announceUrl());
    spec.commandLine().getOut().flush();
    untilStopped.await("tracker", () -> {
      UntilStopped.waitFor(tracker.close());
      UntilStopped.waitFor(vertx.close());
    });
    return 0;
  }
}
