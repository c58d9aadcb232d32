package io.github.clonepath.kernel.mm;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The 32-bit words stored in one address space (or one shared object), one {@code int[]} per page,
 * as the page frames the page tables point at: a word is found by one hash lookup of its page and
 * an index, with no boxed key per word. A page holds words only after a non-zero store; a page
 * whose words all went back to zero is freed, so an empty store costs nothing.
 *
 * <p>The page found last is kept aside (model-only, as {@link PresentPages} keeps its last page): a
 * thread loads and stores the same few words of its TCB, its stack and the clone3 arguments again
 * and again, so most accesses skip the hash lookup.
 *
 * <p>Keys are byte addresses (or offsets into a shared object); {@link #clear(long, long)} drops a
 * range, as zapping page-table entries does.
 */
final class PageWords {
  private static final int SHIFT = MmStruct.PAGE_SHIFT;
  private static final int SLOTS = (int) (MmStruct.PAGE_SIZE / Integer.BYTES);

  /** A page's words and how many of them are non-zero. */
  private static final class Page {
    final int[] words = new int[SLOTS];
    int used;
  }

  private final HashMap<Long, Page> pages = new HashMap<>();
  private int size;
  private long lastKey = -1;
  private @Nullable Page last;

  private static int slot(long addr) {
    return (int) ((addr & (MmStruct.PAGE_SIZE - 1)) >>> 2);
  }

  /** The word at {@code addr}, 0 where nothing was stored. */
  int get(long addr) {
    Page p = page(addr >>> SHIFT);
    return p == null ? 0 : p.words[slot(addr)];
  }

  /** The page of words at page number {@code key}, or null; a page found is kept aside. */
  private @Nullable Page page(long key) {
    if (key == lastKey) {
      return last;
    }
    Page p = pages.get(key);
    if (p != null) {
      lastKey = key;
      last = p;
    }
    return p;
  }

  private void forgetLast() {
    lastKey = -1;
    last = null;
  }

  /** Stores {@code value} at {@code addr}; storing 0 forgets the word. */
  void put(long addr, int value) {
    long key = addr >>> SHIFT;
    Page p = page(key);
    if (p == null) {
      if (value == 0) {
        return;
      }
      p = new Page();
      pages.put(key, p);
      lastKey = key;
      last = p;
    }
    int i = slot(addr);
    int old = p.words[i];
    p.words[i] = value;
    if (old == 0 && value != 0) {
      p.used++;
      size++;
    } else if (old != 0 && value == 0) {
      p.used--;
      size--;
      if (p.used == 0) {
        pages.remove(key);
        forgetLast();
      }
    }
  }

  /**
   * Forgets the words in [{@code start}, {@code end}), page-aligned bounds.
   *
   * @return how many non-zero words were dropped
   */
  int clear(long start, long end) {
    forgetLast();
    long first = start >>> SHIFT;
    long last = end >>> SHIFT;
    int dropped = 0;
    if (last - first > pages.size()) {
      for (Iterator<Map.Entry<Long, Page>> it = pages.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Long, Page> e = it.next();
        if (e.getKey() >= first && e.getKey() < last) {
          dropped += e.getValue().used;
          it.remove();
        }
      }
    } else {
      for (long k = first; k < last; k++) {
        Page p = pages.remove(k);
        if (p != null) {
          dropped += p.used;
        }
      }
    }
    size -= dropped;
    return dropped;
  }

  /** Copies {@code from}'s words in [{@code start}, {@code end}) here, as fork copies a page. */
  void copy(PageWords from, long start, long end) {
    forgetLast();
    long first = start >>> SHIFT;
    long last = end >>> SHIFT;
    if (last - first > from.pages.size()) {
      for (Map.Entry<Long, Page> e : from.pages.entrySet()) {
        if (e.getKey() >= first && e.getKey() < last) {
          copyPage(e.getKey(), e.getValue());
        }
      }
    } else {
      for (long k = first; k < last; k++) {
        Page p = from.pages.get(k);
        if (p != null) {
          copyPage(k, p);
        }
      }
    }
  }

  private void copyPage(long key, Page src) {
    Page p = new Page();
    System.arraycopy(src.words, 0, p.words, 0, SLOTS);
    p.used = src.used;
    Page old = pages.put(key, p);
    size += p.used - (old == null ? 0 : old.used);
  }

  /** Forgets every word. */
  void clear() {
    forgetLast();
    pages.clear();
    size = 0;
  }

  /** The number of non-zero words. */
  int size() {
    return size;
  }
}
