package io.hopscotch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * End to end across separate JVM processes: five Kelips nodes in two affinity groups, each a
 * {@code hopscotch node --routing kelips} process from the packaged jar, talking TLS on loopback. Data
 * written through one node is read through every node in one hop (the key's group answers from its
 * tuples), and still through the survivors after one node is killed with SIGKILL: records travel with
 * their tuples, and a group that loses its only member gets its items back from their publishers.
 */
class KelipsProcessesIT extends ProcessesTest {

  /** Fresh data reaches every member of its group by gossip within a few 200 ms rounds. */
  private static final long SPREAD_MS = 20_000;

  @Test
  void writeThroughOneReadThroughOthersAndSurviveASigkill() throws Exception {
    int count = 5;
    NodeProcesses.Chain chain = nodes.startChain("kelips", count, "kelips", "groups=2", "gossip-ms=200",
        "failure-timeout-ms=3000", "sync-rounds=5");
    int[] web = chain.web();
    for (int k = 0; k < 20; k++) {
      assertThat(nodes.put(web[1], "key" + k, "value" + k)).as("put key%d", k).isEqualTo(204);
    }
    for (int reader = 0; reader < count; reader++) {
      for (int k = 0; k < 20; k++) {
        HttpResponse<String> r = nodes.getWithin(web[reader], "key" + k, SPREAD_MS);
        assertThat(r.statusCode()).as("status of key%d via node %d: %s", k, reader, r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("value" + k);
      }
    }
    assertThat(nodes.get(web[2], "missing").statusCode()).isEqualTo(404);

    chain.processes()[3].destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
    // Until the dead node's group has found it dead, a lookup may try it first and go on to another
    // member; if it was its group's only member, its items return once the others count the group as
    // empty (twice the failure timeout) and the publisher puts them into the next group.
    for (int reader : new int[] {0, 1, 2, 4}) {
      for (int k = 0; k < 20; k++) {
        HttpResponse<String> r = nodes.getWithin(web[reader], "key" + k, SPREAD_MS);
        assertThat(r.statusCode()).as("after the kill: key%d via node %d: %s", k, reader, r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("value" + k);
      }
    }
    assertThat(nodes.put(web[4], "late", "after-kill")).isEqualTo(204);
    assertThat(nodes.getWithin(web[0], "late", SPREAD_MS).body()).isEqualTo("after-kill");
    assertThat(nodes.stats(web[0]).body()).contains("\"routing\":\"kelips\"");
  }
}
