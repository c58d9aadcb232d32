package io.github.clonepath.lab.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * A schedule: the machine's answer at each scheduling point, in order (see {@code Chooser}). Most
 * answers are 0 (what the machine does by itself), so the token names only the others: {@code
 * 7.1-12.2} answers 1 at the 8th point and 2 at the 13th; {@code 0} is the default schedule.
 *
 * @param choices every answer, the default ones included
 */
public record Schedule(List<Integer> choices) {
  /** The default schedule. */
  public static final Schedule DEFAULT = new Schedule(List.of());

  /** Copies the list. */
  public Schedule {
    choices = List.copyOf(choices);
  }

  /**
   * The answer at a point.
   *
   * @param i the point's index
   * @return the answer, 0 past the end
   */
  public int at(int i) {
    return i < choices.size() ? choices.get(i) : 0;
  }

  /**
   * How many answers differ from the default one.
   *
   * @return the count of non-zero answers
   */
  public int deviations() {
    int n = 0;
    for (int c : choices) {
      if (c != 0) {
        n++;
      }
    }
    return n;
  }

  /**
   * The short form that {@code run --schedule} takes back.
   *
   * @return the token
   */
  public String token() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < choices.size(); i++) {
      if (choices.get(i) != 0) {
        sb.append(sb.length() == 0 ? "" : "-").append(i).append('.').append(choices.get(i));
      }
    }
    return sb.length() == 0 ? "0" : sb.toString();
  }

  /**
   * Reads a token.
   *
   * @param token as {@link #token()} writes it
   * @return the schedule
   * @throws IllegalArgumentException if the token is malformed
   */
  public static Schedule parse(String token) {
    if (token.equals("0")) {
      return DEFAULT;
    }
    List<Integer> c = new ArrayList<>();
    for (String part : token.split("-")) {
      String[] ab = part.split("\\.");
      int i;
      int v;
      try {
        if (ab.length != 2) {
          throw new NumberFormatException();
        }
        i = Integer.parseInt(ab[0]);
        v = Integer.parseInt(ab[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bad schedule token '" + token + "': expected POINT.ANSWER parts joined by '-'");
      }
      if (i < c.size() || v <= 0 || i > 1_000_000) {
        throw new IllegalArgumentException(
            "bad schedule token '" + token + "': points must increase and answers be positive");
      }
      while (c.size() < i) {
        c.add(0);
      }
      c.add(v);
    }
    return new Schedule(c);
  }
}
