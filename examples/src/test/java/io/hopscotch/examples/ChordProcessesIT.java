package io.hopscotch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end across separate JVM processes: five Chord nodes, each a {@code hopscotch node --routing
 * chord} process from the packaged jar, talking TLS on loopback, each joining through the previous one.
 * Data written through one node's HTTP service is read through every node, and still through the
 * survivors after one node is killed with SIGKILL (three replicas per key).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChordProcessesIT {

  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code hopscotch node …} and waits until it prints that it listens. */
  private Process node(String name, String... args) throws Exception {
    Path jar = Path.of("target", "hopscotch.jar").toAbsolutePath();
    assertThat(jar).exists();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "node", "--identity", dir.resolve(name + ".key").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    processes.add(p);
    CountDownLatch ready = new CountDownLatch(1);
    Path log = dir.resolve(name + ".log");
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
          if (line.startsWith("node ") && line.contains("listening")) {
            ready.countDown();
          }
        }
      } catch (IOException ignored) {
        // process ended
      }
    }, "log-" + name);
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not start; its output:\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }
    return p;
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private int put(int httpPort, String key, String value) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/kv/" + key))
        .PUT(HttpRequest.BodyPublishers.ofString(value))).statusCode();
  }

  private HttpResponse<String> get(int httpPort, String key) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/kv/" + key)).GET());
  }

  @Test
  void writeThroughOneReadThroughOthersAndSurviveASigkill() throws Exception {
    int nodes = 5;
    int[] port = new int[nodes];
    int[] web = new int[nodes];
    Process[] procs = new Process[nodes];
    for (int i = 0; i < nodes; i++) {
      port[i] = freePort();
      web[i] = freePort();
      List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port[i]), "--routing", "chord",
          "--http", String.valueOf(web[i]), "--option", "stabilize-ms=500", "--option", "fix-fingers-ms=500",
          "--option", "check-predecessor-ms=1000", "--option", "sync-ms=3000"));
      if (i > 0) {
        args.addAll(List.of("--bootstrap", "127.0.0.1:" + port[i - 1]));
      }
      procs[i] = node("chord" + i, args.toArray(String[]::new));
    }
    for (int k = 0; k < 20; k++) {
      assertThat(put(web[1], "key" + k, "value" + k)).as("put key%d", k).isEqualTo(204);
    }
    for (int reader = 0; reader < nodes; reader++) {
      for (int k = 0; k < 20; k++) {
        HttpResponse<String> r = get(web[reader], "key" + k);
        assertThat(r.statusCode()).as("status of key%d via node %d", k, reader).isEqualTo(200);
        assertThat(r.body()).isEqualTo("value" + k);
      }
    }
    assertThat(get(web[2], "missing").statusCode()).isEqualTo(404);

    procs[3].destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
    for (int reader : new int[] {0, 1, 2, 4}) {
      for (int k = 0; k < 20; k++) {
        HttpResponse<String> r = get(web[reader], "key" + k);
        assertThat(r.statusCode()).as("after the kill: key%d via node %d: %s", k, reader, r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("value" + k);
      }
    }
    assertThat(put(web[4], "late", "after-kill")).isEqualTo(204);
    assertThat(get(web[0], "late").body()).isEqualTo("after-kill");
    HttpResponse<String> stats = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web[0] + "/stats")).GET());
    assertThat(stats.body()).contains("\"routing\":\"chord\"");
  }
}
