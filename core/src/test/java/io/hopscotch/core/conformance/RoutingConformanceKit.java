package io.hopscotch.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopscotch.core.GetResult;
import io.hopscotch.core.Key;
import io.hopscotch.core.Node;
import io.hopscotch.core.PutOptions;
import io.hopscotch.core.SearchHit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviours every routing strategy must show, on the simulator and on real loopback TLS. A
 * strategy module extends {@link SimConformanceKit} and {@link NetConformanceKit} with its
 * {@link ConformanceProfile}; nothing else is needed.
 *
 * <p>Every test draws its choices from {@link #SEED}, so a failure reproduces.
 */
public abstract class RoutingConformanceKit {

  /** Seed of every random choice in the kit. */
  protected static final long SEED = 20_011_022L;

  private TestCluster cluster;
  private final Random random = new Random(SEED);

  /** The strategy under test. */
  protected abstract ConformanceProfile profile();

  /** Starts a cluster of {@code size} nodes. */
  protected abstract TestCluster startCluster(ConformanceProfile profile, int size, long seed);

  /** Cluster size used by the behaviours. */
  protected abstract int clusterSize();

  private TestCluster cluster() {
    if (cluster == null) {
      cluster = startCluster(profile(), clusterSize(), SEED);
    }
    return cluster;
  }

  @AfterEach
  void closeCluster() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  /** Nodes that may put, get, leave and crash: all but the infrastructure. */
  private List<Node> dataNodes() {
    List<Node> all = cluster().nodes();
    return all.subList(Math.min(profile().infrastructureNodes(), all.size()), all.size());
  }

  private Node any(List<Node> nodes) {
    return nodes.get(random.nextInt(nodes.size()));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Map<String, String> putMany(List<Node> publishers, int count, String prefix) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String k = prefix + "-key-" + i;
      String v = prefix + "-value-" + i + "-" + random.nextInt(1_000_000);
      cluster().await(any(publishers).put(k, utf8(v)));
      kv.put(k, v);
    }
    return kv;
  }

  private void assertReadableEverywhere(Map<String, String> kv) {
    for (Node reader : dataNodes()) {
      for (Map.Entry<String, String> e : kv.entrySet()) {
        GetResult r = cluster().await(reader.get(e.getKey()));
        assertThat(r.valueAsString()).as("get %s from %s", e.getKey(), reader.self()).contains(e.getValue());
      }
    }
  }

  @Test
  void aClusterForms() {
    List<Node> nodes = cluster().nodes();
    assertThat(nodes).hasSize(clusterSize());
    Set<Key> ids = new HashSet<>();
    nodes.forEach(n -> ids.add(n.id()));
    assertThat(ids).as("distinct node ids").hasSize(clusterSize());
    // Connectivity both ways between the first and the last data node.
    List<Node> data = dataNodes();
    Node first = data.get(0);
    Node last = data.get(data.size() - 1);
    cluster().await(first.put("from-first", utf8("1")));
    cluster().await(last.put("from-last", utf8("2")));
    cluster().settle(profile().settleTime());
    assertThat(cluster().await(last.get("from-first")).valueAsString()).contains("1");
    assertThat(cluster().await(first.get("from-last")).valueAsString()).contains("2");
  }

  @Test
  void putFromAnyNodeGetFromEveryNode() {
    Map<String, String> kv = putMany(dataNodes(), 12, "pg");
    cluster().settle(profile().settleTime());
    assertReadableEverywhere(kv);
  }

  @Test
  void unknownKeyIsNotFoundRatherThanAnError() {
    GetResult r = cluster().await(any(dataNodes()).get("never-stored"));
    assertThat(r.found()).isFalse();
  }

  @Test
  void aNewerPutReplacesTheOlderAndPublishersDoNotOverwriteEachOther() {
    List<Node> data = dataNodes();
    Node a = data.get(0);
    Node b = data.get(data.size() - 1);
    cluster().await(a.put("shared", utf8("a1")));
    cluster().await(a.put("shared", utf8("a2")));
    cluster().await(b.put("shared", utf8("b1")));
    cluster().settle(profile().settleTime());
    for (Node reader : data) {
      GetResult r = cluster().await(reader.get("shared"));
      assertThat(r.records()).as("records seen by %s", reader.self()).hasSize(2);
      assertThat(r.records()).extracting(rec -> rec.valueAsString()).containsExactlyInAnyOrder("a2", "b1");
    }
  }

  @Test
  void removeMakesTheKeyDisappearEverywhere() {
    Node publisher = any(dataNodes());
    cluster().await(publisher.put("doomed", utf8("x")));
    cluster().await(publisher.put("kept", utf8("y")));
    cluster().settle(profile().settleTime());
    cluster().await(publisher.remove("doomed"));
    cluster().settle(profile().settleTime());
    for (Node reader : dataNodes()) {
      assertThat(cluster().await(reader.get("doomed")).found()).as("removed key seen by %s", reader.self()).isFalse();
      assertThat(cluster().await(reader.get("kept")).valueAsString()).contains("y");
    }
  }

  @Test
  void keywordSearchFindsExactlyTheMatchingItems() {
    List<Node> data = dataNodes();
    cluster().await(any(data).put("song-1", utf8("1"), new PutOptions().setKeywords(List.of("blue", "moon"))));
    cluster().await(any(data).put("song-2", utf8("2"), new PutOptions().setKeywords(List.of("blue", "sky"))));
    cluster().await(any(data).put("song-3", utf8("3"), new PutOptions().setKeywords(List.of("red", "moon"))));
    cluster().settle(profile().settleTime());
    Node searcher = any(data);
    assertThat(keys(cluster().await(searcher.search("blue")))).containsExactlyInAnyOrder(Key.sha1("song-1"), Key.sha1("song-2"));
    assertThat(keys(cluster().await(searcher.search("moon blue")))).containsExactly(Key.sha1("song-1"));
    assertThat(cluster().await(searcher.search("green"))).isEmpty();
  }

  private static List<Key> keys(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::key).distinct().toList();
  }

  @Test
  void nodesJoinAndLeaveWithoutLosingData() {
    List<Node> data = dataNodes();
    // Publishers are the first half; if the strategy keeps data at publishers, only others leave.
    List<Node> publishers = profile().keepsDataAtPublisher() ? data.subList(0, Math.max(1, data.size() / 2)) : data;
    Map<String, String> kv = putMany(publishers, 12, "jl");
    cluster().addNode();
    cluster().addNode();
    cluster().settle(profile().settleTime());
    List<Node> leavers = new ArrayList<>(profile().keepsDataAtPublisher() ? dataNodes().subList(publishers.size(), dataNodes().size()) : dataNodes());
    for (int i = 0; i < 2 && leavers.size() > 1; i++) {
      Node n = leavers.remove(random.nextInt(leavers.size()));
      cluster().leave(n);
      cluster().settle(profile().settleTime());
    }
    assertReadableEverywhere(kv);
  }

  @Test
  void crashesOfFewerThanReplicasLoseNothing() {
    List<Node> data = dataNodes();
    List<Node> publishers = profile().keepsDataAtPublisher() ? data.subList(0, Math.max(1, data.size() / 2)) : data;
    Map<String, String> kv = putMany(publishers, 12, "cr");
    cluster().settle(profile().settleTime());
    List<Node> victims = new ArrayList<>(profile().keepsDataAtPublisher() ? data.subList(publishers.size(), data.size()) : data);
    int crashes = Math.max(1, profile().replicas() - 1);
    for (int i = 0; i < crashes && victims.size() > 1; i++) {
      cluster().crash(victims.remove(random.nextInt(victims.size())));
    }
    cluster().settle(profile().settleTime());
    assertReadableEverywhere(kv);
  }
}
