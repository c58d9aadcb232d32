package io.github.clonepath.glibc.nptl;

import io.github.clonepath.common.Source;
import io.github.clonepath.glibc.pthread.PthreadAttr;
import io.github.clonepath.glibc.pthread.PthreadConstants;

/**
 * nptl/pthread_setattr_default_np.c: replaces the process's default thread attributes, the ones a
 * {@code pthread_create} with a null attribute copies.
 */
final class PthreadSetattrDefaultNp {
  private final Nptl n;

  PthreadSetattrDefaultNp(Nptl n) {
    this.n = n;
  }

  /**
   * {@code pthread_setattr_default_np}: checks the values first (a priority outside the policy's
   * range, a stack size below PTHREAD_STACK_MIN: EINVAL; a stack address: EINVAL, since one stack
   * cannot be every thread's), then swaps in a copy; a stack size of 0 keeps the current default.
   * The swap is made under {@code __default_pthread_attr_lock}, which no other task can hold in the
   * model while this one runs, so the lock is not modeled.
   */
  @Source(
      file = "nptl/pthread_setattr_default_np.c",
      line = 25,
      function = "___pthread_setattr_default_np",
      version = "glibc 2.36")
  int pthreadSetattrDefaultNpImpl(PthreadAttr in) {
    int policy = in.getschedpolicy();
    int priority = in.getschedparam();
    if (priority > 0 && PthreadAttr.checkSchedPriorityAttr(priority, policy) != 0) {
      return Layout.EINVAL;
    }
    if (in.stacksize() != 0
        && Long.compareUnsigned(in.stacksize(), PthreadConstants.PTHREAD_STACK_MIN) < 0) {
      return Layout.EINVAL;
    }
    if ((in.flags() & PthreadAttr.ATTR_FLAG_STACKADDR) != 0) {
      return Layout.EINVAL;
    }
    PthreadAttr temp = new PthreadAttr(in);
    if (temp.stacksize() == 0) {
      temp.setstacksize(n.defaultAttr.stacksize());
    }
    n.defaultAttr = temp;
    return 0;
  }
}
