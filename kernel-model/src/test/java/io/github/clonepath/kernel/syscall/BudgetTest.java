package io.github.clonepath.kernel.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BudgetTest {
  private static void yieldForever(UserContext ctx) {
    ctx.schedYield((c, r) -> yieldForever(c));
  }

  private static void computeForever(UserContext ctx) {
    ctx.compute(1_000_000, (c, r) -> computeForever(c));
  }

  @Test
  void aTaskThatYieldsForeverStopsAtTheStepBudget() {
    Machine m = Machine.boot(MachineConfig.DEFAULT);
    m.setBudget(Budget.DEFAULT.withMaxSteps(1_000));
    m.spawn("spinner", (ctx, r) -> yieldForever(ctx));

    BudgetExceeded e = assertThrows(BudgetExceeded.class, m::run);

    assertEquals(BudgetExceeded.Kind.STEPS, e.kind());
    assertEquals(1_000, e.limit());
    assertTrue(e.getMessage().contains("step budget of 1000"), e.getMessage());
    assertTrue(e.getMessage().contains("spinner["), e.getMessage());
  }

  @Test
  void aTaskThatComputesForeverStopsAtTheTimeBudgetWithoutPassingIt() {
    Machine m = Machine.boot(MachineConfig.DEFAULT);
    m.setBudget(Budget.DEFAULT.withMaxNanos(2_000_000_000L));
    m.spawn("looper", (ctx, r) -> computeForever(ctx));

    BudgetExceeded e = assertThrows(BudgetExceeded.class, m::run);

    assertEquals(BudgetExceeded.Kind.TIME, e.kind());
    assertTrue(e.getMessage().contains("virtual-time budget of 2s"), e.getMessage());
    assertTrue(m.now() <= 2_000_000_000L, "time stops at the budget: " + m.now());
  }

  @Test
  void theDefaultBudgetLetsAFiniteProgramEnd() {
    Machine m = Machine.boot(MachineConfig.DEFAULT);
    m.spawn("short", (ctx, r) -> ctx.compute(10_000_000, (c, x) -> c.exitGroup(0)));

    m.run();

    assertEquals(10_000_000, m.now());
  }

  @Test
  void budgetsBelowOneAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Budget(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Budget(1, 0));
  }
}
