/**
 * The descriptor table code of {@code fs/file.c}: allocating, installing and closing descriptors,
 * growing the table up to {@code fs.nr_open}, and {@code dup_fd} for fork.
 */
@NullMarked
package io.github.clonepath.kernel.file;

import org.jspecify.annotations.NullMarked;
