package io.github.clonepath.kernel.mm;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The pages one mm's page tables map, by page: writable, or read-only (the zero page after a read
 * fault, or copy-on-write after a fork). A user access looks its page up here on every load and
 * store, so the lookup is a hash of the page number, and the page looked up last is kept aside
 * (model-only: a thread touches the same few words of its TCB and stack again and again).
 *
 * <p>{@link #clear(long, long)} drops a range, as zapping page-table entries does; {@link
 * #writeProtect} marks a range read-only in both mms, as fork's copy_page_range does for private
 * pages.
 */
final class PresentPages {
  private static final int SHIFT = MmStruct.PAGE_SHIFT;

  private final HashMap<Long, Boolean> pages = new HashMap<>();
  private long lastPage = -1;
  private boolean lastWritable;

  /** 1 if the page of {@code addr} is mapped writable, 0 if read-only, -1 if not mapped. */
  int get(long addr) {
    long key = addr >>> SHIFT;
    if (key == lastPage) {
      return lastWritable ? 1 : 0;
    }
    Boolean w = pages.get(key);
    if (w == null) {
      return -1;
    }
    lastPage = key;
    lastWritable = w;
    return w ? 1 : 0;
  }

  /** Maps the page of {@code addr}, writable or read-only. */
  void put(long addr, boolean writable) {
    long key = addr >>> SHIFT;
    pages.put(key, writable);
    lastPage = key;
    lastWritable = writable;
  }

  /** Unmaps the pages in [{@code start}, {@code end}), page-aligned bounds. */
  void clear(long start, long end) {
    lastPage = -1;
    long first = start >>> SHIFT;
    long last = end >>> SHIFT;
    if (last - first > pages.size()) {
      pages.keySet().removeIf(k -> k >= first && k < last);
    } else {
      for (long k = first; k < last; k++) {
        pages.remove(k);
      }
    }
  }

  /**
   * copy_page_range for a private range: every page {@code from} maps in [{@code start}, {@code
   * end}) becomes read-only there and is mapped read-only here, for copy-on-write.
   */
  void writeProtect(PresentPages from, long start, long end) {
    from.lastPage = -1;
    lastPage = -1;
    long first = start >>> SHIFT;
    long last = end >>> SHIFT;
    if (last - first > from.pages.size()) {
      for (Iterator<Map.Entry<Long, Boolean>> it = from.pages.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<Long, Boolean> e = it.next();
        if (e.getKey() >= first && e.getKey() < last) {
          e.setValue(false);
          pages.put(e.getKey(), false);
        }
      }
    } else {
      for (long k = first; k < last; k++) {
        if (from.pages.containsKey(k)) {
          from.pages.put(k, false);
          pages.put(k, false);
        }
      }
    }
  }
}
