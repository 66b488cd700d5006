package io.hopscotch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * End to end across separate JVM processes: five Chord nodes, each a {@code hopscotch node --routing
 * chord} process from the packaged jar, talking TLS on loopback, each joining through the previous one.
 * Data written through one node's HTTP service is read through every node, and still through the
 * survivors after one node is killed with SIGKILL (three replicas per key).
 */
class ChordProcessesIT extends ProcessesTest {

  @Test
  void writeThroughOneReadThroughOthersAndSurviveASigkill() throws Exception {
    int count = 5;
    NodeProcesses.Chain chain = nodes.startChain("chord", count, "chord", "stabilize-ms=500", "fix-fingers-ms=500",
        "check-predecessor-ms=1000", "sync-ms=3000");
    int[] web = chain.web();
    Process[] procs = chain.processes();
    for (int k = 0; k < 20; k++) {
      assertThat(nodes.put(web[1], "key" + k, "value" + k)).as("put key%d", k).isEqualTo(204);
    }
    for (int reader = 0; reader < count; reader++) {
      for (int k = 0; k < 20; k++) {
        HttpResponse<String> r = nodes.get(web[reader], "key" + k);
        assertThat(r.statusCode()).as("status of key%d via node %d", k, reader).isEqualTo(200);
        assertThat(r.body()).isEqualTo("value" + k);
      }
    }
    assertThat(nodes.get(web[2], "missing").statusCode()).isEqualTo(404);

    procs[3].destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
    // A lookup issued before the dead node's neighbours have noticed it can fail (every node asked may
    // still name the dead one); what must hold is that no key is lost once the ring has repaired, so
    // each read may be retried for a few stabilize periods.
    for (int reader : new int[] {0, 1, 2, 4}) {
      for (int k = 0; k < 20; k++) {
        HttpResponse<String> r = nodes.getWithin(web[reader], "key" + k, 20_000);
        assertThat(r.statusCode()).as("after the kill: key%d via node %d: %s", k, reader, r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("value" + k);
      }
    }
    assertThat(nodes.put(web[4], "late", "after-kill")).isEqualTo(204);
    assertThat(nodes.getWithin(web[0], "late", 20_000).body()).isEqualTo("after-kill");
    HttpResponse<String> stats = nodes.stats(web[0]);
    assertThat(stats.body()).contains("\"routing\":\"chord\"");
  }
}
