package io.hopscotch.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HopscotchCliTest {

  private record Run(int code, String out, String err) {
    JsonObject lastJson() {
      List<String> lines = out.lines().toList();
      return new JsonObject(lines.get(lines.size() - 1));
    }
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
  void usageErrorsPrintOneLineAndExitWithTwo() {
    for (String[] args : List.of(
        new String[] {"demo", "--nodes", "many"},
        new String[] {"demo", "--frobnicate"},
        new String[] {"simulate", "--routing", "warp", "--nodes", "10"},
        new String[] {"simulate", "--routing", "central", "--nodes", "10", "--fail-fraction", "1.5"},
        new String[] {"node", "--port", "1", "--routing", "central", "--bootstrap", "nonsense"})) {
      Run r = run(args);
      assertThat(r.code()).as("exit status of %s", String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().strip().lines()).as("stderr of %s", String.join(" ", args)).hasSize(1);
      assertThat(r.err()).startsWith("hopscotch: ");
    }
  }

  @Test
  void anUnknownRoutingListsTheAvailableOnes() {
    Run r = run("simulate", "--routing", "warp", "--nodes", "10");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown routing 'warp'").contains("central", "chord", "pastry", "kelips", "flooding", "supernode");
  }

  @Test
  void demoRunsOverLoopbackTlsAndReportsJson() {
    Run r = run("demo", "--routing", "central", "--nodes", "4", "--keys", "20", "--settle-ms", "500", "--json");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    JsonObject j = r.lastJson();
    assertThat(j.getString("routing")).isEqualTo("central");
    assertThat(j.getInteger("puts_ok")).isEqualTo(20);
    assertThat(j.getInteger("gets_ok")).isEqualTo(20);
    assertThat(j.getInteger("gets_failed")).isZero();
    assertThat(j.getLong("messages")).isPositive();
    assertThat(j.getLong("bytes")).isPositive();
    assertThat(j.fieldNames()).contains("mean_hops", "p99_latency_ms", "nodes");
    // Every key is read by a node other than its publisher: the index, then the one holder, every time.
    assertThat(j.getInteger("gets_from_putter")).isZero();
    assertThat(j.getDouble("mean_hops")).isEqualTo(2.0);
  }

  @Test
  void simulateIsReproducibleFromItsSeed() {
    Run a = run("simulate", "--routing", "central", "--nodes", "50", "--keys", "40", "--lookups", "200", "--seed", "7", "--json");
    Run b = run("simulate", "--routing", "central", "--nodes", "50", "--keys", "40", "--lookups", "200", "--seed", "7", "--json");
    assertThat(a.code()).as(a.err()).isZero();
    JsonObject ja = a.lastJson();
    JsonObject jb = b.lastJson();
    for (JsonObject j : List.of(ja, jb)) {
      j.remove("wall_s");
      j.remove("peak_heap_mb");
      j.remove("join_wall_s");
      j.remove("lookup_wall_s");
      j.remove("heap_per_node_bytes");
    }
    assertThat(ja).isEqualTo(jb);
    assertThat(ja.getDouble("lookup_success")).isEqualTo(1.0);
    assertThat(ja.getJsonObject("hops").getDouble("mean")).isBetween(1.0, 2.0);
    assertThat(ja.getJsonObject("messages_by_type").isEmpty()).isFalse();
  }

  @Test
  void simulateMeasuresAnIdleWindowByMessageType() {
    Run r = run("simulate", "--routing", "chord", "--nodes", "20", "--keys", "10", "--lookups", "10", "--settle-ms", "10000",
        "--measure-ms", "10000", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject idle = r.lastJson().getJsonObject("idle");
    assertThat(idle.getDouble("seconds")).isEqualTo(10.0);
    JsonObject msgs = idle.getJsonObject("by_type");
    JsonObject bytes = idle.getJsonObject("bytes_by_type");
    assertThat(bytes.fieldNames()).isNotEmpty().isEqualTo(msgs.fieldNames());
    double sum = bytes.stream().mapToDouble(e -> ((Number) e.getValue()).doubleValue()).sum();
    assertThat(sum).isCloseTo(idle.getDouble("bytes_per_node_per_s"), org.assertj.core.data.Offset.offset(1e-6 * sum + 1e-9));
  }
}
