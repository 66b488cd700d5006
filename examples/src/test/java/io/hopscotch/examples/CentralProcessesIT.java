package io.hopscotch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * End to end across separate JVM processes: an index server, a standby and three client nodes, each
 * a {@code hopscotch node} process from the packaged jar, talking TLS on loopback. Data written
 * through one node's HTTP service is read through the others, and still after the primary index
 * server is killed with SIGKILL; a value deleted through the node that put it then reads 404 through
 * the others.
 */
class CentralProcessesIT extends ProcessesTest {

  @Test
  void writeThroughOneReadThroughOthersAndSurviveTheIndexServerDying() throws Exception {
    int primary = NodeProcesses.freePort();
    int standby = NodeProcesses.freePort();
    Process server = nodes.start("primary", "--port", String.valueOf(primary), "--routing", "central", "--index-server");
    nodes.start("standby", "--port", String.valueOf(standby), "--routing", "central", "--standby-of", "127.0.0.1:" + primary);
    int[] web = new int[3];
    for (int i = 0; i < 3; i++) {
      web[i] = NodeProcesses.freePort();
      nodes.start("client" + i, "--port", String.valueOf(NodeProcesses.freePort()), "--routing", "central",
          "--bootstrap", "127.0.0.1:" + primary, "--bootstrap", "127.0.0.1:" + standby, "--http", String.valueOf(web[i]));
    }
    for (int k = 0; k < 10; k++) {
      assertThat(nodes.put(web[k % 3], "key" + k, "value" + k)).isEqualTo(204);
    }
    for (int reader = 0; reader < 3; reader++) {
      for (int k = 0; k < 10; k++) {
        HttpResponse<String> r = nodes.get(web[reader], "key" + k);
        assertThat(r.statusCode()).as("status of key%d via client%d", k, reader).isEqualTo(200);
        assertThat(r.body()).isEqualTo("value" + k);
      }
    }
    assertThat(nodes.get(web[0], "missing").statusCode()).isEqualTo(404);

    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
    for (int reader = 0; reader < 3; reader++) {
      for (int k = 0; k < 10; k++) {
        HttpResponse<String> r = nodes.get(web[reader], "key" + k);
        assertThat(r.statusCode()).as("after failover: key%d via client%d", k, reader).isEqualTo(200);
        assertThat(r.body()).isEqualTo("value" + k);
      }
    }
    assertThat(nodes.put(web[1], "late", "after-failover")).isEqualTo(204);
    assertThat(nodes.get(web[2], "late").body()).isEqualTo("after-failover");
    // A value deleted by the node that put it is gone for every other node; the rest stays.
    assertThat(nodes.delete(web[1], "late")).isEqualTo(204);
    assertThat(nodes.get(web[2], "late").statusCode()).isEqualTo(404);
    assertThat(nodes.delete(web[0], "key0")).isEqualTo(204);
    assertThat(nodes.get(web[1], "key0").statusCode()).isEqualTo(404);
    assertThat(nodes.get(web[2], "key0").statusCode()).isEqualTo(404);
    assertThat(nodes.get(web[2], "key3").body()).isEqualTo("value3");
    HttpResponse<String> stats = nodes.stats(web[0]);
    assertThat(stats.body()).contains("\"routing\":\"central\"");
  }
}
