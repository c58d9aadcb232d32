/** Trace events and source references shared by the three model layers. */
module io.github.clonepath.common {
  requires transitive com.google.common;

  exports io.github.clonepath.common;
}
