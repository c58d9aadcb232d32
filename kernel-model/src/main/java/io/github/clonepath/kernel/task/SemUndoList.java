package io.github.clonepath.kernel.task;

/**
 * {@code struct sem_undo_list}: the System V semaphore adjustments undone at exit, shared between
 * tasks created with CLONE_SYSVSEM, with its {@code refcnt}. No semaphore operations are modeled;
 * the list exists so that CLONE_SYSVSEM sharing and its release are observable.
 */
public final class SemUndoList {
  public final int id;
  public int refcnt = 1;

  /**
   * A new list with one reference.
   *
   * @param id identity
   */
  public SemUndoList(int id) {
    this.id = id;
  }
}
