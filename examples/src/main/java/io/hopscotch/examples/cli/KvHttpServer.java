package io.hopscotch.examples.cli;

import io.hopscotch.core.Node;
import io.hopscotch.core.PutOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The key-value example over HTTP on 127.0.0.1: {@code PUT /kv/{key}} stores the body,
 * {@code GET /kv/{key}} returns the newest value (404 if none), {@code DELETE /kv/{key}} removes this
 * node's value, {@code GET /stats} returns the node's counters as JSON.
 */
final class KvHttpServer {

  private static final int MAX_BODY = 1024 * 1024;

  private final HttpServer server;

  private KvHttpServer(HttpServer server) {
    this.server = server;
  }

  static KvHttpServer start(Vertx vertx, Node node, int port) throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(req -> handle(node, req));
    server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return new KvHttpServer(server);
  }

  int port() {
    return server.actualPort();
  }

  void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void handle(Node node, HttpServerRequest req) {
    String path = req.path();
    if (path.equals("/stats") && req.method() == HttpMethod.GET) {
      JsonObject j = node.stats().toJson().put("id", node.id().toHex()).put("address", node.self().address().toString())
          .put("routing", node.routing()).put("state_entries", node.stateSize()).put("stored_records", node.storedRecords());
      req.response().putHeader("content-type", "application/json").end(j.encode());
      return;
    }
    if (!path.startsWith("/kv/") || path.length() == 4) {
      reply(req, 404, "not found: use /kv/{key} or /stats\n");
      return;
    }
    String key = URLDecoder.decode(path.substring(4), StandardCharsets.UTF_8);
    switch (req.method().name()) {
      case "GET" -> node.get(key).onComplete(ar -> {
        if (ar.failed()) {
          reply(req, 503, "lookup failed: " + ar.cause().getMessage() + "\n");
        } else if (ar.result().found()) {
          req.response().putHeader("content-type", "application/octet-stream")
              .putHeader("x-hops", String.valueOf(ar.result().hops()))
              .end(Buffer.buffer(ar.result().value().orElseThrow()));
        } else {
          reply(req, 404, "no value for '" + key + "'\n");
        }
      });
      case "PUT", "POST" -> {
        req.body().onComplete(body -> {
          if (body.failed()) {
            reply(req, 400, "cannot read body: " + body.cause().getMessage() + "\n");
            return;
          }
          if (body.result().length() > MAX_BODY) {
            reply(req, 413, "body larger than " + MAX_BODY + " bytes\n");
            return;
          }
          node.put(key, body.result().getBytes(), new PutOptions()).onComplete(ar ->
              reply(req, ar.succeeded() ? 204 : 400, ar.succeeded() ? "" : "put failed: " + ar.cause().getMessage() + "\n"));
        });
      }
      case "DELETE" -> node.remove(key).onComplete(ar ->
          reply(req, ar.succeeded() ? 204 : 503, ar.succeeded() ? "" : "remove failed: " + ar.cause().getMessage() + "\n"));
      default -> reply(req, 405, "method not allowed\n");
    }
  }

  private static void reply(HttpServerRequest req, int status, String text) {
    if (status == 204) {
      req.response().setStatusCode(204).end();
    } else {
      req.response().setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8").end(text);
    }
  }
}
