package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.elf.DlOpen;
import io.github.clonepath.glibc.pthread.ForkChild;
import io.github.clonepath.glibc.pthread.GlibcVersion;
import io.github.clonepath.glibc.pthread.JoinNext;
import io.github.clonepath.glibc.pthread.Libc;
import io.github.clonepath.glibc.pthread.LibcConfig;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.PthreadCreateResult;
import io.github.clonepath.glibc.pthread.SpawnNext;
import io.github.clonepath.glibc.pthread.StackCacheInfo;
import io.github.clonepath.glibc.pthread.StartRoutine;
import io.github.clonepath.glibc.pthread.ThreadStack;
import io.github.clonepath.kernel.syscall.Continuation;
import io.github.clonepath.kernel.syscall.UserContext;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One process's NPTL: the state glibc keeps per process (the descriptors, the stack lists, the
 * default attributes, {@code __nptl_nthreads}, whether a second thread was ever made) and the
 * {@link Libc} door onto the classes that mirror glibc's files. Each call is handed to the class of
 * the real file: {@link PthreadCreate}, {@link StartThread}, {@link PthreadJoin}, {@link
 * PthreadDetach}, {@link Fork}, {@link Spawni} and the others listed in the package tour.
 */
public final class Nptl implements Libc {
  final LibcConfig config;
  final StackCache stacks;

  /** malloc's arenas, as a thread's first malloc meets them. */
  final MallocArena arenas;

  final Map<Long, Tcb> descriptors;

  /** {@code __default_pthread_attr}: replaced whole by pthread_setattr_default_np. */
  PthreadAttr defaultAttr;

  /** The main thread's descriptor, set by {@link NptlInit#initTls}. */
  Tcb main;

  /** {@code __nptl_nthreads}: the threads glibc counts. */
  int nthreads;

  /** No thread was created yet, so the first pthread_create runs {@code late_init}. */
  boolean singleThreaded;

  /** 2.41's {@code clone3_supported}: cleared by the first ENOSYS of clone3. */
  boolean clone3Supported = true;

  private final NptlFreeTcb freeTcb;
  private final StartThread startThread;
  private final PthreadCreate create;
  private final PthreadJoin join;
  private final PthreadDetach detach;
  private final PthreadGetattrNp getattr;
  private final PthreadSigmask sigmask;
  private final PthreadSetattrDefaultNp setattrDefault;
  private final Abort abort;
  private final Fork fork;
  private final Spawni spawni;

  /** The process's loader state: what it dlopen'ed after start-up. */
  final DlOpen dl;

  /** The lazily loaded unwinder. */
  final UnwindLink unwindLink;

  final Unwind unwind;
  private final PthreadExit exit;
  private final PthreadCancel cancel;
  private final Cancellation cancellation;

  /** pthread_cancel's {@code init_sigcancel}: the SIGCANCEL handler is installed. */
  boolean sigcancelInstalled;

  private Nptl(
      LibcConfig config,
      StackCache stacks,
      Map<Long, Tcb> descriptors,
      PthreadAttr defaultAttr,
      MallocArena arenas,
      DlOpen dl) {
    this.config = config;
    this.stacks = stacks;
    this.arenas = arenas;
    this.descriptors = descriptors;
    this.defaultAttr = defaultAttr;
    AllocateStack allocator = new AllocateStack(config, stacks, descriptors, arenas);
    this.freeTcb = new NptlFreeTcb(stacks);
    this.startThread = new StartThread(this, allocator, freeTcb);
    this.create = new PthreadCreate(this, allocator, startThread);
    this.join = new PthreadJoin(this, freeTcb);
    this.detach = new PthreadDetach(this, freeTcb);
    this.getattr = new PthreadGetattrNp(this);
    this.sigmask = new PthreadSigmask();
    this.setattrDefault = new PthreadSetattrDefaultNp(this);
    this.abort = new Abort(sigmask);
    this.fork = new Fork(this);
    this.spawni = new Spawni(this);
    this.dl = dl;
    this.unwindLink = new UnwindLink(dl, arenas);
    this.unwind = new Unwind(unwindLink, startThread);
    this.exit = new PthreadExit(unwindLink, unwind, startThread);
    this.cancel = new PthreadCancel(this);
    this.cancellation = new Cancellation(unwind);
    stacks.onUnmap(t -> descriptors.remove(t.pd, t));
  }

  /**
   * Runs the process start-up and returns the state.
   *
   * @param ctx the main thread
   * @param config the configuration
   * @return the process's NPTL
   */
  public static Nptl start(UserContext ctx, LibcConfig config) {
    Nptl n =
        new Nptl(
            config,
            new StackCache(config.stackCacheSize()),
            new HashMap<>(),
            new PthreadAttr(),
            new MallocArena(),
            new DlOpen());
    n.nthreads = 1;
    n.singleThreaded = true;
    NptlInit init = new NptlInit(n);
    init.initTls(ctx);
    if (config.version() == GlibcVersion.GLIBC_2_31) {
      init.pthreadInitializeMinimal(ctx);
    } else {
      init.pthreadEarlyInit(ctx);
    }
    return n;
  }

  /**
   * The forked child's copy of the parent's state: its memory, and so its descriptors and stack
   * lists, are copies.
   */
  static Nptl forkCopy(Nptl parent, Tcb forking) {
    Map<Tcb, Tcb> copies = new IdentityHashMap<>();
    Map<Long, Tcb> descriptors = new HashMap<>();
    for (Tcb t : parent.descriptors.values()) {
      Tcb c = t.copy();
      copies.put(t, c);
      descriptors.put(c.pd, c);
    }
    Nptl n =
        new Nptl(
            parent.config,
            new StackCache(parent.stacks, copies),
            descriptors,
            new PthreadAttr(parent.defaultAttr),
            parent.arenas.forkCopy(copies, forking),
            parent.dl.forkCopy());
    n.unwindLink.libgcc = parent.unwindLink.libgcc;
    n.unwind.regsizesDone = parent.unwind.regsizesDone;
    n.sigcancelInstalled = parent.sigcancelInstalled;
    n.main = copies.get(parent.main);
    n.nthreads = parent.nthreads;
    n.singleThreaded = parent.singleThreaded;
    n.clone3Supported = parent.clone3Supported;
    return n;
  }

  // ------------------------------------------------------------------ accessors

  @Override
  public LibcConfig config() {
    return config;
  }

  @Override
  public long mainThread() {
    return main.pd;
  }

  @Override
  public PthreadAttr pthreadGetattrDefaultNp() {
    return new PthreadAttr(defaultAttr);
  }

  @Override
  public int pthreadSetattrDefaultNp(PthreadAttr attr) {
    return setattrDefault.pthreadSetattrDefaultNpImpl(attr);
  }

  @Override
  public long pthreadAttrGetstacksize(PthreadAttr attr) {
    return attr.stacksize() != 0 ? attr.stacksize() : defaultAttr.stacksize();
  }

  /** The stack lists, for tests and views. */
  StackCache stacks() {
    return stacks;
  }

  /** The number of threads glibc counts ({@code __nptl_nthreads}). */
  int nthreads() {
    return nthreads;
  }

  /** Descriptors by address, for tests. */
  Map<Long, Tcb> descriptors() {
    return descriptors;
  }

  private Tcb self(long self) {
    Tcb t = descriptors.get(self);
    if (t == null) {
      throw new IllegalArgumentException(
          String.format("0x%x is not a thread of this process: pass the caller's pthread_t", self));
    }
    return t;
  }

  // ------------------------------------------------------------------ the door

  @Override
  public PthreadCreateResult pthreadCreate(
      UserContext ctx, long self, @Nullable PthreadAttr attr, StartRoutine fn, long arg) {
    return create.pthreadCreateSymbolGlibc2_1(ctx, self(self), attr, fn, arg);
  }

  @Override
  public void pthreadExit(UserContext ctx, long self, long value) {
    exit.pthreadExit(ctx, self(self), value);
  }

  @Override
  public int pthreadCancel(UserContext ctx, long self, long thread) {
    return cancel.pthreadCancel(ctx, self(self), thread);
  }

  @Override
  public void nanosleep(UserContext ctx, long self, long req, long rem, Continuation next) {
    cancellation.nanosleep(ctx, self(self), req, rem, next);
  }

  @Override
  public void exit(UserContext ctx, int status) {
    Exit.exit(ctx, status);
  }

  @Override
  public void pthreadJoin(UserContext ctx, long self, long thread, JoinNext next) {
    join.clockjoinEx(ctx, self(self), thread, 0, true, next);
  }

  @Override
  public void pthreadTryjoinNp(UserContext ctx, long self, long thread, JoinNext next) {
    join.tryjoinNp(ctx, self(self), thread, next);
  }

  @Override
  public void pthreadTimedjoinNp(
      UserContext ctx, long self, long thread, long abstime, JoinNext next) {
    join.timedjoinNp(ctx, self(self), thread, abstime, next);
  }

  @Override
  public int pthreadSigmask(UserContext ctx, long self, int how, long set, long oldset) {
    return sigmask.pthreadSigmaskImpl(ctx, self(self), how, set, oldset);
  }

  @Override
  public void abort(UserContext ctx, long self) {
    abort.abortImpl(ctx, self(self));
  }

  @Override
  public int pthreadDetach(UserContext ctx, long self, long thread) {
    return detach.pthreadDetachImpl(ctx, thread);
  }

  @Override
  @Source(file = "malloc/malloc.c", function = "__libc_malloc", version = "glibc 2.36")
  public void malloc(UserContext ctx, long self, long bytes) {
    Tcb pd = self(self);
    arenas.maybeInitTcache(ctx, pd);
    // no tcache entry of that size yet: the block comes from the thread's arena
    arenas.arenaGet(ctx, pd, bytes);
  }

  @Override
  @Source(file = "malloc/malloc.c", function = "__libc_free", version = "glibc 2.36")
  public void free(UserContext ctx, long self) {
    // the block goes to the caller's tcache; the arena it came from is the chunk's, not the
    // caller's
    arenas.maybeInitTcache(ctx, self(self));
  }

  @Override
  public int pthreadGetattrNp(UserContext ctx, long thread, PthreadAttr attr) {
    return getattr.pthreadGetattrNpImpl(ctx, thread, attr);
  }

  @Override
  public StackCacheInfo stackCache() {
    return new StackCacheInfo(
        stacks.actsize(),
        stacks.maxsize(),
        stacks.cached().stream().map(this::layout).toList(),
        stacks.usedList().stream().map(this::layout).toList(),
        stacks.freeing());
  }

  @Override
  public ThreadStack threadStack(long thread) {
    Tcb t = descriptors.get(thread);
    if (t == null || t.isMain || (t.flags & PthreadAttr.ATTR_FLAG_STACKADDR) != 0) {
      throw new IllegalArgumentException(
          "no thread on a stack glibc mapped at 0x" + Long.toHexString(thread));
    }
    return layout(t);
  }

  private ThreadStack layout(Tcb t) {
    return new ThreadStack(
        t.stackblock,
        t.stackblockSize,
        t.guardsize,
        t.pd + Layout.TLS_TCB_SIZE - config.staticTlsSize(),
        t.pd,
        Layout.TLS_TCB_SIZE);
  }

  @Override
  public long fork(UserContext ctx, long self, ForkChild child) {
    return fork.libcFork(ctx, self(self), child);
  }

  @Override
  public void posixSpawn(UserContext ctx, long self, int exitStatus, SpawnNext next) {
    spawni.spawnix(ctx, self(self), exitStatus, next);
  }
}
