package io.hopscotch.core;

/**
 * A progress event of a running fetch.
 *
 * @param content the content id
 * @param bytesDone bytes received and verified so far
 * @param bytesTotal total size in bytes
 * @param bytesPerSecond current download rate
 * @param peers peers currently connected for this content
 * @param piecesDone pieces verified (1 piece for a direct transfer)
 * @param piecesTotal pieces in all
 */
public record TransferProgress(Key content, long bytesDone, long bytesTotal, double bytesPerSecond,
                               int peers, int piecesDone, int piecesTotal) {

  /** Fraction done in [0, 1]. */
  public double fraction() {
    return bytesTotal == 0 ? 1.0 : (double) bytesDone / bytesTotal;
  }
}
