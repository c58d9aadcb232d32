/**
 * The Go runtime model: how Ms and Gs are born (newproc, wakep, startm, newm, allocm, newm1,
 * newosproc) and the scheduler loop that calls them. Only the public entry points are exported.
 */
module io.github.clonepath.goruntime {
  requires transitive io.github.clonepath.kernel;
  requires transitive io.github.clonepath.glibc;
  requires static org.jspecify;

  exports io.github.clonepath.goruntime;
}
