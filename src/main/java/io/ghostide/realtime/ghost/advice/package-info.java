/**
 * Ghost's offline advice: parsers that read the error out of what a toolchain or runtime printed,
 * rule tables that match it, and the texts they write. Every sentence is data in the
 * {@code ghost/advice/*.properties} bundles (one per rule table, the shared texts, and the offline
 * chat's), read by {@link AdviceMessages}. {@link ErrorAdvisor} is the entry point; it needs no
 * network and no model.
 */
@NullMarked
package io.ghostide.realtime.ghost.advice;

import org.jspecify.annotations.NullMarked;
