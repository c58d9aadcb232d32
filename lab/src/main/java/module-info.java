/**
 * The lab: the scenario language and its built-in catalogue, the strace parser and the comparators
 * with real captures, the walkthrough topics and formats, the diagram kinds and writers, schedule
 * exploration, and the census of Go thread births; {@link io.github.clonepath.lab.Lab} is their
 * Java API. It reaches each model only through its door.
 */
module io.github.clonepath.lab {
  requires transitive io.github.clonepath.common;
  requires transitive io.github.clonepath.kernel;
  requires transitive io.github.clonepath.glibc;
  requires transitive io.github.clonepath.goruntime;

  exports io.github.clonepath.lab;
  exports io.github.clonepath.lab.clone;
  exports io.github.clonepath.lab.compare;
  exports io.github.clonepath.lab.diagram;
  exports io.github.clonepath.lab.explore;
  exports io.github.clonepath.lab.quiz;
  exports io.github.clonepath.lab.scenario;
  exports io.github.clonepath.lab.sys;
  exports io.github.clonepath.lab.walk;
}
