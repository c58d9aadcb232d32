package io.github.clonepath.kernel.mm;

/**
 * The {@code VM_*} bits of a VMA's {@code vm_flags} (include/linux/mm.h), with their real values.
 * Only the bits the model sets or compares are listed.
 */
public final class VmFlags {
  public static final long VM_READ = 0x1L;
  public static final long VM_WRITE = 0x2L;
  public static final long VM_EXEC = 0x4L;
  public static final long VM_SHARED = 0x8L;
  public static final long VM_MAYREAD = 0x10L;
  public static final long VM_MAYWRITE = 0x20L;
  public static final long VM_MAYEXEC = 0x40L;
  public static final long VM_MAYSHARE = 0x80L;
  public static final long VM_GROWSDOWN = 0x100L;
  public static final long VM_PFNMAP = 0x400L;
  public static final long VM_LOCKED = 0x2000L;
  public static final long VM_IO = 0x4000L;
  public static final long VM_SEQ_READ = 0x8000L;
  public static final long VM_RAND_READ = 0x10000L;
  public static final long VM_DONTCOPY = 0x20000L;
  public static final long VM_DONTEXPAND = 0x40000L;
  public static final long VM_ACCOUNT = 0x100000L;
  public static final long VM_NORESERVE = 0x200000L;
  public static final long VM_HUGETLB = 0x400000L;
  public static final long VM_SYNC = 0x800000L;
  public static final long VM_WIPEONFORK = 0x2000000L;
  public static final long VM_DONTDUMP = 0x4000000L;
  public static final long VM_MIXEDMAP = 0x10000000L;
  public static final long VM_HUGEPAGE = 0x20000000L;
  public static final long VM_NOHUGEPAGE = 0x40000000L;
  public static final long VM_MERGEABLE = 0x80000000L;

  /** x86-64 stacks grow down: VM_STACK is VM_GROWSDOWN. */
  public static final long VM_STACK = VM_GROWSDOWN;

  /** The access bits. */
  public static final long VM_ACCESS_FLAGS = VM_READ | VM_WRITE | VM_EXEC;

  /** Mappings that are never merged or split freely. */
  public static final long VM_SPECIAL = VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP;

  private VmFlags() {}
}
