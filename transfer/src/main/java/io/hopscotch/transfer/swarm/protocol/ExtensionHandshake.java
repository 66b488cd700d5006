package io.hopscotch.transfer.swarm.protocol;

import io.hopscotch.transfer.swarm.bencode.BValue;
import io.hopscotch.transfer.swarm.bencode.BValue.BBytes;
import io.hopscotch.transfer.swarm.bencode.BValue.BDict;
import io.hopscotch.transfer.swarm.bencode.BValue.BInt;
import io.hopscotch.transfer.swarm.bencode.Bencode;
import io.hopscotch.transfer.swarm.bencode.BencodeException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The extended handshake of BEP 10 (extended message id 0): the {@code m} dictionary mapping each
 * extension the sender supports to the extended message id it wants to receive it under (0 disables
 * it), and, for the metadata exchange of BEP 9, {@code metadata_size}. Other keys are ignored.
 *
 * @param extensions extension name to the sender's message id (1..255; 0 means disabled)
 * @param metadataSize size of the bencoded info dictionary in bytes, or -1 if the sender names none
 * @param client the sender's client name ({@code v}), or null
 */
public record ExtensionHandshake(Map<String, Integer> extensions, long metadataSize, String client) {

  /** The name of the metadata exchange extension (BEP 9). */
  public static final String UT_METADATA = "ut_metadata";
  /** The extended message id under which a Hopscotch peer receives {@code ut_metadata} messages. */
  public static final int OUR_UT_METADATA_ID = 3;
  /** Most entries accepted in an {@code m} dictionary. */
  public static final int MAX_EXTENSIONS = 64;
  /** Longest client name kept. */
  private static final int MAX_CLIENT = 64;

  /** Copies the map and checks the ids. */
  public ExtensionHandshake {
    extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    for (Map.Entry<String, Integer> e : extensions.entrySet()) {
      if (e.getValue() < 0 || e.getValue() > 255) {
        throw new IllegalArgumentException("extension '" + e.getKey() + "' has id " + e.getValue() + ", not in 0..255");
      }
    }
  }

  /** The id the sender receives {@code name} under, or 0 if it does not support it. */
  public int idOf(String name) {
    return extensions.getOrDefault(name, 0);
  }

  /** The payload (after the extended message id): a bencoded dictionary. */
  public byte[] encode() {
    TreeMap<String, BValue> m = new TreeMap<>();
    extensions.forEach((k, v) -> m.put(k, new BInt(v)));
    BValue.DictBuilder d = BValue.dict().put("m", new BDict(m));
    if (metadataSize >= 0) {
      d.put("metadata_size", metadataSize);
    }
    if (client != null) {
      d.put("v", client);
    }
    return Bencode.encode(d.build());
  }

  /**
   * Decodes an extended handshake payload.
   *
   * @throws PeerWireCodec.ProtocolException naming the problem if the payload is not a bencoded
   *     dictionary, {@code m} is missing or not a dictionary of ids 0..255, or {@code metadata_size}
   *     is not a non-negative integer
   */
  public static ExtensionHandshake decode(byte[] payload) throws PeerWireCodec.ProtocolException {
    try {
      BDict d = Bencode.decodeDict(payload);
      BDict m = d.require("m", BDict.class);
      if (m.entries().size() > MAX_EXTENSIONS) {
        throw new PeerWireCodec.ProtocolException("extended handshake names " + m.entries().size() + " extensions (at most "
            + MAX_EXTENSIONS + ")");
      }
      Map<String, Integer> ext = new LinkedHashMap<>();
      for (Map.Entry<String, BValue> e : m.entries().entrySet()) {
        if (!(e.getValue() instanceof BInt id) || id.value() < 0 || id.value() > 255) {
          throw new PeerWireCodec.ProtocolException("extended handshake gives extension '" + e.getKey()
              + "' an id that is not an integer in 0..255");
        }
        ext.put(e.getKey(), (int) id.value());
      }
      long size = -1;
      BInt ms = d.optional("metadata_size", BInt.class);
      if (ms != null) {
        if (ms.value() < 0) {
          throw new PeerWireCodec.ProtocolException("extended handshake has a negative metadata_size " + ms.value());
        }
        size = ms.value();
      }
      String client = null;
      BValue v = d.get("v");
      if (v instanceof BBytes vb) {
        client = vb.utf8();
        if (client.length() > MAX_CLIENT) {
          client = client.substring(0, MAX_CLIENT);
        }
      }
      return new ExtensionHandshake(ext, size, client);
    } catch (BencodeException e) {
      throw new PeerWireCodec.ProtocolException("malformed extended handshake: " + e.getMessage());
    }
  }
}
