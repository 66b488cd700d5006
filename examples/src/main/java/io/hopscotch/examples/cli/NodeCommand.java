package io.hopscotch.examples.cli;

import io.hopscotch.core.Address;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One long-lived node, optionally serving the key-value example over HTTP. */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run one node until stopped; --http serves PUT/GET/DELETE /kv/{key} and GET /stats.")
final class NodeCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", required = true, description = "TCP port of the overlay (TLS).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on and advertise (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--routing", required = true, description = "Routing strategy.")
  String routing;

  @Option(names = "--bootstrap", description = "HOST:PORT of a node to join through (repeatable; for central: the index server, then standbys).")
  List<String> bootstrap = new ArrayList<>();

  @Option(names = "--identity", description = "File holding this node's Ed25519 identity; created if missing.")
  Path identity;

  @Option(names = "--http", description = "Port of the HTTP key-value service on 127.0.0.1.")
  Integer httpPort;

  @Option(names = "--index-server", description = "Central routing: run the index server.")
  boolean indexServer;

  @Option(names = "--standby-of", description = "Central routing: run a standby index server mirroring this primary HOST:PORT.")
  String standbyOf;

  @Option(names = "--option", description = "A routing option NAME=VALUE (repeatable).")
  Map<String, String> options = new LinkedHashMap<>();

  @Option(names = "--firewalled", description = "Accept no inbound connections.")
  boolean firewalled;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    HopscotchCli.checkRouting(cmd, routing);
    List<Address> boot = new ArrayList<>();
    for (String b : bootstrap) {
      try {
        boot.add(Address.parse(b));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cmd, "--bootstrap: " + e.getMessage());
      }
    }
    Map<String, String> routingOptions = new LinkedHashMap<>(options);
    if (indexServer || standbyOf != null) {
      routingOptions.put("index-server", "true");
    }
    if (standbyOf != null) {
      routingOptions.put("standby", "true");
      routingOptions.put("primary", standbyOf);
    }
    Vertx vertx = Vertx.vertx();
    NodeOptions o = new NodeOptions().setHost(host).setPort(port).setRouting(routing).setRoutingOptions(routingOptions)
        .setIdentityFile(identity).setBootstrap(boot).setFirewalled(firewalled).setVertx(vertx);
    Node node;
    try {
      node = Node.create(o);
    } catch (IllegalArgumentException e) {
      vertx.close();
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
    PrintWriter out = cmd.getOut();
    KvHttpServer http = null;
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      node.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      node.join().toCompletionStage().toCompletableFuture().get(o.getJoinTimeout().toSeconds() + 5, TimeUnit.SECONDS);
      out.printf("node %s listening on %s, routing %s%n", node.id().toHex(), node.self().address(), routing);
      if (httpPort != null) {
        http = KvHttpServer.start(vertx, node, httpPort);
        out.printf("http key-value service on http://127.0.0.1:%d/kv/{key}%n", http.port());
      }
      out.flush();
      KvHttpServer server = http;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          if (server != null) {
            server.close();
          }
          node.leave().transform(ar -> node.close()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
          vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // exiting anyway
        } finally {
          stopped.countDown();
        }
      }, "hopscotch-shutdown"));
      stopped.await();
      return 0;
    } catch (java.util.concurrent.ExecutionException e) {
      cmd.getErr().println("hopscotch: " + e.getCause().getMessage());
      node.close();
      vertx.close();
      return 1;
    }
  }
}
