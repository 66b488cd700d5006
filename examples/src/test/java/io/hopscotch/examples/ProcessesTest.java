package io.hopscotch.examples;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the end-to-end tests across JVM processes: each test gets fresh {@link NodeProcesses} whose
 * identities and logs live in a temporary directory, and every process is stopped after it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class ProcessesTest {

  @TempDir
  Path dir;

  /** The processes of the running test. */
  NodeProcesses nodes;

  @BeforeEach
  void processes() {
    nodes = new NodeProcesses(dir);
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    nodes.close();
  }
}
