package io.github.clonepath.goruntime;

/**
 * The programs of the reference captures, as the Go model runs them: what each real program does
 * that decides thread and goroutine creation. The model's tests and the capture comparisons of
 * integration-tests share them.
 */
public final class ReferencePrograms {
  private ReferencePrograms() {}

  /** a_hello: prints one line. */
  public static GoProgram aHello() {
    return GoProgram.empty().print("hello\n");
  }

  public static GoProgram bSyscalls(int n) {
    return GoProgram.empty()
        .print("start: os_threads=%threads n=" + n + "\n")
        .go("main.main.func1", GoProgram.empty().syscall(1_000_000_000L), n)
        .sleep(300_000_000L)
        .print("while " + n + " goroutines block in read(2): os_threads=%threads\n")
        .sleep(800_000_000L)
        .print("after release: os_threads=%threads\n");
  }

  /**
   * c2_locked_spawn: LockOSThread in init, three 300 ms spinners 20 ms apart (wg.Wait as a sleep).
   */
  public static GoProgram c2LockedSpawn() {
    GoProgram p = GoProgram.empty().initLockOSThread().print("main\n");
    for (int i = 0; i < 3; i++) {
      p = p.go("main.spin", GoProgram.empty().compute(300_000_000L), 1).sleep(20_000_000L);
      p = p.print("after go #" + (i + 1) + ": os_threads=%threads\n");
    }
    return p.sleep(400_000_000L).print("end: os_threads=%threads\n");
  }

  public static GoProgram eLimit() {
    return GoProgram.empty()
        .setMaxThreads(20)
        .go("main.main.func1", GoProgram.empty().syscall(10_000_000_000L), 50)
        .sleep(1_000_000_000L)
        .print("not reached\n");
  }

  /** d_cgo: 4 goroutines in C usleep(300 ms), main sleeps 150 ms (wg.Wait as a sleep). */
  public static GoProgram dCgo() {
    return GoProgram.empty()
        .print("start: os_threads=%threads\n")
        .go("main.main.func1", GoProgram.empty().cgoCall(300_000_000L), 4)
        .sleep(150_000_000L)
        .print("while 4 goroutines sit in C: os_threads=%threads\n")
        .sleep(300_000_000L)
        .print("after: os_threads=%threads\n");
  }
}
