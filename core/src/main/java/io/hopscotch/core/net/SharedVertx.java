package io.hopscotch.core.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Vert.x instance that network nodes share when the application gives them none: created by
 * the first node, closed when the last one releases it. So the number of threads does not grow with
 * the number of nodes, and no thread remains once every node is closed.
 */
final class SharedVertx {

  private static final Logger LOG = LoggerFactory.getLogger(SharedVertx.class);

  private static Vertx instance;
  private static int references;

  private SharedVertx() {
  }

  /** Takes a reference to the shared instance, creating it if there is none. */
  static synchronized Vertx acquire() {
    if (instance == null) {
      instance = Vertx.vertx();
      LOG.debug("created the shared Vert.x instance");
    }
    references++;
    return instance;
  }

  /**
   * Drops a reference taken by {@link #acquire}; the last one closes the instance.
   *
   * @return completes once the instance is closed (at once if other references remain)
   */
  static synchronized Future<Void> release(Vertx vertx) {
    if (vertx != instance || references <= 0) {
      throw new IllegalStateException("releasing a Vert.x reference that was not acquired");
    }
    references--;
    if (references > 0) {
      return Future.succeededFuture();
    }
    instance = null;
    LOG.debug("closing the shared Vert.x instance");
    return vertx.close();
  }

  /** Number of live references (for tests). */
  static synchronized int references() {
    return references;
  }
}
