package io.hopscotch.search.supernode;

import io.hopscotch.core.Key;
import io.hopscotch.core.Peer;
import java.util.List;

/**
 * When roles change, so that supernodes keep about the target ratio of ordinary nodes each. Every
 * supernode decides for itself at each maintenance round:
 * <ul>
 *   <li>with more than twice the ratio attached, it promotes its best-scoring attached node that
 *       passes the threshold, and moves half of its nodes to the new supernode;</li>
 *   <li>with fewer than a quarter of the ratio attached (supernodes are too many), or with its own
 *       score below the demotion threshold (it is overloaded: see {@link ParticipationScore}), it
 *       steps down, moving its nodes to a linked supernode. To keep at least one supernode in every
 *       group of linked supernodes, only a supernode with a linked supernode of higher id steps down
 *       for low load, and only after it has served for three rounds.</li>
 * </ul>
 * The node promoted is the attached node with the best score among those that pass the promotion
 * threshold; if none does (say, every node is young), the best reachable one whose score passes the
 * demotion threshold, since nothing better exists. An ordinary node that finds no live supernode and
 * can accept connections promotes itself, whatever its score, for the same reason. The gap between
 * the promotion and demotion thresholds keeps a node promoted below the first from stepping down at once.
 */
final class Election {

  /** What a supernode should do this round. */
  enum Decision { STAY, PROMOTE, STEP_DOWN }

  private final SupernodeOptions options;

  Election(SupernodeOptions options) {
    this.options = options;
  }

  /** The score in thousandths a node needs to become a supernode. */
  int thresholdPermille() {
    return (int) Math.round(options.threshold() * 1000);
  }

  /** The score in thousandths below which a supernode steps down. */
  int demoteThresholdPermille() {
    return (int) Math.round(options.demoteThreshold() * 1000);
  }

  /** True if a node with this score passes the promotion threshold. */
  boolean eligible(int scorePermille, boolean firewalled) {
    if (options.role().equals("super")) {
      return true;
    }
    return options.role().equals("auto") && !firewalled && scorePermille >= thresholdPermille();
  }

  /** True if this node may become a supernode when no live supernode is left (nothing better exists). */
  boolean mayFillGap(boolean firewalled) {
    return options.role().equals("super") || (options.role().equals("auto") && !firewalled);
  }

  /** True if this node accepts a promotion: it would not step down at once. */
  boolean acceptsPromotion(int scorePermille, boolean firewalled) {
    return options.role().equals("super")
        || (options.role().equals("auto") && !firewalled && scorePermille >= demoteThresholdPermille());
  }

  /**
   * The decision of a supernode.
   *
   * @param self this supernode's id
   * @param attached ordinary nodes attached to it
   * @param ownScore its own score in thousandths
   * @param servedMillis how long it has been a supernode
   * @param linked the supernodes it is linked to
   */
  Decision decide(Key self, int attached, int ownScore, long servedMillis, List<Peer> linked) {
    if (attached > 2 * options.ratio()) {
      return Decision.PROMOTE;
    }
    if (!options.role().equals("auto") || linked.isEmpty()) {
      return Decision.STAY;
    }
    if (ownScore < demoteThresholdPermille()) {
      return Decision.STEP_DOWN;
    }
    boolean lowLoad = attached * 4 < options.ratio();
    boolean higherLinked = linked.stream().anyMatch(p -> p.id().compareTo(self) > 0);
    if (lowLoad && higherLinked && servedMillis >= 3 * options.maintainMillis()) {
      return Decision.STEP_DOWN;
    }
    return Decision.STAY;
  }
}
