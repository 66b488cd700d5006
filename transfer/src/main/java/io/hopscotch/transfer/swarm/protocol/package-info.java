/**
 * The BEP 3 peer protocol rules, free of networking: the message codec and handshake, bitfields,
 * the piece picker (random first, rarest first, strict priority, endgame) and the tit-for-tat choker.
 */
package io.hopscotch.transfer.swarm.protocol;
