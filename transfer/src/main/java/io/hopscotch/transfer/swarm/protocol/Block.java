package io.hopscotch.transfer.swarm.protocol;

/**
 * A block of a piece: the unit of a request (16 KiB, the last block of a piece may be shorter).
 *
 * @param piece piece index
 * @param begin byte offset within the piece
 * @param length bytes
 */
public record Block(int piece, int begin, int length) {
}
