package io.hopscotch.core.conformance;

import io.hopscotch.core.Address;
import io.hopscotch.core.Node;
import io.hopscotch.core.NodeOptions;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A cluster of real nodes on 127.0.0.1 over mutual TLS, all in this JVM. */
public final class NetCluster implements TestCluster {

  private static final long AWAIT_SECONDS = 60;

  private final ConformanceProfile profile;
  private final long seed;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Node> all = new ArrayList<>();
  private int created;

  private NetCluster(ConformanceProfile profile, long seed) {
    this.profile = profile;
    this.seed = seed;
  }

  /** Starts {@code size} nodes, joining each through the profile's bootstrap. */
  public static NetCluster start(ConformanceProfile profile, int size, long seed) {
    NetCluster c = new NetCluster(profile, seed);
    try {
      for (int i = 0; i < size; i++) {
        c.addNode();
      }
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  @Override
  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public Node addNode() {
    int index = created++;
    NodeOptions o = profile.options(index).setHost("127.0.0.1").setPort(0).setSeed(seed * 1_000_003L + index)
        .setIdleTimeout(Duration.ofSeconds(30)).setRequestTimeout(Duration.ofSeconds(10)).setJoinTimeout(Duration.ofSeconds(30));
    List<Address> existing = nodes.stream().map(n -> n.self().address()).toList();
    Node n = Node.create(o);
    all.add(n);
    await(n.start());
    await(n.join(profile.bootstrap(existing)));
    nodes.add(n);
    return n;
  }

  @Override
  public void crash(Node node) {
    nodes.remove(node);
    await(node.close());
  }

  @Override
  public void leave(Node node) {
    nodes.remove(node);
    await(node.leave());
    await(node.close());
  }

  @Override
  public <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no result within " + AWAIT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void settle(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Long traceHash() {
    return null;
  }

  @Override
  public void close() {
    for (Node n : all) {
      try {
        n.close().toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        // keep closing the others
      }
    }
    nodes.clear();
  }
}
