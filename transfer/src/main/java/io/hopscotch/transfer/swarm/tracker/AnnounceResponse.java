package io.hopscotch.transfer.swarm.tracker;

import io.hopscotch.transfer.swarm.bencode.BValue;
import io.hopscotch.transfer.swarm.bencode.Bencode;
import io.hopscotch.transfer.swarm.bencode.BencodeException;
import io.hopscotch.transfer.swarm.session.PeerAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A tracker's answer to an announce: the re-announce interval and the peers, from a compact (BEP 23)
 * or dictionary peer list.
 *
 * @param intervalSeconds re-announce interval
 * @param peers peers of the swarm
 */
public record AnnounceResponse(long intervalSeconds, List<PeerAddress> peers) {

  /** Copies the peers. */
  public AnnounceResponse {
    peers = List.copyOf(peers);
  }

  /**
   * Parses a response body.
   *
   * @throws BencodeException if it is malformed
   * @throws TrackerFailureException if the tracker reports a failure reason
   */
  public static AnnounceResponse parse(byte[] body) {
    BValue.BDict d = Bencode.decodeDict(body);
    BValue.BBytes failure = d.optional("failure reason", BValue.BBytes.class);
    if (failure != null) {
      throw new TrackerFailureException(failure.utf8());
    }
    BValue.BInt interval = d.optional("interval", BValue.BInt.class);
    BValue peers = d.get("peers");
    List<PeerAddress> out = new ArrayList<>();
    if (peers instanceof BValue.BBytes b) {
      byte[] raw = b.bytes();
      if (raw.length % 6 != 0) {
        throw new BencodeException("compact peer list of " + raw.length + " bytes is not a multiple of 6");
      }
      for (int i = 0; i < raw.length; i += 6) {
        int port = (raw[i + 4] & 0xff) << 8 | (raw[i + 5] & 0xff);
        if (port > 0) {
          out.add(new PeerAddress((raw[i] & 0xff) + "." + (raw[i + 1] & 0xff) + "." + (raw[i + 2] & 0xff) + "." + (raw[i + 3] & 0xff), port));
        }
      }
    } else if (peers instanceof BValue.BList l) {
      for (BValue v : l.items()) {
        if (v instanceof BValue.BDict pd) {
          long port = pd.require("port", BValue.BInt.class).value();
          if (port > 0 && port < 65536) {
            out.add(new PeerAddress(pd.require("ip", BValue.BBytes.class).utf8(), (int) port));
          }
        }
      }
    } else if (peers != null) {
      throw new BencodeException("peers must be a byte string or a list");
    }
    return new AnnounceResponse(interval == null ? TrackerRegistry.INTERVAL_SECONDS : interval.value(), out);
  }

  /** The tracker answered with a failure reason. */
  public static final class TrackerFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with the tracker's reason. */
    public TrackerFailureException(String reason) {
      super("tracker failure: " + reason);
    }
  }
}
