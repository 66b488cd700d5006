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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code hopscotch node} processes started from the packaged jar for end-to-end tests, with their
 * output logged under a directory, and a small HTTP client for their key-value service. Closing
 * stops every process (SIGTERM, then SIGKILL after 15 s).
 */
final class NodeProcesses implements AutoCloseable {

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Processes whose identity files and logs go to {@code dir}. */
  NodeProcesses(Path dir) {
    this.dir = dir;
  }

  /** A TCP port free on the loopback interface at the time of the call. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code hopscotch node …} and waits until it prints that it listens. */
  Process start(String name, String... args) throws Exception {
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
          Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          if (line.startsWith("node ") && line.contains("listening")) {
            ready.countDown();
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "log-" + name);
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not start; its output:\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }
    return p;
  }

  /** Nodes started by {@link #startChain}: node i listens on {@code ports[i]}, serves HTTP on {@code web[i]}. */
  record Chain(int[] ports, int[] web, Process[] processes) {
  }

  /**
   * Starts {@code count} nodes of one routing strategy, each with an HTTP service and joining through the
   * node started before it.
   *
   * @param options routing options as {@code name=value}
   */
  Chain startChain(String name, int count, String routing, String... options) throws Exception {
    int[] port = new int[count];
    int[] web = new int[count];
    Process[] procs = new Process[count];
    for (int i = 0; i < count; i++) {
      port[i] = freePort();
      web[i] = freePort();
      List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port[i]), "--routing", routing,
          "--http", String.valueOf(web[i])));
      for (String o : options) {
        args.addAll(List.of("--option", o));
      }
      if (i > 0) {
        args.addAll(List.of("--bootstrap", "127.0.0.1:" + port[i - 1]));
      }
      procs[i] = start(name + i, args.toArray(String[]::new));
    }
    return new Chain(port, web, procs);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(int httpPort, String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  /** {@code PUT /kv/key}; returns the status code. */
  int put(int httpPort, String key, String value) throws Exception {
    return send(HttpRequest.newBuilder(uri(httpPort, "/kv/" + key)).PUT(HttpRequest.BodyPublishers.ofString(value))).statusCode();
  }

  /** {@code GET /kv/key}. */
  HttpResponse<String> get(int httpPort, String key) throws Exception {
    return send(HttpRequest.newBuilder(uri(httpPort, "/kv/" + key)).GET());
  }

  /** {@code DELETE /kv/key} (removes the value this node put); returns the status code. */
  int delete(int httpPort, String key) throws Exception {
    return send(HttpRequest.newBuilder(uri(httpPort, "/kv/" + key)).DELETE()).statusCode();
  }

  /**
   * {@code GET /kv/key}, retried every 250 ms while the answer is not 200, for at most {@code millis}: for
   * reads that may race the overlay's repair or the spread of fresh data.
   */
  HttpResponse<String> getWithin(int httpPort, String key, long millis) throws Exception {
    long deadline = System.nanoTime() + millis * 1_000_000;
    HttpResponse<String> r = get(httpPort, key);
    while (r.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(250);
      r = get(httpPort, key);
    }
    return r;
  }

  /** {@code GET /stats}. */
  HttpResponse<String> stats(int httpPort) throws Exception {
    return send(HttpRequest.newBuilder(uri(httpPort, "/stats")).GET());
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
