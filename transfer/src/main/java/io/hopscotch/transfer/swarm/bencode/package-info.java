/** Strict bencoding (BEP 3): the value model, a bounded canonical decoder, and the encoder. */
package io.hopscotch.transfer.swarm.bencode;
