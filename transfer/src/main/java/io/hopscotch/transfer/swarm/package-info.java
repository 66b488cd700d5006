/**
 * The BitTorrent-compatible swarming transfer (transfer name {@code swarm}): content cut into
 * SHA-1-verified pieces described by a metainfo, exchanged over the standard BEP 3 peer wire protocol
 * with rarest-first piece selection and tit-for-tat choking. Peers are found by announcing under the
 * info-hash through the node's routing, or through an HTTP tracker.
 */
package io.hopscotch.transfer.swarm;
