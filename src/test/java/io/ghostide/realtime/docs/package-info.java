/**
 * Keeps the documents true: the README's code blocks are copied from code these tests compile
 * and run, every configuration property is named in the operations guide, and every relative
 * link in the documents resolves.
 */
@NullMarked
package io.ghostide.realtime.docs;

import org.jspecify.annotations.NullMarked;
