/**
 * The Napster-style central index (routing name {@code central}): index servers with optional
 * standbys, clients that register signed listings of what they share, lookups that probe the
 * holders and fetch from the best one.
 */
package io.hopscotch.search.central;
