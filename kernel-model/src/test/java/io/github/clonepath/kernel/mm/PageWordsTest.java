package io.github.clonepath.kernel.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The per-page word store: zero is absent, ranges drop and copy whole pages only. */
class PageWordsTest {
  private static final long PAGE = MmStruct.PAGE_SIZE;
  private static final long BASE = 0x7f0000000000L;

  @Test
  void aStoreOfZeroForgetsTheWord() {
    PageWords w = new PageWords();
    w.put(BASE + 8, 7);
    w.put(BASE + 12, 9);
    w.put(BASE + 8, 0);
    w.put(BASE + 16, 0);
    assertEquals(0, w.get(BASE + 8));
    assertEquals(9, w.get(BASE + 12));
    assertEquals(1, w.size());
  }

  @Test
  void neighbouringPagesAndTheirLastSlotsStayApart() {
    PageWords w = new PageWords();
    w.put(BASE + PAGE - 4, 1);
    w.put(BASE + PAGE, 2);
    assertEquals(1, w.get(BASE + PAGE - 4));
    assertEquals(2, w.get(BASE + PAGE));
    assertEquals(0, w.get(BASE));
  }

  @Test
  void clearDropsOnlyTheRangeAndCountsWhatItDropped() {
    PageWords w = new PageWords();
    for (long p = 0; p < 4; p++) {
      w.put(BASE + p * PAGE, 1);
      w.put(BASE + p * PAGE + 4, 1);
    }
    assertEquals(4, w.clear(BASE + PAGE, BASE + 3 * PAGE));
    assertEquals(1, w.get(BASE));
    assertEquals(0, w.get(BASE + PAGE));
    assertEquals(0, w.get(BASE + 2 * PAGE + 4));
    assertEquals(1, w.get(BASE + 3 * PAGE));
    assertEquals(4, w.size());
    // a range far wider than the pages held takes the other path: the same result
    w.put(BASE + (1L << 31), 3);
    assertEquals(2, w.clear(BASE + 3 * PAGE, BASE + (1L << 30)));
    assertEquals(3, w.get(BASE + (1L << 31)));
    assertEquals(3, w.size());
  }

  @Test
  void copyTakesTheRangeAndLeavesTheSourceAlone() {
    PageWords from = new PageWords();
    from.put(BASE, 5);
    from.put(BASE + PAGE, 6);
    from.put(BASE + 2 * PAGE, 7);
    PageWords to = new PageWords();
    to.copy(from, BASE + PAGE, BASE + 3 * PAGE);
    assertEquals(0, to.get(BASE));
    assertEquals(6, to.get(BASE + PAGE));
    assertEquals(7, to.get(BASE + 2 * PAGE));
    assertEquals(2, to.size());
    to.put(BASE + PAGE, 0);
    assertEquals(6, from.get(BASE + PAGE));
    assertEquals(3, from.size());
  }

  @Test
  void thePageKeptAsideIsForgottenWhenItsWordsGo() {
    PageWords w = new PageWords();
    w.put(BASE, 1);
    assertEquals(1, w.get(BASE));
    // emptied, then filled again: a new page, not the one kept aside
    w.put(BASE, 0);
    w.put(BASE + 4, 2);
    assertEquals(0, w.get(BASE));
    assertEquals(2, w.get(BASE + 4));
    assertEquals(1, w.size());
    // cleared while kept aside
    assertEquals(1, w.clear(BASE, BASE + PAGE));
    assertEquals(0, w.get(BASE + 4));
    w.put(BASE + 8, 3);
    w.clear();
    assertEquals(0, w.get(BASE + 8));
    // replaced by a copy while kept aside
    PageWords from = new PageWords();
    from.put(BASE + 12, 4);
    w.put(BASE + 16, 5);
    assertEquals(5, w.get(BASE + 16));
    w.copy(from, BASE, BASE + PAGE);
    assertEquals(4, w.get(BASE + 12));
    assertEquals(0, w.get(BASE + 16));
    w.put(BASE + 12, 6);
    assertEquals(4, from.get(BASE + 12));
  }
}
