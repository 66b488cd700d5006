package io.hopscotch.search.central;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Over loopback TLS: a primary, a standby and three clients; the primary closes and clients carry on with the standby. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CentralNetFailoverTest {

  private final List<Node> nodes = new ArrayList<>();

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Node start(NodeOptions o) {
    Node n = Node.create(o.setHost("127.0.0.1").setPort(0));
    nodes.add(n);
    await(n.start());
    return n;
  }

  @AfterEach
  void closeAll() {
    for (Node n : nodes) {
      await(n.close());
    }
  }

  @Test
  void clientsKeepWorkingAfterThePrimaryCloses() {
    Node primary = start(new NodeOptions().setRouting("central").setRoutingOption("index-server", "true"));
    await(primary.join(List.of()));
    Node standby = start(new NodeOptions().setRouting("central").setRoutingOption("index-server", "true")
        .setRoutingOption("standby", "true").setRoutingOption("primary", primary.self().address().toString()));
    await(standby.join(List.of()));
    List<Node> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Node c = start(new NodeOptions().setRouting("central"));
      await(c.join(List.of(primary.self().address(), standby.self().address())));
      clients.add(c);
    }
    for (int i = 0; i < clients.size(); i++) {
      await(clients.get(i).put("key" + i, ("value" + i).getBytes(StandardCharsets.UTF_8)));
    }
    for (Node reader : clients) {
      for (int i = 0; i < clients.size(); i++) {
        assertThat(await(reader.get("key" + i)).valueAsString()).contains("value" + i);
      }
    }
    await(primary.close());
    for (Node reader : clients) {
      for (int i = 0; i < clients.size(); i++) {
        assertThat(await(reader.get("key" + i)).valueAsString()).as("after failover").contains("value" + i);
      }
    }
    await(clients.get(1).put("late", "after".getBytes(StandardCharsets.UTF_8)));
    assertThat(await(clients.get(2).get("late")).valueAsString()).contains("after");
    assertThat(clients.get(0).stats().counter("central.failover")).isEqualTo(1);
  }
}
