/**
 * The descriptor table code of {@code fs/file.c}: allocating, installing and closing descriptors,
 * growing the table up to {@code fs.nr_open}, and {@code dup_fd} for fork. One class: {@code
 * FdTable} ({@code expand_files}, {@code alloc_fd}, {@code fd_install}, {@code close_fd}, {@code
 * dup_fd}); the table itself is {@link io.github.clonepath.kernel.task.FilesStruct}.
 */
@NullMarked
package io.github.clonepath.kernel.file;

import org.jspecify.annotations.NullMarked;
