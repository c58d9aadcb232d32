/**
 * The glibc model: NPTL's pthread_create, allocate_stack and the stack cache, create_thread and
 * start_thread, on the kernel's system-call door. Only the pthread API package is exported.
 */
module io.github.clonepath.glibc {
  requires transitive io.github.clonepath.kernel;
  requires static org.jspecify;

  exports io.github.clonepath.glibc.pthread;

  uses io.github.clonepath.glibc.pthread.LibcFactory;

  provides io.github.clonepath.glibc.pthread.LibcFactory with
      io.github.clonepath.glibc.nptl.NptlFactory;
}
