package io.github.clonepath.lab.compare;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names thread ids inside strace text, the same way for the glibc and the Go comparisons. */
final class TidNames {
  private static final Pattern PARENT_TID = Pattern.compile("parent_tid=\\[(\\d+)\\]");

  private TidNames() {}

  /**
   * Replaces the tid clone3 stored through {@code parent_tid} ({@code => {parent_tid=[2876]}}) by
   * its name.
   *
   * @param text one call's strace text
   * @param tids thread names by tid; an unknown tid becomes {@code T?}
   * @return the text with the tid named
   */
  static String parentTid(String text, Map<Integer, String> tids) {
    Matcher pt = PARENT_TID.matcher(text);
    if (!pt.find()) {
      return text;
    }
    return text.substring(0, pt.start())
        + "parent_tid=["
        + tids.getOrDefault(Integer.parseInt(pt.group(1)), "T?")
        + "]"
        + text.substring(pt.end());
  }
}
