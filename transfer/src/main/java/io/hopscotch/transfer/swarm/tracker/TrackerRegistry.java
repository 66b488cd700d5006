package io.hopscotch.transfer.swarm.tracker;

import io.hopscotch.core.Key;
import io.hopscotch.transfer.swarm.bencode.BValue;
import io.hopscotch.transfer.swarm.bencode.Bencode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The state of an HTTP tracker (BEP 3): for each info-hash the peers that announced it, each kept
 * until two announce intervals pass without news. Answers with a compact peer list (BEP 23, 6 bytes
 * per IPv4 peer) or a list of dictionaries. Bounded in torrents and peers per torrent. Free of
 * networking, with time given by the caller.
 */
public final class TrackerRegistry {

  /** Announce interval told to peers, in seconds. */
  public static final int INTERVAL_SECONDS = 60;
  /** Most torrents tracked. */
  public static final int MAX_TORRENTS = 10_000;
  /** Most peers tracked per torrent. */
  public static final int MAX_PEERS = 2_000;

  private record Entry(String host, int port, byte[] peerId, long left, long expiresAtMillis) {
  }

  private final Map<Key, Map<String, Entry>> torrents = new LinkedHashMap<>();
  private final Random random;

  /** A registry using {@code random} to sample peer lists. */
  public TrackerRegistry(Random random) {
    this.random = random;
  }

  /** Handles an announce at {@code nowMillis}; returns the bencoded response body. */
  public synchronized byte[] announce(AnnounceRequest r, long nowMillis) {
    expire(nowMillis);
    Map<String, Entry> peers = torrents.get(r.infoHash());
    if (peers == null) {
      if (torrents.size() >= MAX_TORRENTS) {
        return failure("tracker is full (" + MAX_TORRENTS + " torrents)");
      }
      peers = new LinkedHashMap<>();
      torrents.put(r.infoHash(), peers);
    }
    String id = HexFormat.of().formatHex(r.peerId());
    if ("stopped".equals(r.event())) {
      peers.remove(id);
    } else if (peers.containsKey(id) || peers.size() < MAX_PEERS) {
      peers.put(id, new Entry(r.host(), r.port(), r.peerId(), r.left(), nowMillis + 2000L * INTERVAL_SECONDS));
    }
    List<Entry> others = new ArrayList<>();
    int complete = 0;
    for (Map.Entry<String, Entry> e : peers.entrySet()) {
      if (e.getValue().left() == 0) {
        complete++;
      }
      if (!e.getKey().equals(id)) {
        others.add(e.getValue());
      }
    }
    Collections.shuffle(others, random);
    others = others.subList(0, Math.min(others.size(), r.numWant()));
    BValue.DictBuilder out = BValue.dict().put("interval", INTERVAL_SECONDS).put("complete", complete)
        .put("incomplete", peers.size() - complete);
    if (r.compact()) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (Entry e : others) {
        byte[] ip = ipv4(e.host());
        if (ip != null) {
          b.writeBytes(ip);
          b.write(e.port() >> 8);
          b.write(e.port() & 0xff);
        }
      }
      out.put("peers", b.toByteArray());
    } else {
      List<BValue> list = new ArrayList<>();
      for (Entry e : others) {
        list.add(BValue.dict().put("ip", e.host()).put("port", e.port()).put("peer id", e.peerId()).build());
      }
      out.put("peers", new BValue.BList(list));
    }
    return Bencode.encode(out.build());
  }

  /** The bencoded failure response. */
  public static byte[] failure(String reason) {
    return Bencode.encode(BValue.dict().put("failure reason", reason).build());
  }

  /** Number of peers known for a torrent. */
  public synchronized int peers(Key infoHash) {
    Map<String, Entry> p = torrents.get(infoHash);
    return p == null ? 0 : p.size();
  }

  private void expire(long now) {
    for (Iterator<Map<String, Entry>> t = torrents.values().iterator(); t.hasNext(); ) {
      Map<String, Entry> peers = t.next();
      peers.values().removeIf(e -> e.expiresAtMillis() < now);
      if (peers.isEmpty()) {
        t.remove();
      }
    }
  }

  /** The 4 bytes of a dotted IPv4 literal, or null for anything else. */
  static byte[] ipv4(String host) {
    String[] parts = host.split("\\.");
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      try {
        int v = Integer.parseInt(parts[i]);
        if (v < 0 || v > 255) {
          return null;
        }
        out[i] = (byte) v;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return out;
  }
}
