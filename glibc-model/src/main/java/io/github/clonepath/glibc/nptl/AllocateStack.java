package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Frame;
import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.kernel.syscall.Errno;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code allocate_stack} and its helpers in nptl/allocatestack.c: where a new thread's stack,
 * descriptor and static TLS come from.
 */
final class AllocateStack {
  /**
   * What allocate_stack hands back.
   *
   * @param error 0 or the error number
   * @param pd the descriptor, or null when allocation failed
   * @param stackaddr 2.34+: the block base for clone3; 2.31: the stack top for clone
   * @param stacksize 2.34+: the usable size (stack top minus block base)
   */
  record Result(int error, @Nullable Tcb pd, long stackaddr, long stacksize) {
    static Result fail(int error) {
      return new Result(error, null, 0, 0);
    }
  }

  private final LibcConfig config;
  private final StackCache stacks;
  private final Map<Long, Tcb> descriptors;
  private final MallocArena arenas;

  AllocateStack(
      LibcConfig config, StackCache stacks, Map<Long, Tcb> descriptors, MallocArena arenas) {
    this.config = config;
    this.stacks = stacks;
    this.descriptors = descriptors;
    this.arenas = arenas;
  }

  /**
   * {@code allocate_stack}. A caller-supplied stack gets the descriptor at its top (aligned down to
   * 64), no guard, and goes on {@code stack_user}; it is EINVAL when smaller than static TLS plus
   * MINIMAL_REST_STACK. Otherwise the size is rounded down to the TLS alignment, the guard up to a
   * page and added (overflow and too-small sizes are EINVAL before any system call), the cache is
   * asked first, and only then a block is mapped {@code PROT_NONE} and everything above the guard
   * made read-write with one {@code mprotect} (a guard of 0 maps read-write at once). A reused
   * block whose guard differs is fixed with one {@code mprotect}. glibc 2.31 adds a page to fresh
   * blocks whose size is a multiple of 64 KiB (MULTI_PAGE_ALIASING).
   */
  @Source(
      file = "nptl/allocatestack.c",
      line = 214,
      function = "allocate_stack",
      version = "glibc 2.36")
  Result allocateStack(UserContext ctx, Tcb self, PthreadAttr attr, long defaultStacksize) {
    try (Frame f = ctx.tracer().enter()) {
      long pagesizeM1 = Layout.PAGE - 1;
      long tlsStatic = config.staticTlsSize();
      long alignM1 = Layout.TLS_STATIC_ALIGN - 1;
      // an unset size means the default the start-up took from RLIMIT_STACK
      long size = attr.stacksize() != 0 ? attr.stacksize() : defaultStacksize;
      Tcb pd;
      // the caller brought its own stack: no mapping, no guard, no cache
      if ((attr.flags() & PthreadAttr.ATTR_FLAG_STACKADDR) != 0) {
        long stackaddr = attr.stackTop();
        // a user stack of unstated size is taken as it comes
        if (attr.stacksize() != 0) {
          // a stated size must hold the static TLS and a minimal frame
          if (Long.compareUnsigned(attr.stacksize(), tlsStatic + Layout.MINIMAL_REST_STACK) < 0) {
            if (f.recording()) {
              f.note("allocate_stack: user stack of %d bytes too small: EINVAL", attr.stacksize());
            }
            return Result.fail(Layout.EINVAL);
          }
        }
        long adj = (stackaddr - Layout.TLS_TCB_SIZE) & alignM1;
        long pdAddr = stackaddr - Layout.TLS_TCB_SIZE - adj;
        pd = userStackDescriptor(pdAddr);
        resetDescriptor(pd);
        pd.stackblock = stackaddr - size;
        pd.stackblockSize = size;
        pd.userStack = true;
        pd.guardsize = 0;
        pd.reportedGuardsize = 0;
        stacks.addUser(pd);
        if (f.recording()) {
          f.note(
              "allocate_stack: user stack 0x%x+%d, descriptor at 0x%x",
              pd.stackblock, size, pdAddr);
        }
        // _dl_allocate_tls: a user stack's DTV is allocated anew each time
        allocateDtv(ctx, self);
      } else {
        int prot = Layout.PROT_READ | Layout.PROT_WRITE;
        // the static TLS block above the stack must stay aligned
        size &= ~alignM1;
        // the guard is made of whole pages
        long guardsize = (attr.getguardsize() + pagesizeM1) & ~pagesizeM1;
        long reportedGuardsize = guardsize;
        // rounding the guard up to a page overflowed
        if (Long.compareUnsigned(guardsize, attr.getguardsize()) < 0) {
          if (f.recording()) {
            f.note("allocate_stack: guard %d overflows: EINVAL", attr.getguardsize());
          }
          return Result.fail(Layout.EINVAL);
        }
        // adding the guard to the stack size overflowed
        if (Long.compareUnsigned(size + guardsize, guardsize) < 0) {
          if (f.recording()) {
            f.note("allocate_stack: guard %d overflows: EINVAL", attr.getguardsize());
          }
          return Result.fail(Layout.EINVAL);
        }
        size += guardsize;
        long minimum =
            (guardsize + tlsStatic + Layout.MINIMAL_REST_STACK + pagesizeM1) & ~pagesizeM1;
        // the stack is too small for guard, static TLS and a minimal frame (or the guard too big)
        if (Long.compareUnsigned(size, minimum) < 0) {
          if (f.recording()) {
            f.note("allocate_stack: %d bytes < %d needed: EINVAL", size, minimum);
          }
          return Result.fail(Layout.EINVAL);
        }
        long reqsize = size;
        pd = stacks.getCachedStack(ctx, size);
        long mem;
        // the cache had no block to reuse: map a fresh one
        if (pd == null) {
          // only 2.31 has the rule below
          if (config.version() == GlibcVersion.GLIBC_2_31) {
            // a size that is a multiple of 64 KiB gets a page more, against cache aliasing
            if (size % Layout.MULTI_PAGE_ALIASING == 0) {
              size += pagesizeM1 + 1;
              if (f.recording()) {
                f.note("allocate_stack: 2.31 multi-page aliasing, size %d", size);
              }
            }
          }
          // with a guard, map PROT_NONE first so the guard pages are never committed
          int firstProt = guardsize == 0 ? prot : Layout.PROT_NONE;
          mem =
              ctx.mmap(
                  0,
                  size,
                  firstProt,
                  Layout.MAP_PRIVATE | Layout.MAP_ANONYMOUS | Layout.MAP_STACK,
                  -1,
                  0);
          // no address space for the block: mmap's error is the answer
          if (Errno.isError(mem)) {
            if (f.recording()) {
              f.note("allocate_stack: mmap of %d bytes failed: %s", size, Errno.ofResult(mem));
            }
            return Result.fail((int) -mem);
          }
          long pdAddr = ((mem + size) - Layout.TLS_TCB_SIZE) & ~alignM1;
          pd = new Tcb(pdAddr, false);
          // a guard was asked for: open everything above it
          if (guardsize > 0) {
            long rc = setupStackProt(ctx, mem, size, guardsize, prot);
            // the block cannot be made usable: give it back
            if (rc != 0) {
              ctx.munmap(mem, size);
              return Result.fail((int) -rc);
            }
          }
          pd.stackblock = mem;
          pd.stackblockSize = size;
          pd.guardsize = guardsize;
          // _dl_allocate_tls: a fresh block's DTV (a cached block keeps its own)
          allocateDtv(ctx, self);
          descriptors.put(pdAddr, pd);
          stacks.addUsed(pd);
          if (f.recording()) {
            f.note("allocate_stack: mapped a fresh %d-byte block at 0x%x", size, mem);
          }
        } else {
          mem = pd.stackblock;
          size = pd.stackblockSize;
        }
        // a reused block's guard is smaller than asked: protect more of its low end
        if (Long.compareUnsigned(guardsize, pd.guardsize) > 0) {
          long rc = ctx.mprotect(mem, guardsize, Layout.PROT_NONE);
          // the guard cannot be set: the block is not used again
          if (rc != 0) {
            return mprotError(ctx, pd, mem, size, rc);
          }
          if (f.recording()) {
            f.note("allocate_stack: guard grown %d→%d", pd.guardsize, guardsize);
          }
          pd.guardsize = guardsize;
        } else if (Long.compareUnsigned(pd.guardsize - guardsize, size - reqsize) > 0) {
          // its guard is larger than asked by more than the block's slack: open the excess
          long rc = ctx.mprotect(mem + guardsize, pd.guardsize - guardsize, prot);
          // the excess cannot be opened: the block is not used again
          if (rc != 0) {
            return mprotError(ctx, pd, mem, size, rc);
          }
          if (f.recording()) {
            f.note("allocate_stack: guard shrunk %d→%d", pd.guardsize, guardsize);
          }
          pd.guardsize = guardsize;
        }
        pd.reportedGuardsize = reportedGuardsize;
        pd.userStack = false;
      }
      // the lock is reset unconditionally, as a stillborn thread may have left it taken; a reused
      // descriptor whose thread failed its setup starts clean (the real explicit_fail capture:
      // the next explicit create on the same block runs its routine)
      ctx.store32(pd.lockAddr(), LowLevelLock.LLL_LOCK_INITIALIZER);
      pd.setupFailed = false;
      long stacktop = pd.pd + Layout.TLS_TCB_SIZE - tlsStatic;
      pd.scratch = Layout.roundDown(stacktop - Layout.SCRATCH_BELOW_SP, 64);
      // 2.31's clone takes the stack top, clone3 the block and its size
      if (config.version() == GlibcVersion.GLIBC_2_31) {
        return new Result(0, pd, stacktop, 0);
      }
      return new Result(0, pd, pd.stackblock, stacktop - pd.stackblock);
    }
  }

  /**
   * {@code allocate_dtv}'s {@code calloc} in the creating thread: the DTV of the one TLS module
   * plus the surplus slots, {@code (1 + DTV_SURPLUS + 2)} 16-byte entries. The only trace it can
   * leave is that thread's first arena.
   */
  private void allocateDtv(UserContext ctx, Tcb self) {
    arenas.arenaGet(ctx, self, (1 + Layout.DTV_SURPLUS + 2) * 16L);
  }

  /**
   * The descriptor at the top of a user stack. glibc clears it in place; the model keeps the object
   * only when it already was a user stack's, so a glibc-mapped block's descriptor is never reused.
   */
  private Tcb userStackDescriptor(long pdAddr) {
    Tcb known = descriptors.get(pdAddr);
    // nothing lives at that address yet
    if (known == null) {
      return newDescriptor(pdAddr);
    }
    // a glibc-mapped block's descriptor is not the user's
    if (!known.userStack) {
      return newDescriptor(pdAddr);
    }
    return known;
  }

  private Tcb newDescriptor(long pdAddr) {
    Tcb pd = new Tcb(pdAddr, false);
    descriptors.put(pdAddr, pd);
    return pd;
  }

  private static void resetDescriptor(Tcb pd) {
    pd.cancelhandling = 0;
    pd.setupFailed = false;
    pd.joinid = 0;
    pd.result = 0;
  }

  /** The {@code mprot_error} path: off the list, and the block unmapped whatever the cache says. */
  private Result mprotError(UserContext ctx, Tcb pd, long mem, long size, long rc) {
    stacks.del(pd);
    ctx.munmap(mem, size);
    descriptors.remove(pd.pd);
    return Result.fail((int) -rc);
  }

  /**
   * {@code setup_stack_prot}: the block was mapped PROT_NONE; one {@code mprotect} makes everything
   * above the guard (which sits at the low end on x86) read-write.
   */
  @Source(
      file = "nptl/allocatestack.c",
      line = 163,
      function = "setup_stack_prot",
      version = "glibc 2.36")
  private long setupStackProt(UserContext ctx, long mem, long size, long guardsize, int prot) {
    try (Frame f = ctx.tracer().enter()) {
      long rc = ctx.mprotect(mem + guardsize, size - guardsize, prot);
      if (f.recording()) {
        f.note(
            "setup_stack_prot: %d bytes above a %d-byte guard → %d",
            size - guardsize, guardsize, rc);
      }
      return rc;
    }
  }

  /**
   * {@code advise_stack_range}: at thread exit, the pages from the block base (guard included) up
   * to the exiting frame rounded down to a page, minus the PTHREAD_STACK_MIN just below the frame,
   * are given back with {@code MADV_DONTNEED}; nothing when that leaves 16 KiB or less.
   */
  @Source(
      file = "nptl/allocatestack.c",
      line = 186,
      function = "advise_stack_range",
      version = "glibc 2.36")
  void adviseStackRange(UserContext ctx, Tcb pd) {
    try (Frame f = ctx.tracer().enter()) {
      long stacktop = pd.pd + Layout.TLS_TCB_SIZE - config.staticTlsSize();
      long sp = stacktop - Layout.START_THREAD_FRAME;
      long freesize = (sp - pd.stackblock) & ~(Layout.PAGE - 1);
      if (freesize > Layout.PTHREAD_STACK_MIN) {
        ctx.madvise(pd.stackblock, freesize - Layout.PTHREAD_STACK_MIN, Layout.MADV_DONTNEED);
        if (f.recording()) {
          f.note("advise_stack_range: %d bytes dropped", freesize - Layout.PTHREAD_STACK_MIN);
        }
      } else {
        if (f.recording()) {
          f.note("advise_stack_range: only %d bytes below the frame, nothing dropped", freesize);
        }
      }
    }
  }
}
